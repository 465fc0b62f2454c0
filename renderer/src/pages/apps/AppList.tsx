// Runs in: renderer.
// Every app on every server: its status (from its swarm service and its latest deploy job),
// running/desired replicas, the release it serves, the last deploy's result and the commit.
// A row opens the app's page; the name is a real button so the keyboard gets there too.
import type { JSX } from 'react'
import { appActions } from '../../actions'
import { ListSection } from '../../components/ListSection'
import { AppsIcon, PlusIcon } from '../../components/icons'
import { useNow } from '../../hooks/useNow'
import {
  appHealth,
  commitOf,
  lastDeployText,
  latestDeployJob,
  replicasText,
  sourceText,
  type AppRecord
} from '../../lib/apps'
import { isoOf } from '../../lib/jobs'
import { exactTime, relativeTime } from '../../lib/time'
import { appSelectors, useApps } from '../../stores/apps'
import { jobSelectors, useJobs } from '../../stores/jobs'
import { openApp } from '../../stores/ui'
import { PAGES } from '../pages'
import { AppHealthBadge } from './AppHealthBadge'

function Row({ app, now }: { app: AppRecord; now: number }): JSX.Element {
  const status = useApps(appSelectors.statusOf(app.name))
  const jobs = useJobs(jobSelectors.jobs)
  const job = latestDeployJob(jobs, app)
  const health = appHealth(status, job)
  const release = status?.service?.release ?? null
  const commit = commitOf(status?.release)
  const when = isoOf(job?.endedAt ?? job?.queuedAt ?? null)
  return (
    <tr
      data-app-name={app.name}
      data-health={health.state}
      data-replicas={replicasText(status)}
      onClick={() => openApp(app.name)}
    >
      <th scope="row" className="cell-name">
        <button
          type="button"
          className="link-button"
          onClick={(e) => {
            e.stopPropagation()
            openApp(app.name)
          }}
        >
          {app.name}
        </button>
      </th>
      <td>{app.cluster ? `${app.cluster} (cluster)` : app.server}</td>
      <td>
        <AppHealthBadge health={health} />
      </td>
      <td className="mono" data-testid="app-replicas">
        {replicasText(status)}
      </td>
      <td className="cell-clip" title={status?.service?.image ?? sourceText(app.source)}>
        {release !== null ? (
          <>
            <span className="tag">#{release}</span>{' '}
            <span className="mono">{sourceText(app.source)}</span>
          </>
        ) : (
          <span className="mono">{sourceText(app.source)}</span>
        )}
        {commit && (
          <span className="mono muted" data-testid="app-commit" title="Commit of this release">
            {' '}
            {commit}
          </span>
        )}
      </td>
      <td data-testid="app-last-deploy" data-state={job?.state ?? 'none'}>
        <span className={job ? `deploy-result deploy-result-${job.state}` : 'muted'}>
          {lastDeployText(job)}
        </span>
        {when && (
          <span className="muted" title={exactTime(when)}>
            {' '}
            · {relativeTime(when, now)}
          </span>
        )}
      </td>
    </tr>
  )
}

export function AppList(): JSX.Element {
  const apps = useApps(appSelectors.apps)
  const status = useApps(appSelectors.status)
  const statusError = useApps(appSelectors.statusError)
  const now = useNow()
  const create = (
    <button type="button" className="button button-primary" onClick={appActions.openWizard}>
      <PlusIcon /> Create app
    </button>
  )
  return (
    <ListSection
      page={PAGES.apps}
      icon={<AppsIcon size={22} />}
      create={create}
      list={{ status, empty: apps.length === 0, statusError }}
    >
      <div className="table-wrap">
        <table className="table table-clickable apps-table">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Server</th>
              <th scope="col">Status</th>
              <th scope="col">Replicas</th>
              <th scope="col">Release</th>
              <th scope="col">Last deploy</th>
            </tr>
          </thead>
          <tbody>
            {apps.map((a) => (
              <Row key={a.id} app={a} now={now} />
            ))}
          </tbody>
        </table>
      </div>
    </ListSection>
  )
}
