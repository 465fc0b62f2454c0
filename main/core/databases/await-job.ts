// Runs in: main, CLI, headless server.
// Waits for a job to end through dropped links (it goes on on the server meanwhile) and reads
// the reason a database script gave: its last "error: …" line.
import { PierError } from '../errors'
import { TERMINAL, type JobStatus } from '../jobs/model'
import type { JobsService } from '../jobs/service'

export interface JobEnd {
  job: JobStatus
  /** The job's output (without timestamps), for the caller to read results from. */
  log: string
  /** The script's own words for a failure, else the runner's reason. */
  reason: string | null
}

export async function awaitJob(
  jobs: JobsService,
  server: string,
  jobId: string,
  signal?: AbortSignal
): Promise<JobEnd> {
  const since = Date.now()
  let job: JobStatus
  for (;;) {
    if (signal?.aborted)
      throw new PierError(
        'internal',
        'Stopped waiting.',
        `The job goes on on the server: pier job logs ${server} ${jobId} --follow`
      )
    try {
      job = await jobs.status(server, jobId)
      if (TERMINAL.has(job.state)) break
    } catch (err) {
      if (!(err instanceof PierError)) throw err
      if (err.code === 'not_found' && Date.now() - since > 15_000) throw err
    }
    await new Promise((r) => setTimeout(r, 500))
  }
  let raw = ''
  for await (const chunk of jobs.logs(server, jobId)) raw += chunk.data
  // Each log line starts with the runner's UTC timestamp.
  const log = raw.replace(/^\S+ /gm, '')
  const errors = [...log.matchAll(/^error: (.*)$/gm)]
  const tail = log.trim().split('\n').slice(-3).join(' / ').slice(0, 400)
  const reason =
    job.state === 'succeeded'
      ? null
      : (errors.at(-1)?.[1] ?? `${job.reason ?? 'failed'}${tail ? `: ${tail}` : ''}`)
  return { job, log, reason }
}
