// Runs in: renderer.
// The shell: sidebar, top bar, the current page. The root container carries `data-app-state`
// (loading → ready | error) for the e2e tests and for anything that must wait for first data.
import type { JSX } from 'react'
import { systemActions } from './actions'
import { ErrorBanner } from './components/ErrorBanner'
import { Sidebar } from './components/Sidebar'
import { TopBar } from './components/TopBar'
import { useBootstrap } from './hooks/useBootstrap'
import { useDocumentTitle } from './hooks/useDocumentTitle'
import { usePageShortcuts } from './hooks/useShortcuts'
import { useThemeAttribute } from './hooks/useThemeAttribute'
import { isMacPlatform } from './lib/shortcuts'
import { JobNotices } from './pages/jobs/JobNotices'
import { AppsPage } from './pages/AppsPage'
import { BackupsPage } from './pages/BackupsPage'
import { ClustersPage } from './pages/ClustersPage'
import { ContainersPage } from './pages/ContainersPage'
import { DatabasesPage } from './pages/DatabasesPage'
import { JobsPage } from './pages/JobsPage'
import { MonitoringPage } from './pages/MonitoringPage'
import { PAGES, type PageId } from './pages/pages'
import { ServersPage } from './pages/ServersPage'
import { StacksPage } from './pages/StacksPage'
import { TerminalsPage } from './pages/TerminalsPage'
import { appState } from './stores/app-state'
import { serverSelectors, useServers } from './stores/servers'
import { systemSelectors, useSystem } from './stores/system'
import { uiSelectors, useUi } from './stores/ui'

// The preload knows the real OS; in a browser (`pier serve`) the navigator is the best guess.
const mac = isMacPlatform(window.pier?.platform ?? navigator.platform)

function Page({ page }: { page: PageId }): JSX.Element | null {
  switch (page) {
    case 'servers':
      return <ServersPage />
    case 'apps':
      return <AppsPage />
    case 'databases':
      return <DatabasesPage />
    case 'backups':
      return <BackupsPage />
    case 'monitoring':
      return <MonitoringPage />
    case 'terminals':
      // Always mounted (below), so its sessions outlive a visit to another page.
      return null
    case 'jobs':
      return <JobsPage />
    case 'containers':
      return <ContainersPage />
    case 'stacks':
      return <StacksPage />
    case 'clusters':
      return <ClustersPage />
  }
}

export function App(): JSX.Element {
  useBootstrap()
  useThemeAttribute()
  usePageShortcuts()

  const page = useUi(uiSelectors.page)
  const title = PAGES[page].title
  useDocumentTitle(title)

  const systemStatus = useSystem(systemSelectors.status)
  const systemError = useSystem(systemSelectors.error)
  const serversStatus = useServers(serverSelectors.status)
  const state = appState(systemStatus, serversStatus)

  return (
    <div id="app" className="app" data-app-state={state} aria-busy={state === 'loading'}>
      <Sidebar mac={mac} />
      <div className="main">
        <TopBar title={title} />
        <main
          className={page === 'terminals' ? 'content content-full' : 'content'}
          id="content"
          data-page={page}
        >
          {systemError && (
            <ErrorBanner
              title="Pier could not read its own status."
              error={systemError}
              onRetry={systemActions.load}
            />
          )}
          <Page page={page} />
          <TerminalsPage visible={page === 'terminals'} />
        </main>
      </div>
      <JobNotices />
    </div>
  )
}
