// Runs in: renderer.
// One app: its status and what it runs, Deploy, a terminal into one of its running containers,
// Remove; below, its latest deploy or rollback with steps, progress and the live log; its
// releases with Rollback; its environment (secret values masked); its containers' log.
// Server-provided text (names, reasons, log lines) is text only.
import { useEffect, useState, type JSX } from 'react'
import { appActions } from '../../actions'
import { ErrorBanner } from '../../components/ErrorBanner'
import { BackIcon, TerminalsIcon } from '../../components/icons'
import { Spinner } from '../../components/Spinner'
import { appHealth, latestDeployJob, replicasText, sourceText } from '../../lib/apps'
import { isActive } from '../../lib/jobs'
import { appSelectors, useApps } from '../../stores/apps'
import { jobSelectors, useJobs } from '../../stores/jobs'
import { terminalActions } from '../../stores/terminals'
import { closeApp, setPage } from '../../stores/ui'
import { AppHealthBadge } from './AppHealthBadge'
import { AppLogs } from './AppLogs'
import { DeployPanel } from './DeployPanel'
import { EnvEditor } from './EnvEditor'
import { DeployKeyPanel } from './DeployKeyPanel'
import { AppDomainsPanel } from './AppDomainsPanel'
import { AutodeployPanel } from './AutodeployPanel'
import { ReleasesPanel } from './ReleasesPanel'
import { RemoveAppDialog } from './RemoveAppDialog'

export function AppDetail({ name }: { name: string }): JSX.Element {
  const app = useApps(appSelectors.app(name))
  const loaded = useApps(appSelectors.status) === 'ready'
  const status = useApps(appSelectors.statusOf(name))
  const startedId = useApps(appSelectors.startedJob(name))
  const deployOp = useApps(appSelectors.op(name, 'deploy'))
  const rollbackOp = useApps(appSelectors.op(name, 'rollback'))
  const jobs = useJobs(jobSelectors.jobs)
  const [removing, setRemoving] = useState(false)

  const latest = app ? latestDeployJob(jobs, app) : null
  // The job started here wins until the watch knows a newer one.
  const started = startedId ? (jobs.find((j) => j.id === startedId) ?? null) : null
  const job = started && latest && latest.queuedAt > started.queuedAt ? latest : (started ?? latest)
  const jobState = job?.state ?? null
  const running = jobState !== null && isActive(jobState)

  // Releases now, and again whenever a deploy or rollback of this app ends.
  useEffect(() => {
    if (!app || running) return
    void appActions.loadReleases(app.name)
    void appActions.refreshStatus()
  }, [app?.name, running, job?.id]) // eslint-disable-line react-hooks/exhaustive-deps

  if (!app)
    return (
      <section className="detail">
        <button type="button" className="back-link" onClick={closeApp}>
          <BackIcon /> All apps
        </button>
        <p className="muted">{loaded ? `There is no app named ${name}.` : 'Loading…'}</p>
      </section>
    )

  const health = appHealth(status, job)
  const container = status?.service?.containers[0] ?? null
  const deploying = deployOp?.status === 'running'

  return (
    <section className="detail app-detail" aria-labelledby="app-title" data-app-name={app.name}>
      <button type="button" className="back-link" onClick={closeApp}>
        <BackIcon /> All apps
      </button>
      <header className="detail-header">
        <div className="detail-heading">
          <h2 id="app-title" className="detail-title">
            {app.name}
          </h2>
          <AppHealthBadge health={health} />
          <span
            className="mono muted"
            data-testid="app-detail-replicas"
            title="Running / desired replicas"
          >
            {replicasText(status)}
          </span>
        </div>
        <p className="mono detail-login">
          {sourceText(app.source)} on{' '}
          {app.cluster ? `the cluster ${app.cluster} (deployed through ${app.server})` : app.server}
          {status?.service?.release != null && ` · release #${status.service.release}`}
        </p>
        <div className="actions detail-actions">
          <button
            type="button"
            className="button button-primary"
            onClick={() => void appActions.deploy(app.name)}
            disabled={deploying}
          >
            {deploying && <Spinner />}
            {deploying ? 'Starting…' : running ? 'Deploy again' : 'Deploy'}
          </button>
          <button
            type="button"
            className="button button-secondary"
            disabled={!container}
            title={
              container
                ? `A shell in ${container.name} on ${container.server}`
                : app.cluster
                  ? 'No container of this app runs on a node Pier knows as a server'
                  : 'No container of this app runs on its server'
            }
            onClick={() => {
              if (!container) return
              // A cluster app's replica may run on another node: open it over that node's link.
              terminalActions.open('container', {
                server: container.server,
                container: container.name
              })
              setPage('terminals')
            }}
          >
            <TerminalsIcon /> Terminal
          </button>
          <span className="actions-gap" />
          <button
            type="button"
            className="button button-danger-quiet"
            onClick={() => setRemoving(true)}
          >
            Remove…
          </button>
        </div>
      </header>
      {deployOp?.status === 'error' && deployOp.error && (
        <ErrorBanner title="The deploy did not start." error={deployOp.error} />
      )}
      {rollbackOp?.status === 'error' && rollbackOp.error && (
        <ErrorBanner title="The rollback did not start." error={rollbackOp.error} />
      )}
      {status?.error && <ErrorBanner title="Pier could not ask the server." error={status.error} />}
      {job ? (
        <DeployPanel
          key={job.id}
          job={job}
          sourceType={app.source.type}
          onCluster={app.cluster !== null}
        />
      ) : (
        <p className="muted deploy-none" data-testid="deploy-none">
          {startedId
            ? 'Starting the deploy…'
            : 'Not deployed yet. Deploy runs it on ' + app.server + '.'}
        </p>
      )}
      {app.source.type === 'git' && app.deployKey && (
        <DeployKeyPanel publicKey={app.deployKey} url={app.source.url} />
      )}
      {app.source.type === 'git' && <AutodeployPanel app={app.name} />}
      <AppDomainsPanel app={app.name} />
      <ReleasesPanel app={app.name} busy={running || rollbackOp?.status === 'running'} />
      <EnvEditor app={app} />
      <AppLogs name={app.name} />
      {removing && <RemoveAppDialog app={app} onClose={() => setRemoving(false)} />}
    </section>
  )
}
