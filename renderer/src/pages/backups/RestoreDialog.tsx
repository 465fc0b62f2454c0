// Runs in: renderer.
// Restoring a file into the database it came from (its data is replaced, after a safety backup
// the API takes first) or into a new database of the same engine. Replacing data asks for the
// database's name typed out. The upload and the restore job show their progress here.
import { useState, type JSX } from 'react'
import { dbActions } from '../../actions'
import { ErrorBanner } from '../../components/ErrorBanner'
import { Modal } from '../../components/Modal'
import { Spinner } from '../../components/Spinner'
import { formatSize, transferPercent, type Database } from '../../lib/databases'
import { dbName } from '../../../../main/core/databases/model'
import { dbSelectors, useDatabases } from '../../stores/databases'
import { JobProgress } from '../databases/JobProgress'

export function RestoreDialog({
  db,
  file,
  onClose
}: {
  db: Database
  file: string
  onClose: () => void
}): JSX.Element {
  const op = useDatabases(dbSelectors.op(db.name, 'restore'))
  // A string, not a fresh array: a selector's result is compared by identity.
  const taken = useDatabases((s) => s.databases.map((d) => d.name).join('\n')).split('\n')
  const upload = useDatabases((s) =>
    [...s.transfers].reverse().find((t) => t.kind === 'upload' && !t.done)
  )
  const [target, setTarget] = useState<'same' | 'new'>('same')
  const [typed, setTyped] = useState('')
  const [into, setInto] = useState('')
  const running = op?.status === 'running'
  const done = op?.status === 'done'
  const intoCheck = dbName.safeParse(into)
  const intoError =
    target !== 'new' || into === ''
      ? null
      : !intoCheck.success
        ? (intoCheck.error.issues[0]?.message ?? 'Not a valid name.')
        : taken.includes(into)
          ? `${into} exists already; choose a new name.`
          : null
  const ready = target === 'same' ? typed === db.name : into !== '' && intoError === null
  const cancel = (): void => {
    if (running) return
    dbActions.dismissOp(db.name, 'restore')
    onClose()
  }
  const jobTarget = target === 'same' ? db.name : into
  return (
    <Modal labelledBy="restore-title" describedBy="restore-what" onCancel={cancel}>
      <form
        className="modal-body"
        aria-label="Restore a backup"
        onSubmit={(e) => {
          e.preventDefault()
          if (!ready || running || done) return
          void dbActions.restore(db.name, file, target === 'new' ? into : null)
        }}
      >
        <h2 id="restore-title" className="modal-title">
          Restore into {target === 'same' ? db.name : into || 'a new database'}
        </h2>
        <div id="restore-what" className="modal-text">
          <p>
            From <code className="mono restore-file">{file}</code>. Its sha256 is checked against
            the library&apos;s record first.
          </p>
          <fieldset className="restore-target" disabled={running || done}>
            <label className="checkbox">
              <input
                type="radio"
                name="restore-target"
                value="same"
                checked={target === 'same'}
                onChange={() => setTarget('same')}
              />
              Into {db.name}: its data is replaced (a safety backup is taken first)
            </label>
            <label className="checkbox">
              <input
                type="radio"
                name="restore-target"
                value="new"
                checked={target === 'new'}
                onChange={() => setTarget('new')}
              />
              Into a new {db.engine} database on {db.server}
            </label>
          </fieldset>
          {target === 'same' ? (
            <label className="field">
              <span className="field-label">
                Type <code className="mono">{db.name}</code> to confirm
              </span>
              <input
                className="input mono"
                name="restore-confirm"
                value={typed}
                onChange={(e) => setTyped(e.target.value)}
                aria-label="Database name to confirm"
                spellCheck={false}
                autoComplete="off"
                disabled={running || done}
                data-autofocus
              />
            </label>
          ) : (
            <label className="field">
              <span className="field-label">New database name</span>
              <input
                className="input mono"
                name="restore-into"
                value={into}
                onChange={(e) => setInto(e.target.value)}
                aria-invalid={intoError ? true : undefined}
                spellCheck={false}
                autoComplete="off"
                disabled={running || done}
              />
              {intoError && (
                <span className="field-error" role="alert">
                  {intoError}
                </span>
              )}
            </label>
          )}
        </div>
        {running && upload && (
          <div className="job-log-progress">
            <progress
              className="progress"
              max={100}
              value={transferPercent(upload) ?? undefined}
              aria-label="Upload"
            />
            <span className="active-job-step">
              Uploading {formatSize(upload.bytes)} of {formatSize(upload.total)}
            </span>
          </div>
        )}
        {running && jobTarget && (
          <JobProgress
            server={db.server}
            jobKey={`db-${jobTarget}`}
            label={`Restoring ${jobTarget}`}
          />
        )}
        {running && (
          <JobProgress
            server={db.server}
            jobKey={`backup-${jobTarget}`}
            label={`Safety backup of ${jobTarget}`}
          />
        )}
        {done && (
          <p className="restore-result" role="status" data-testid="restore-result">
            {op.note ?? 'Restored.'}
          </p>
        )}
        {op?.status === 'error' && op.error && (
          <ErrorBanner title="The restore failed." error={op.error} />
        )}
        <footer className="wizard-footer">
          <button
            type="button"
            className="button button-secondary"
            onClick={cancel}
            disabled={running}
          >
            {done ? 'Close' : 'Cancel'}
          </button>
          {!done && (
            <button type="submit" className="button button-danger" disabled={running || !ready}>
              {running && <Spinner />}
              {running ? 'Restoring…' : 'Restore'}
            </button>
          )}
        </footer>
      </form>
    </Modal>
  )
}
