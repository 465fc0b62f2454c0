// Runs in: renderer.
// Backups, one database at a time: its schedule (with the cron expression in words as it is
// typed), Run now, the server's manifest as history with a warning when the last good backup is
// late, Pull with a progress bar, and the local library with Restore and Verify.
import { useEffect, type JSX } from 'react'
import { dbActions } from '../actions'
import { EmptyState } from '../components/EmptyState'
import { BackupsIcon } from '../components/icons'
import { NoServersState } from '../components/NoServersState'
import { ENGINE_LABELS } from '../lib/databases'
import { dbSelectors, useDatabases } from '../stores/databases'
import { serverSelectors, useServers } from '../stores/servers'
import { setPage } from '../stores/ui'
import { BackupHistory } from './backups/BackupHistory'
import { LocalLibrary } from './backups/LocalLibrary'
import { ScheduleEditor } from './backups/ScheduleEditor'
import { DbLoadBanners, useDatabasesLive } from './DatabasesPage'
import { PAGES } from './pages'

export function BackupsPage(): JSX.Element {
  const empty = useServers(serverSelectors.isEmpty)
  const status = useDatabases(dbSelectors.status)
  const dbs = useDatabases(dbSelectors.databases)
  const selected = useDatabases(dbSelectors.selected)
  useDatabasesLive()
  const db = dbs.find((d) => d.name === selected) ?? dbs[0] ?? null
  useEffect(() => {
    if (db && db.name !== selected) dbActions.select(db.name)
  }, [db, selected])

  if (empty)
    return <NoServersState page="backups" icon={<BackupsIcon size={22} />} what="Backups run" />
  if (status === 'loading')
    return (
      <p className="loading" role="status">
        Loading databases…
      </p>
    )
  if (status === 'ready' && dbs.length === 0) {
    const info = PAGES.backups
    return (
      <EmptyState
        icon={<BackupsIcon size={22} />}
        title={info.emptyTitle}
        labelledBy="backups-empty-title"
      >
        <p className="lead">{info.about}</p>
        <div className="callout">
          <p>Backups are per database: create one first.</p>
          <button
            type="button"
            className="button button-primary"
            onClick={() => setPage('databases')}
          >
            Go to Databases
          </button>
        </div>
      </EmptyState>
    )
  }
  return (
    <div className="backups-page" data-backups-status={status}>
      <DbLoadBanners />
      <div className="backups-layout">
        <nav className="backup-dbs" aria-label="Databases">
          {dbs.map((d) => (
            <button
              key={d.id}
              type="button"
              className={`backup-db ${d.name === db?.name ? 'backup-db-active' : ''}`}
              data-db={d.name}
              aria-current={d.name === db?.name ? 'true' : undefined}
              onClick={() => dbActions.select(d.name)}
            >
              <span className="backup-db-name">{d.name}</span>
              <span className="muted small">
                {ENGINE_LABELS[d.engine]} · {d.server}
              </span>
              <span className="muted small">{d.schedule ?? 'no schedule'}</span>
            </button>
          ))}
        </nav>
        {db && (
          <div className="backup-detail" data-db={db.name} key={db.name}>
            <h2 className="section-title backup-detail-title">
              {db.name}{' '}
              <span className="muted">
                · {ENGINE_LABELS[db.engine]} on {db.server}
              </span>
            </h2>
            <ScheduleEditor key={`${db.schedule ?? ''}:${db.keep}`} db={db} />
            <BackupHistory db={db} />
            <LocalLibrary db={db} />
          </div>
        )}
      </div>
    </div>
  )
}
