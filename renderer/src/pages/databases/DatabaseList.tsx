// Runs in: renderer.
// Every database on every server as a card: engine and version, server, live status, volume
// size, the connection as a container on the server sees it, the password (never on screen:
// Copy fetches it from the keychain), and "Open on localhost" with the local address and a
// ready-to-paste client command while the tunnel is open.
import { useState, type JSX } from 'react'
import { dbActions } from '../../actions'
import { ListSection } from '../../components/ListSection'
import { ErrorBanner } from '../../components/ErrorBanner'
import { DatabasesIcon, PlusIcon } from '../../components/icons'
import { Spinner } from '../../components/Spinner'
import {
  clientCommand,
  ENGINE_LABELS,
  formatSize,
  localUrl,
  statusOf,
  type Database
} from '../../lib/databases'
import { dbSelectors, useDatabases } from '../../stores/databases'
import { setPage } from '../../stores/ui'
import { PAGES } from '../pages'
import { CopyButton } from './CopyButton'
import { RemoveDatabaseDialog } from './RemoveDatabaseDialog'

function Tunnel({ db }: { db: Database }): JSX.Element {
  const tunnel = useDatabases(dbSelectors.tunnel(db.name))
  const op = useDatabases(dbSelectors.op(db.name, 'tunnel'))
  const opening = op?.status === 'running'
  if (!tunnel)
    return (
      <div className="db-tunnel">
        <button
          type="button"
          className="button button-secondary"
          data-action="open-tunnel"
          disabled={opening}
          onClick={() => void dbActions.openTunnel(db.name)}
        >
          {opening && <Spinner />}
          {opening ? 'Opening…' : 'Open on localhost'}
        </button>
        {op?.status === 'error' && op.error && (
          <ErrorBanner title="The tunnel did not open." error={op.error} />
        )}
      </div>
    )
  const command = clientCommand(tunnel.connection, tunnel.port)
  return (
    <div className="db-tunnel db-tunnel-open" data-local-port={tunnel.port}>
      <p>
        Open on{' '}
        <code className="mono" data-testid="tunnel-address">
          {tunnel.address}
        </code>
        , forwarded over SSH to {tunnel.target}. Nothing is published on the server.
      </p>
      <div className="db-command">
        <code className="mono" data-testid="tunnel-command">
          {command}
        </code>
        <CopyButton label="Copy" value={command} />
      </div>
      <div className="db-command">
        <code className="mono muted" data-testid="tunnel-url">
          {localUrl(tunnel.connection.url, tunnel.port)}
        </code>
        <CopyButton label="Copy URL" value={localUrl(tunnel.connection.url, tunnel.port)} />
      </div>
      <button
        type="button"
        className="button button-secondary"
        data-action="close-tunnel"
        onClick={() => dbActions.closeTunnel(db.name)}
      >
        Stop
      </button>
    </div>
  )
}

function Card({ db }: { db: Database }): JSX.Element {
  const status = useDatabases(dbSelectors.statusOf(db.name))
  const creating = useDatabases(dbSelectors.op(db.name, 'create'))
  const [removing, setRemoving] = useState(false)
  const view =
    creating?.status === 'running' ? { state: 'starting', text: 'Creating…' } : statusOf(status)
  const c = status?.connection
  return (
    <article
      className="db-card"
      data-db={db.name}
      data-status={view.state}
      aria-labelledby={`db-${db.name}-title`}
    >
      <header className="db-card-header">
        <h3 id={`db-${db.name}-title`} className="db-card-title">
          {db.name}
        </h3>
        <span className="tag">
          {ENGINE_LABELS[db.engine]} {db.version}
        </span>
        <span className="muted">on {db.server}</span>
        <span
          className={`db-status db-status-${view.state}`}
          data-testid="db-status"
          title={status?.error ?? undefined}
        >
          <span className="status-dot" aria-hidden="true" />
          {view.text}
        </span>
        <span className="actions-gap" />
        <button
          type="button"
          className="button button-secondary small"
          data-action="backups"
          onClick={() => {
            dbActions.select(db.name)
            setPage('backups')
          }}
        >
          Backups
        </button>
        <button
          type="button"
          className="button button-danger-quiet small"
          data-action="remove"
          onClick={() => setRemoving(true)}
        >
          Remove
        </button>
      </header>
      <dl className="facts db-facts">
        <dt>Image</dt>
        <dd className="mono">{db.image}</dd>
        <dt>Data</dt>
        <dd data-testid="db-size">{formatSize(status?.sizeBytes ?? null)}</dd>
        <dt>Host</dt>
        <dd>
          <span className="mono">{c ? `${c.host}:${c.port}` : '…'}</span>{' '}
          <span className="muted small">on the server&apos;s pier-db network</span>
        </dd>
        {c?.user && (
          <>
            <dt>User</dt>
            <dd className="mono">{c.user}</dd>
          </>
        )}
        {c?.database && (
          <>
            <dt>Database</dt>
            <dd className="mono">{c.database}</dd>
          </>
        )}
        <dt>Password</dt>
        <dd>
          <span className="mono muted" aria-label="Password hidden">
            ••••••••
          </span>{' '}
          <CopyButton
            label="Copy password"
            testId="copy-password"
            value={() => dbActions.password(db.name)}
          />
        </dd>
        <dt>Backups</dt>
        <dd>
          {db.schedule ? (
            <span className="mono">
              {db.schedule} · keep {db.keep}
            </span>
          ) : (
            <span className="muted">not scheduled</span>
          )}
        </dd>
      </dl>
      {status?.error && (
        <p className="muted" role="status">
          Status unknown: {status.error}
        </p>
      )}
      <Tunnel db={db} />
      {removing && <RemoveDatabaseDialog db={db} onClose={() => setRemoving(false)} />}
    </article>
  )
}

export function DatabaseList(): JSX.Element {
  const dbs = useDatabases(dbSelectors.databases)
  const status = useDatabases(dbSelectors.status)
  const statusError = useDatabases(dbSelectors.statusError)
  const create = (
    <button type="button" className="button button-primary" onClick={dbActions.openCreate}>
      <PlusIcon /> Create database
    </button>
  )
  return (
    <ListSection
      page={PAGES.databases}
      icon={<DatabasesIcon size={22} />}
      create={create}
      list={{ status, empty: dbs.length === 0, statusError }}
    >
      <div className="db-cards">
        {dbs.map((d) => (
          <Card key={d.id} db={d} />
        ))}
      </div>
    </ListSection>
  )
}
