// Runs in: renderer.
// The live log of the deploy last started from the Stacks page, followed until its job ends.
// Keyed by job by its owner, so each deploy gets a fresh log.
import type { JSX } from 'react'
import { ErrorBanner } from '../../components/ErrorBanner'
import { LogView } from '../../components/LogView'
import { useJobLog } from '../../hooks/useJobLog'
import type { DeployRef } from '../../stores/stacks'

const STATE = { loading: 'Loading…', following: 'Following', ended: 'Complete', error: 'Stopped' }

export function DeployLog({ deploy }: { deploy: DeployRef }): JSX.Element {
  const log = useJobLog(deploy.server, deploy.jobId)
  return (
    <section
      className="job-log stack-deploy-log"
      aria-label={`Deploy log of ${deploy.stack}`}
      data-job-id={deploy.jobId}
      data-log-state={log.state}
    >
      <header className="job-log-header">
        <h3 className="job-log-title">Deploying {deploy.stack}</h3>
        <span className="muted mono">
          {deploy.server} · {deploy.jobId}
        </span>
      </header>
      {log.error && <ErrorBanner title="The log stopped." error={log.error} onRetry={log.retry} />}
      <LogView
        buffer={log.buffer}
        label={`Deploy log of ${deploy.stack}`}
        fileName={`stack-${deploy.stack}-${deploy.jobId}.log`}
        status={<span className="muted">{STATE[log.state]}</span>}
        emptyText="Waiting for the job's first lines…"
      />
    </section>
  )
}
