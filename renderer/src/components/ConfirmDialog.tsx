// Runs in: renderer.
// Asks before something that cannot be taken back (removing a container, an image, a volume),
// naming exactly what goes and where. The confirm button says the action, not "OK"; the safe
// choice has focus. A failure stays in the dialog, so the user sees why nothing happened.
import { useState, type JSX, type ReactNode } from 'react'
import type { UiError } from '../lib/errors'
import { ErrorBanner } from './ErrorBanner'
import { Modal } from './Modal'
import { Spinner } from './Spinner'

export interface ConfirmDialogProps {
  title: string
  children: ReactNode
  confirmLabel: string
  busyLabel: string
  /** Resolves to an error to show, or null when done (the dialog then closes). */
  onConfirm: () => Promise<UiError | null>
  onClose: () => void
  /** Disables the confirm button (e.g. while a preview loads or finds nothing to do). */
  confirmDisabled?: boolean
  cancelLabel?: string
}

export function ConfirmDialog({
  title,
  children,
  confirmLabel,
  busyLabel,
  onConfirm,
  onClose,
  confirmDisabled = false,
  cancelLabel = 'Cancel'
}: ConfirmDialogProps): JSX.Element {
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<UiError | null>(null)
  const close = (): void => {
    if (!busy) onClose()
  }
  return (
    <Modal labelledBy="confirm-title" describedBy="confirm-what" onCancel={close}>
      <form
        className="modal-body"
        onSubmit={(e) => {
          e.preventDefault()
          setBusy(true)
          setError(null)
          void onConfirm().then((err) => {
            setBusy(false)
            if (err) setError(err)
            else onClose()
          })
        }}
      >
        <h2 id="confirm-title" className="modal-title">
          {title}
        </h2>
        <div id="confirm-what" className="modal-text">
          {children}
        </div>
        {error && <ErrorBanner title="Nothing was changed." error={error} />}
        <footer className="wizard-footer">
          <button
            type="button"
            className="button button-secondary"
            onClick={close}
            disabled={busy}
            data-autofocus
          >
            {cancelLabel}
          </button>
          <button type="submit" className="button button-danger" disabled={busy || confirmDisabled}>
            {busy && <Spinner />}
            {busy ? busyLabel : confirmLabel}
          </button>
        </footer>
      </form>
    </Modal>
  )
}
