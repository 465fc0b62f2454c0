// Runs in: renderer.
// The jobs of one server (on its page) or of all servers (the Jobs page): running and queued at
// the top, the history below, and the open job's log under them. Fed by the one `job.watch` the
// app keeps; this panel only filters it.
import { useMemo, useState, type JSX } from 'react'
import { jobActions } from '../../actions'
import { ErrorBanner } from '../../components/ErrorBanner'
import { jobKey, partitionJobs, type JobRecord } from '../../lib/jobs'
import { jobSelectors, useJobs } from '../../stores/jobs'
import { CancelJobDialog } from './CancelJobDialog'
import { ActiveJobs } from './ActiveJobs'
import { JobHistory } from './JobHistory'
import { JobLogPane } from './JobLogPane'

export function JobsPanel({
  serverId,
  emptyText
}: {
  /** Only this server's jobs; all servers' (with a Server column) when absent. */
  serverId?: string
  emptyText: string
}): JSX.Element {
  const jobs = useJobs(jobSelectors.jobs)
  const status = useJobs(jobSelectors.status)
  const error = useJobs(jobSelectors.error)
  const liveError = useJobs(jobSelectors.liveError)
  const openJob = useJobs(jobSelectors.openJob)
  const [cancelling, setCancelling] = useState<JobRecord | null>(null)
  const { active, ended } = useMemo(() => partitionJobs(jobs, serverId), [jobs, serverId])
  const shown = openJob && (!serverId || openJob.serverId === serverId) ? openJob : null
  const selectedKey = shown ? jobKey(shown) : null
  const showServer = !serverId
  // The dialog reads the live record, so a job that ends meanwhile shows its new state.
  const cancelTarget = cancelling
    ? (jobs.find((j) => jobKey(j) === jobKey(cancelling)) ?? cancelling)
    : null

  return (
    <section className="jobs-panel" aria-labelledby="jobs-title" data-jobs-status={status}>
      <div className="section-header">
        <h2 id="jobs-title" className="section-title">
          {active.length > 0 ? `Jobs · ${active.length} active` : 'Jobs'}
        </h2>
      </div>
      {status === 'error' && error && (
        <ErrorBanner
          title="Pier could not read its job history."
          error={error}
          onRetry={jobActions.retry}
        />
      )}
      {liveError && (
        <ErrorBanner
          title="Job updates stopped; states and progress may be out of date."
          error={liveError}
          onRetry={jobActions.retry}
        />
      )}
      {status === 'loading' && (
        <p className="loading" role="status">
          Loading jobs…
        </p>
      )}
      {status === 'ready' && active.length === 0 && ended.length === 0 && (
        <p className="jobs-empty muted" data-testid="jobs-empty">
          {emptyText}
        </p>
      )}
      {active.length > 0 && (
        <ActiveJobs
          jobs={active}
          showServer={showServer}
          selectedKey={selectedKey}
          onCancel={setCancelling}
        />
      )}
      {shown && <JobLogPane key={jobKey(shown)} job={shown} onCancel={setCancelling} />}
      {ended.length > 0 && (
        <>
          <h3 className="jobs-subtitle">History</h3>
          <JobHistory jobs={ended} showServer={showServer} selectedKey={selectedKey} />
        </>
      )}
      {cancelTarget && <CancelJobDialog job={cancelTarget} onClose={() => setCancelling(null)} />}
    </section>
  )
}
