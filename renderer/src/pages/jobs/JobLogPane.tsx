// Runs in: renderer.
// The open job: its name, state and progress, a Cancel button while it runs, and its log,
// followed live until the job ends. Keyed by job by its owner, so each job gets a fresh log.
import { useEffect, useRef, type JSX } from 'react'
import { jobActions } from '../../actions'
import { ErrorBanner } from '../../components/ErrorBanner'
import { CloseIcon } from '../../components/icons'
import { LogView } from '../../components/LogView'
import { Spinner } from '../../components/Spinner'
import { useJobLog, type JobLogState } from '../../hooks/useJobLog'
import { isActive, jobKey, jobName, outcome, progressText, type JobRecord } from '../../lib/jobs'
import { jobSelectors, useJobs } from '../../stores/jobs'
import { JobStateBadge } from './JobStateBadge'

const LOG_STATE: Record<JobLogState, string> = {
  loading: 'Loading…',
  following: 'Following',
  ended: 'Complete',
  error: 'Stopped'
}

export function JobLogPane({
  job,
  onCancel
}: {
  job: JobRecord
  onCancel: (job: JobRecord) => void
}): JSX.Element {
  const log = useJobLog(job.server, job.id)
  const cancelling = useJobs(jobSelectors.cancel(jobKey(job)))?.status === 'running'
  const pane = useRef<HTMLElement>(null)
  useEffect(() => {
    pane.current?.scrollIntoView?.({ block: 'nearest' })
  }, [])
  const active = isActive(job.state)
  const name = jobName(job)
  return (
    <section
      ref={pane}
      className="job-log"
      aria-labelledby="job-log-title"
      data-job-id={job.id}
      data-state={job.state}
    >
      <header className="job-log-header">
        <JobStateBadge state={job.state} />
        <h3 id="job-log-title" className="job-log-title">
          {name}
        </h3>
        <span className="muted mono">
          {job.server} · {job.id}
        </span>
        <span className="actions-gap" />
        {active && (
          <button
            type="button"
            className="button button-danger-quiet button-small"
            onClick={() => onCancel(job)}
            disabled={cancelling}
          >
            {cancelling ? 'Cancelling…' : 'Cancel…'}
          </button>
        )}
        <button
          type="button"
          className="icon-button"
          onClick={jobActions.closeLog}
          aria-label="Close the log"
          title="Close the log (Esc)"
        >
          <CloseIcon />
        </button>
      </header>
      {active ? (
        <div className="job-log-progress">
          <progress
            className="progress"
            max={100}
            value={job.state === 'running' ? (job.progress ?? undefined) : 0}
            aria-label={`Progress of ${name}`}
          />
          <span className="active-job-step">{progressText(job)}</span>
        </div>
      ) : (
        outcome(job) && <p className="job-log-outcome muted">{outcome(job)}</p>
      )}
      {log.error && (
        <ErrorBanner title="The log stopped updating." error={log.error} onRetry={log.retry} />
      )}
      <LogView
        buffer={log.buffer}
        label={`Log of ${name}`}
        fileName={`${job.server}-${job.id}.log`}
        emptyText={
          log.state === 'loading' ? 'Loading the log…' : 'The job has printed nothing yet.'
        }
        onClose={jobActions.closeLog}
        fitContent
        status={
          <span className={`log-state log-state-${log.state}`} data-log-state={log.state}>
            {log.state === 'loading' && <Spinner size={12} />}
            {LOG_STATE[log.state]}
          </span>
        }
      />
    </section>
  )
}
