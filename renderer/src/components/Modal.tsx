// Runs in: renderer.
// A modal on the native <dialog>: the browser makes the rest of the page inert, keeps Tab inside
// and restores focus on close, which no hand-made overlay gets fully right. Escape goes through
// onCancel, so the owner decides (a wizard refuses while a request it cannot take back runs).
// React's autoFocus fires while the dialog is still closed (and so unfocusable); the element
// marked data-autofocus gets focus once the dialog is open instead.
import { useEffect, useRef, type JSX, type ReactNode } from 'react'

export interface ModalProps {
  labelledBy: string
  describedBy?: string
  onCancel: () => void
  className?: string
  children: ReactNode
}

export function Modal({
  labelledBy,
  describedBy,
  onCancel,
  className,
  children
}: ModalProps): JSX.Element {
  const ref = useRef<HTMLDialogElement>(null)
  useEffect(() => {
    const dialog = ref.current
    if (dialog && !dialog.open) {
      dialog.showModal()
      dialog.querySelector<HTMLElement>('[data-autofocus]')?.focus()
    }
    return () => dialog?.close()
  }, [])
  return (
    <dialog
      ref={ref}
      className={`modal ${className ?? ''}`}
      aria-labelledby={labelledBy}
      aria-describedby={describedBy}
      onKeyDown={(e) => {
        // Handled on keydown rather than through the dialog's own cancel, which Chromium skips
        // (closing outright) after a second Escape without other input in between.
        if (e.key === 'Escape') {
          e.preventDefault()
          e.stopPropagation()
          onCancel()
        }
      }}
      onCancel={(e) => {
        e.preventDefault()
        onCancel()
      }}
    >
      {children}
    </dialog>
  )
}
