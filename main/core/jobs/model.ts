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
  reason: z.string().nullable()
})
export type JobStatus = z.infer<typeof jobStatusSchema>

export const TERMINAL: ReadonlySet<JobState> = new Set(['succeeded', 'failed', 'cancelled'])
