// Runs in: main, and in the renderer through the API contract (pure zod, no Node imports).
// A job as the server's status.json describes it (written by remote-scripts/job-run.sh).
import { z } from 'zod'

export const jobStates = ['queued', 'running', 'succeeded', 'failed', 'cancelled'] as const
export type JobState = (typeof jobStates)[number]

export const jobId = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'A job id is lowercase letters, digits and "-".')
export const lockKey = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'A lock key is 1-63 lowercase letters, digits or "-".')

export const jobStatusSchema = z.object({
  id: jobId,
  key: lockKey,
  state: z.enum(jobStates),
  pid: z.number().int().nullable(),
  exitCode: z.number().int().nullable(),
  queuedAt: z.number().int(),
  startedAt: z.number().int().nullable(),
  endedAt: z.number().int().nullable(),
  reason: z.string().nullable(),
  /** What the script last reported with `::pier step NAME` / `::pier progress N` (0-100). */
  step: z.string().nullable().default(null),
  progress: z.number().int().min(0).max(100).nullable().default(null),
  /** A title the server gave a job it started itself (auto-deploy, a CI key's deploy). */
  title: z.string().nullable().default(null)
})
export type JobStatus = z.infer<typeof jobStatusSchema>

/** A job as this laptop remembers it: the server's status plus what only Pier knows. */
export const jobRecordSchema = jobStatusSchema.extend({
  serverId: z.string(),
  server: z.string(),
  /** A human name for the job ("Deploy web", "Backup db"); null for an ad-hoc job. */
  title: z.string().nullable(),
  /** Started from this Pier, so the user wants to hear when it ends. */
  startedHere: z.boolean(),
  /** Bytes of the log copied to this laptop so far. */
  localBytes: z.number().int()
})
export type JobRecord = z.infer<typeof jobRecordSchema>

export const secretName = z
  .string()
  .regex(/^[A-Z][A-Z0-9_]{0,63}$/, 'A secret name is 1-64 capital letters, digits or "_".')

export const TERMINAL: ReadonlySet<JobState> = new Set(['succeeded', 'failed', 'cancelled'])
