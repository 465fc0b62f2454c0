// Runs in: renderer.
// An app's deploy (or rollback) job: its state, the deploy's steps with the one it is on, a
// progress bar from the step and progress the script reported, and its live log (the job log
// view, followed until the job ends). Keyed by job by its owner, so each job gets a fresh log.
import type { JSX } from 'react'
import { ErrorBanner } from '../../components/ErrorBanner'
import { LogView } from '../../components/LogView'
import { Spinner } from '../../components/Spinner'
import { useJobLog, type JobLogState } from '../../hooks/useJobLog'
import { deployStepNames, deploySteps } from '../../lib/apps'
import { isActive, jobName, outcome, progressText, type JobRecord } from '../../lib/jobs'
import { JobStateBadge } from '../jobs/JobStateBadge'

const LOG_STATE: Record<JobLogState, string> = {
  loading: 'Loading…',
  following: 'Following',
  ended: 'Complete',
  error: 'Stopped'
}

export function DeployPanel({
  job,
  sourceType,
  onCluster = false
}: {
  job: JobRecord
  sourceType: string
  onCluster?: boolean
}): JSX.Element {
  const log = useJobLog(job.server, job.id)
  const steps = deploySteps(deployStepNames(sourceType, onCluster), job)
  const active = isActive(job.state)
  const name = jobName(job)
  return (
    <section
      className="deploy-panel"
      aria-labelledby="deploy-title"
      data-job-id={job.id}
      data-state={job.state}
    >
      <header className="job-log-header">
        <JobStateBadge state={job.state} />
        <h3 id="deploy-title" className="job-log-title">
          {name}
        </h3>
        <span className="muted mono">
          {job.server} · {job.id}
        </span>
      </header>
      <ol className="deploy-steps" aria-label="Deploy steps">
        {steps.map((s) => (
          <li
            key={s.name}
            className={`deploy-step deploy-step-${s.state}`}
            data-step={s.name}
            data-step-state={s.state}
            aria-current={s.state === 'current' ? 'step' : undefined}
          >
            <span className="deploy-step-mark" aria-hidden="true">
              {s.state === 'done'
                ? '✓'
                : s.state === 'failed'
                  ? '✕'
                  : s.state === 'current'
                    ? '•'
                    : ''}
            </span>
            {s.label}
          </li>
        ))}
      </ol>
      {active ? (
        <div className="job-log-progress">
          <progress
            className="progress"
            max={100}
            value={job.state === 'running' ? (job.progress ?? undefined) : 0}
            aria-label={`Progress of ${name}`}
          />
          <span className="active-job-step" data-testid="deploy-progress">
            {progressText(job)}
          </span>
        </div>
      ) : (
        <div className="job-log-progress">
          <progress
            className="progress"
            max={100}
            value={job.state === 'succeeded' ? 100 : (job.progress ?? 0)}
            aria-label={`Progress of ${name}`}
          />
          <span className="active-job-step" data-testid="deploy-outcome">
            {job.state === 'succeeded' ? 'Done' : outcome(job) || job.state}
          </span>
        </div>
      )}
      {log.error && (
        <ErrorBanner title="The log stopped updating." error={log.error} onRetry={log.retry} />
      )}
      <LogView
        buffer={log.buffer}
        label={`Log of ${name}`}
        fileName={`${job.server}-${job.id}.log`}
        emptyText={
          log.state === 'loading' ? 'Loading the log…' : 'The deploy has printed nothing yet.'
        }
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
