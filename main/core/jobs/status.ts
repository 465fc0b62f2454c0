// Runs in: main, CLI, headless server.
// Reads remote-scripts/job-list.sh: each job's status.json line, then whether its process is
// alive. A job the server still calls queued or running whose process is gone (a reboot, a kill
// from outside) is reported as failed with that reason, since nothing will ever finish it.
import { z } from 'zod'
import { jobStatusSchema, TERMINAL, type JobStatus } from './model'

const aliveLine = z.object({
  id: z.string(),
  alive: z.boolean(),
  step: z.string().nullable().optional(),
  progress: z.number().int().nullable().optional(),
  title: z.string().max(200).nullable().optional()
})

export class JobListError extends Error {}

export function parseJobList(output: string): JobStatus[] {
  const jobs: JobStatus[] = []
  let pending: JobStatus | null = null
  let done = false
  for (const [i, line] of output.split('\n').entries()) {
    if (line.trim() === '') continue
    let json: unknown
    try {
      json = JSON.parse(line)
    } catch {
      throw new JobListError(`line ${i + 1} is not JSON: ${line.slice(0, 80)}`)
    }
    if ((json as { done?: unknown }).done === true) {
      done = true
      continue
    }
    const alive = aliveLine.safeParse(json)
    if (alive.success && pending && alive.data.id === pending.id) {
      const { step, progress, title } = alive.data
      const reported = {
        ...pending,
        title: title ?? null,
        step: step ?? null,
        progress: progress == null ? null : Math.min(100, Math.max(0, progress))
      }
      jobs.push(
        !alive.data.alive && !TERMINAL.has(pending.state)
          ? {
              ...reported,
              state: 'failed',
              reason: 'the job process is gone (host rebooted or killed?)'
            }
          : reported
      )
      pending = null
      continue
    }
    const status = jobStatusSchema.safeParse(json)
    if (!status.success)
      throw new JobListError(`line ${i + 1} is not a job status: ${line.slice(0, 80)}`)
    pending = status.data
  }
  if (!done) throw new JobListError('the job list was cut off')
  return jobs.sort((a, b) => b.queuedAt - a.queuedAt || b.id.localeCompare(a.id))
}
