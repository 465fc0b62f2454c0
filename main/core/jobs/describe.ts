// Runs in: main, CLI, headless server, and the renderer (pure: the in-app toast).
// One wording for "a job ended", shared by system notifications, the CLI and the in-app toast.
import type { JobRecord } from './model'

export function describeFinishedJob(
  server: string,
  job: Pick<JobRecord, 'id' | 'title' | 'state' | 'exitCode' | 'reason' | 'startedAt' | 'endedAt'>
): { title: string; body: string } {
  const name = job.title ?? `Job ${job.id}`
  const took =
    job.startedAt !== null && job.endedAt !== null ? ` after ${job.endedAt - job.startedAt}s` : ''
  switch (job.state) {
    case 'succeeded':
      return { title: `${name} finished`, body: `On ${server}${took}.` }
    case 'cancelled':
      return { title: `${name} was cancelled`, body: `On ${server}${took}.` }
    default:
      return {
        title: `${name} failed`,
        body: `On ${server}${took}: ${job.reason ?? `exit code ${job.exitCode ?? '?'}`}.`
      }
  }
}
