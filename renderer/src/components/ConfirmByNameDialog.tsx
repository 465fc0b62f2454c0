// Runs in: renderer.
// Asks the user to type a thing's name before a removal that takes more than a click can undo
// (an app, a database). The op lives in the caller's store, so a failure stays on screen after
// the dialog re-renders and the dialog cannot be dismissed while the removal runs.
import { useState, type JSX, type ReactNode } from 'react'
import type { UiError } from '../lib/errors'
import { ErrorBanner } from './ErrorBanner'
import { Modal } from './Modal'
import { Spinner } from './Spinner'

export interface ConfirmByNameDialogProps {
  /** What the user must type; also named in the title and the button. */
  name: string
  /** Prefix of the title and description ids the modal is labelled by. */
  idPrefix: string
  /** The confirm input's accessible label ("App name to confirm"). */
  inputLabel: string
  /** The removal's state in the store: running, failed, or absent. */
  op: { status: string; error: UiError | null } | null
  /** Says what goes and what stays. */
  children: ReactNode
  onConfirm: () => void
  /** Called when the user cancels and nothing runs. */
  onCancel: () => void
}

export function ConfirmByNameDialog({
  name,
  idPrefix,
  inputLabel,
  op,
  children,
  onConfirm,
  onCancel
}: ConfirmByNameDialogProps): JSX.Element {
  const [typed, setTyped] = useState('')
  const removing = op?.status === 'running'
  const cancel = (): void => {
    if (!removing) onCancel()
  }
  return (
    <Modal labelledBy={`${idPrefix}-title`} describedBy={`${idPrefix}-what`} onCancel={cancel}>
      <form
        className="modal-body"
        onSubmit={(e) => {
          e.preventDefault()
          if (typed === name) onConfirm()
        }}
      >
        <h2 id={`${idPrefix}-title`} className="modal-title">
          Remove {name}?
        </h2>
        <div id={`${idPrefix}-what`} className="modal-text">
          {children}
          <label className="field">
            <span className="field-label">
              Type <code className="mono">{name}</code> to confirm
            </span>
            <input
              className="input mono"
              value={typed}
              onChange={(e) => setTyped(e.target.value)}
              aria-label={inputLabel}
              spellCheck={false}
              autoComplete="off"
              disabled={removing}
              data-autofocus
            />
          </label>
        </div>
        {op?.status === 'error' && op.error && (
          <ErrorBanner title={`${name} was not removed.`} error={op.error} />
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
            disabled={removing || typed !== name}
          >
            {removing && <Spinner />}
            {removing ? 'Removing…' : `Remove ${name}`}
          </button>
        </footer>
      </form>
    </Modal>
  )
}
