// Runs in: renderer.
// Jobs still running or waiting for their lock: what step each reported, its progress bar, how
// long it has run, and a way to cancel it. Script-reported text (step names) is text only.
import type { JSX } from 'react'
import { jobActions } from '../../actions'
import { Spinner } from '../../components/Spinner'
import { useNow } from '../../hooks/useNow'
import {
  formatDuration,
  isoOf,
  jobDuration,
  jobKey,
  jobName,
  progressText,
  type JobRecord
} from '../../lib/jobs'
import { exactTime } from '../../lib/time'
import { jobSelectors, refOf, useJobs } from '../../stores/jobs'
import { JobStateBadge } from './JobStateBadge'

function ActiveJob({
  job,
  now,
  showServer,
  selected,
  onCancel
}: {
  job: JobRecord
  now: number
  showServer: boolean
  selected: boolean
  onCancel: (job: JobRecord) => void
}): JSX.Element {
  const cancelling = useJobs(jobSelectors.cancel(jobKey(job)))?.status === 'running'
  return (
    <li
      className={`active-job${selected ? ' is-selected' : ''}`}
      data-job-id={job.id}
      data-state={job.state}
    >
      <div className="active-job-head">
        <JobStateBadge state={job.state} />
        <button
          type="button"
          className="link-button active-job-name"
          onClick={() => jobActions.openLog(refOf(job))}
          aria-current={selected ? 'true' : undefined}
          title="Show the log"
        >
          {jobName(job)}
        </button>
        {showServer && <span className="tag">{job.server}</span>}
        <span className="tag mono" title="Jobs with the same key run one at a time">
          {job.key}
        </span>
        <span className="actions-gap" />
        <span className="muted" title={exactTime(isoOf(job.startedAt ?? job.queuedAt))}>
          {job.state === 'running' ? formatDuration(jobDuration(job, now / 1000)) : 'Waiting'}
        </span>
        <button
          type="button"
          className="button button-danger-quiet button-small"
          onClick={() => onCancel(job)}
          disabled={cancelling}
        >
          {cancelling && <Spinner size={12} />}
          {cancelling ? 'Cancelling…' : 'Cancel…'}
        </button>
      </div>
      <div className="active-job-progress">
        {job.state === 'running' ? (
          <progress
            className="progress"
            max={100}
            value={job.progress ?? undefined}
            aria-label={`Progress of ${jobName(job)}`}
          />
        ) : (
          <progress className="progress progress-waiting" max={100} value={0} aria-hidden="true" />
        )}
        <span className="active-job-step" data-testid="job-step">
          {progressText(job)}
        </span>
      </div>
    </li>
  )
}

export function ActiveJobs({
  jobs,
  showServer,
  selectedKey,
  onCancel
}: {
  jobs: JobRecord[]
  showServer: boolean
  selectedKey: string | null
  onCancel: (job: JobRecord) => void
}): JSX.Element {
  const now = useNow(1000)
  return (
    <ul className="active-jobs" aria-label="Running and queued jobs">
      {jobs.map((job) => (
        <ActiveJob
          key={jobKey(job)}
          job={job}
          now={now}
          showServer={showServer}
          selected={selectedKey === jobKey(job)}
          onCancel={onCancel}
        />
      ))}
    </ul>
  )
}
