// Runs in: renderer.
// The local library: the backups of this database pulled to this computer, each with its size,
// when it was pulled (by hand or by auto-pull), whether it is intact (sha256 checked at the
// pull, size unchanged since) and its last verification. Restore and Verify start from here,
// or from any file named by its path.
import { useState, type JSX } from 'react'
import { dbActions } from '../../actions'
import { Spinner } from '../../components/Spinner'
import { formatSize, utc, type Database, type LibraryEntry } from '../../lib/databases'
import { dbSelectors, useDatabases } from '../../stores/databases'
import { RestoreDialog } from './RestoreDialog'

function VerifyCell({ db, entry }: { db: Database; entry: LibraryEntry }): JSX.Element {
  const op = useDatabases(dbSelectors.op(entry.path, 'verify'))
  const fresh = useDatabases(dbSelectors.verified(entry.path))
  const running = op?.status === 'running'
  const v = fresh ?? entry.verified
  return (
    <div className="backup-verify">
      <button
        type="button"
        className="button button-secondary small"
        data-action="verify"
        disabled={running}
        onClick={() => void dbActions.verify({ path: entry.path, engine: db.engine, db: db.name })}
      >
        {running && <Spinner />}
        {running ? 'Verifying…' : 'Verify'}
      </button>
      {!running && v && (
        <span
          className={`backup-status backup-status-${v.ok ? 'ok' : 'failed'}`}
          data-testid="verify-result"
          data-ok={v.ok}
          title={v.reason ?? undefined}
        >
          {v.ok
            ? `restores: ${v.count ?? '?'} ${db.engine === 'redis' ? 'keys' : 'tables'}`
            : `failed: ${v.reason ?? 'see the job log'}`}
        </span>
      )}
    </div>
  )
}

export function LocalLibrary({ db }: { db: Database }): JSX.Element {
  const all = useDatabases(dbSelectors.library)
  const entries = all.filter((e) => e.db === db.name)
  const [restoring, setRestoring] = useState<string | null>(null)
  const [other, setOther] = useState('')
  return (
    <section className="backup-library" aria-labelledby="backup-library-title">
      <h3 id="backup-library-title" className="section-title">
        On this computer
      </h3>
      {entries.length === 0 ? (
        <p className="muted" data-testid="library-empty">
          Nothing pulled yet. Pull a backup above, or turn on auto-pull.
        </p>
      ) : (
        <div className="table-wrap">
          <table className="table library-table" aria-label={`Local backups of ${db.name}`}>
            <thead>
              <tr>
                <th scope="col">Backup</th>
                <th scope="col">Size</th>
                <th scope="col">Checksum</th>
                <th scope="col">Verify</th>
                <th scope="col" />
              </tr>
            </thead>
            <tbody>
              {entries.map((e) => (
                <tr key={e.path} data-library-id={e.record.id} data-intact={e.intact}>
                  <td title={e.path}>
                    <span className="mono">{utc(e.record.time)}</span>
                    <br />
                    <span className="muted small">
                      pulled {e.pulledAt ? utc(e.pulledAt) : '–'}
                    </span>{' '}
                    {e.by === 'auto' && (
                      <span className="tag" data-testid="auto-pulled">
                        auto
                      </span>
                    )}
                  </td>
                  <td>{formatSize(e.size)}</td>
                  <td data-testid="library-checksum">
                    {e.intact ? (
                      <span
                        className="backup-status backup-status-ok"
                        title={e.record.sha256 ?? ''}
                      >
                        sha256 verified
                      </span>
                    ) : (
                      <span className="backup-status backup-status-failed">size changed</span>
                    )}
                  </td>
                  <td>
                    <VerifyCell db={db} entry={e} />
                  </td>
                  <td>
                    <button
                      type="button"
                      className="button button-secondary small"
                      data-action="restore"
                      onClick={() => setRestoring(e.path)}
                    >
                      Restore…
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <form
        className="restore-other"
        aria-label="Restore from another file"
        onSubmit={(e) => {
          e.preventDefault()
          if (other.trim()) setRestoring(other.trim())
        }}
      >
        <label className="field field-grow">
          <span className="field-label">Restore from another file</span>
          <input
            className="input mono"
            name="restore-path"
            placeholder="/path/to/backup.dump.gz"
            value={other}
            onChange={(e) => setOther(e.target.value)}
            spellCheck={false}
            autoComplete="off"
          />
        </label>
        <button type="submit" className="button button-secondary" disabled={!other.trim()}>
          Restore…
        </button>
        <button
          type="button"
          className="button button-secondary"
          disabled={!other.trim()}
          onClick={() =>
            void dbActions.verify({ path: other.trim(), engine: db.engine, db: db.name })
          }
        >
          Verify
        </button>
      </form>
      <OtherVerify path={other.trim()} />
      {restoring && <RestoreDialog db={db} file={restoring} onClose={() => setRestoring(null)} />}
    </section>
  )
}

function OtherVerify({ path }: { path: string }): JSX.Element | null {
  const op = useDatabases(dbSelectors.op(path, 'verify'))
  const v = useDatabases(dbSelectors.verified(path))
  if (!path || (!op && !v)) return null
  if (op?.status === 'running')
    return (
      <p className="muted" role="status">
        <Spinner /> Verifying {path}…
      </p>
    )
  if (!v) return null
  return (
    <p className={v.ok ? 'muted' : 'field-error'} role="status">
      {v.ok ? `${path} restores: ${v.count ?? '?'} found.` : `${path}: ${v.reason ?? 'failed'}`}
    </p>
  )
}
