// Runs in: renderer.
// Databases: every server's databases with their live status, connection details and "Open on
// localhost". The page owns the `db.watch` while it is shown (the Backups page does the same),
// and asks the servers for the services' status every few seconds while the window is visible.
import { useEffect, type JSX } from 'react'
import { dbActions } from '../actions'
import { ErrorBanner } from '../components/ErrorBanner'
import { DatabasesIcon } from '../components/icons'
import { NoServersState } from '../components/NoServersState'
import { usePageVisible } from '../hooks/usePageVisible'
import { dbSelectors, useDatabases } from '../stores/databases'
import { serverSelectors, useServers } from '../stores/servers'
import { CreateDatabaseDialog } from './databases/CreateDatabaseDialog'
import { DatabaseList } from './databases/DatabaseList'

/** How often the services' replicas and volume sizes are asked for while the page is on screen. */
export const DB_STATUS_INTERVAL_MS = 5_000

/** The db.watch and the status polling, shared by the Databases and Backups pages. */
export function useDatabasesLive(): void {
  const epoch = useDatabases(dbSelectors.watchEpoch)
  useEffect(() => dbActions.watch(), [epoch])
  const visible = usePageVisible()
  const names = useDatabases((s) => s.databases.map((d) => d.name).join('\n'))
  useEffect(() => {
    if (!visible || !names) return
    void dbActions.refreshStatus()
    const timer = setInterval(() => void dbActions.refreshStatus(), DB_STATUS_INTERVAL_MS)
    return () => clearInterval(timer)
  }, [visible, names])
}

export function DbLoadBanners(): JSX.Element {
  const status = useDatabases(dbSelectors.status)
  const error = useDatabases(dbSelectors.error)
  const liveError = useDatabases(dbSelectors.liveError)
  return (
    <>
      {status === 'error' && error && (
        <ErrorBanner
          title="Pier could not read its databases."
          error={error}
          onRetry={dbActions.retry}
        />
      )}
      {liveError && (
        <ErrorBanner
          title="Database updates stopped; the list may be out of date."
          error={liveError}
          onRetry={dbActions.retry}
        />
      )}
    </>
  )
}

export function DatabasesPage(): JSX.Element {
  const empty = useServers(serverSelectors.isEmpty)
  const status = useDatabases(dbSelectors.status)
  const createOpen = useDatabases(dbSelectors.createOpen)
  useDatabasesLive()

  if (empty) {
    return (
      <NoServersState page="databases" icon={<DatabasesIcon size={22} />} what="Databases run" />
    )
  }
  return (
    <div className="databases-page" data-databases-status={status}>
      <DbLoadBanners />
      <DatabaseList />
      {createOpen && <CreateDatabaseDialog />}
    </div>
  )
}
