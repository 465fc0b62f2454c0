// Runs in: main, and in the renderer through the API contract (pure zod, no Node imports).
// A cron entry in Pier's crontab block, as `pier cron list` reports it.
import { z } from 'zod'

export const cronName = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'A cron entry name is 1-63 lowercase letters, digits or "-".')

export const cronEntrySchema = z.object({
  name: cronName,
  schedule: z.string(),
  running: z.boolean(),
  /** Unix seconds of the last run's start and end; null before the first run. */
  lastStartedAt: z.number().int().nullable(),
  lastEndedAt: z.number().int().nullable(),
  lastExitCode: z.number().int().nullable(),
  lastDurationSec: z.number().int().nullable(),
  runs: z.number().int(),
  /** Times cron fired while the previous run still held the entry's lock. */
  skipped: z.number().int()
})
export type CronEntry = z.infer<typeof cronEntrySchema>
