// Runs in: renderer.
// Removing a database takes its service and backup schedule off the server, so the user types
// its name first. The volume and the backups stay on the server (the CLI's --delete-data
// removes them; the window never does that in one click).
import { useState, type JSX } from 'react'
import { dbActions } from '../../actions'
import { ErrorBanner } from '../../components/ErrorBanner'
import { Modal } from '../../components/Modal'
import { Spinner } from '../../components/Spinner'
import type { Database } from '../../lib/databases'
import { dbSelectors, useDatabases } from '../../stores/databases'

export function RemoveDatabaseDialog({
  db,
  onClose
}: {
  db: Database
  onClose: () => void
}): JSX.Element {
  const op = useDatabases(dbSelectors.op(db.name, 'remove'))
  const [typed, setTyped] = useState('')
  const removing = op?.status === 'running'
  const cancel = (): void => {
    if (removing) return
    dbActions.dismissOp(db.name, 'remove')
    onClose()
  }
  return (
    <Modal labelledBy="remove-db-title" describedBy="remove-db-what" onCancel={cancel}>
      <form
        className="modal-body"
        onSubmit={(e) => {
          e.preventDefault()
          if (typed !== db.name) return
          void dbActions.remove(db.name)
        }}
      >
        <h2 id="remove-db-title" className="modal-title">
          Remove {db.name}?
        </h2>
        <div id="remove-db-what" className="modal-text">
          <p>
            This stops {db.name} on {db.server}, removes its service and its backup schedule, and
            takes its password out of your keychain. Its data volume and its backups stay on the
            server; the local library keeps its files.
          </p>
          <label className="field">
            <span className="field-label">
              Type <code className="mono">{db.name}</code> to confirm
            </span>
            <input
              className="input mono"
              value={typed}
              onChange={(e) => setTyped(e.target.value)}
              aria-label="Database name to confirm"
              spellCheck={false}
              autoComplete="off"
              disabled={removing}
              data-autofocus
            />
          </label>
        </div>
        {op?.status === 'error' && op.error && (
          <ErrorBanner title={`${db.name} was not removed.`} error={op.error} />
        )}
        <footer className="wizard-footer">
          <button
            type="button"
            className="button button-secondary"
            onClick={cancel}
            disabled={removing}
          >
            Cancel
          </button>
          <button
            type="submit"
            className="button button-danger"
            disabled={removing || typed !== db.name}
          >
            {removing && <Spinner />}
            {removing ? 'Removing…' : `Remove ${db.name}`}
          </button>
        </footer>
      </form>
    </Modal>
  )
}
