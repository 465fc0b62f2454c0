// Runs in: renderer.
// Asked before closing a tab whose shell may still be running: closing ends it on the server.
import type { JSX } from 'react'
import { Modal } from '../../components/Modal'
import type { TerminalTab } from '../../stores/terminals'

export function CloseTabDialog({
  tab,
  onConfirm,
  onCancel
}: {
  tab: TerminalTab
  onConfirm: () => void
  onCancel: () => void
}): JSX.Element {
  return (
    <Modal labelledBy="close-tab-title" describedBy="close-tab-what" onCancel={onCancel}>
      <form
        className="modal-body"
        onSubmit={(e) => {
          e.preventDefault()
          onConfirm()
        }}
      >
        <h2 id="close-tab-title" className="modal-title">
          Close {tab.title}?
        </h2>
        <p id="close-tab-what" className="modal-text">
          The shell on {tab.target.server} is still running. Closing the tab ends it, and anything
          running in it, unless it runs under nohup, tmux or screen.
        </p>
        <footer className="wizard-footer">
          <button type="button" className="button button-secondary" onClick={onCancel}>
            Cancel
          </button>
          <button type="submit" className="button button-danger" data-autofocus>
            Close terminal
          </button>
        </footer>
      </form>
    </Modal>
  )
}
