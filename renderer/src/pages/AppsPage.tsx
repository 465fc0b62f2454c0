// Runs in: renderer.
// Apps: the list of every server's apps with their live status, or one app's page. The page owns
// the `app.watch` while it is shown, and asks each server for its services' status every few
// seconds while the window is visible, and at once when one of the apps' deploy jobs changes.
import { useEffect, useMemo, type JSX } from 'react'
import { appActions } from '../actions'
import { EmptyState } from '../components/EmptyState'
import { ErrorBanner } from '../components/ErrorBanner'
import { AppsIcon } from '../components/icons'
import { usePageVisible } from '../hooks/usePageVisible'
import { appJobKey } from '../lib/apps'
import { appSelectors, useApps } from '../stores/apps'
import { jobSelectors, useJobs } from '../stores/jobs'
import { serverSelectors, useServers } from '../stores/servers'
import { setPage, uiSelectors, useUi } from '../stores/ui'
import { AppDetail } from './apps/AppDetail'
import { AppList } from './apps/AppList'
import { CreateAppWizard } from './apps/CreateAppWizard'
import { PAGES } from './pages'

/** How often the services' replicas are asked for while the page is on screen. */
export const STATUS_INTERVAL_MS = 5_000

function useLiveStatus(): void {
  const visible = usePageVisible()
  const apps = useApps(appSelectors.apps)
  const jobs = useJobs(jobSelectors.jobs)
  const appKey = apps.map((a) => a.name).join('\n')
  // Changes whenever one of the apps' jobs changes state or step.
  const jobSignature = useMemo(() => {
    const keys = new Set(apps.map((a) => appJobKey(a.name)))
    return jobs
      .filter((j) => keys.has(j.key))
      .map((j) => `${j.id}:${j.state}:${j.step ?? ''}`)
      .join(',')
  }, [apps, jobs])

  useEffect(() => {
    if (!visible || !appKey) return
    void appActions.refreshStatus()
    const timer = setInterval(() => void appActions.refreshStatus(), STATUS_INTERVAL_MS)
    return () => clearInterval(timer)
  }, [visible, appKey, jobSignature])
}

export function AppsPage(): JSX.Element {
  const empty = useServers(serverSelectors.isEmpty)
  const epoch = useApps(appSelectors.watchEpoch)
  const status = useApps(appSelectors.status)
  const error = useApps(appSelectors.error)
  const liveError = useApps(appSelectors.liveError)
  const wizardOpen = useApps(appSelectors.wizardOpen)
  const open = useUi(uiSelectors.appName)
  useEffect(() => appActions.watch(), [epoch])
  useLiveStatus()

  if (empty) {
    const info = PAGES.apps
    return (
      <EmptyState
        icon={<AppsIcon size={22} />}
        title={info.emptyTitle}
        labelledBy="apps-empty-title"
      >
        <p className="lead">{info.about}</p>
        <div className="callout">
          <p>Apps run on one of your servers, so add a server first.</p>
          <button
            type="button"
            className="button button-primary"
            onClick={() => setPage('servers')}
          >
            Go to Servers
          </button>
        </div>
      </EmptyState>
    )
  }

  return (
    <div className="apps-page" data-apps-status={status}>
      {status === 'error' && error && (
        <ErrorBanner
          title="Pier could not read its apps."
          error={error}
          onRetry={appActions.retry}
        />
      )}
      {liveError && (
        <ErrorBanner
          title="App updates stopped; the list may be out of date."
          error={liveError}
          onRetry={appActions.retry}
        />
      )}
      {open ? <AppDetail name={open} /> : <AppList />}
      {wizardOpen && <CreateAppWizard />}
    </div>
  )
}
