// Runs in: renderer.
// The newest job with a lock key on a server (a database's create or restore, a backup run), as
// a progress bar and the step its script reports, from the live job list. With a job id, that
// job; without, the newest active one under the key, so a create or restore that is still
// waiting for its answer shows what it is doing.
import type { JSX } from 'react'
import { isActive, outcome, progressText, type JobRecord } from '../../lib/jobs'
import { jobSelectors, useJobs } from '../../stores/jobs'

export function findJob(
  jobs: readonly JobRecord[],
  by: { server: string; key?: string; jobId?: string | null }
): JobRecord | null {
  if (by.jobId) return jobs.find((j) => j.server === by.server && j.id === by.jobId) ?? null
  const mine = jobs
    .filter((j) => j.server === by.server && j.key === by.key && isActive(j.state))
    .sort((a, b) => (b.queuedAt ?? 0) - (a.queuedAt ?? 0))
  return mine[0] ?? null
}

export function JobProgress({
  server,
  jobKey,
  jobId,
  label
}: {
  server: string
  jobKey?: string
  jobId?: string | null
  label: string
}): JSX.Element | null {
  const jobs = useJobs(jobSelectors.jobs)
  const job = findJob(jobs, { server, key: jobKey, jobId })
  if (!job) return null
  const active = isActive(job.state)
  return (
    <div
      className="job-log-progress db-job-progress"
      data-job-id={job.id}
      data-job-state={job.state}
    >
      <progress
        className="progress"
        max={100}
        value={
          job.state === 'succeeded'
            ? 100
            : active
              ? (job.progress ?? undefined)
              : (job.progress ?? 0)
        }
        aria-label={label}
      />
      <span className="active-job-step">
        {active
          ? progressText(job)
          : job.state === 'succeeded'
            ? 'Done'
            : outcome(job) || job.state}
      </span>
    </div>
  )
}
