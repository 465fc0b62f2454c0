// Runs in: renderer.
// Confirms removing a server, naming it, and says exactly what removal does and does not touch.
// Where Pier signs in with its own key, it offers to take that key off the server first.
import { useState, type JSX } from 'react'
import type { ServerSummary } from '../../../main/api/contract'
import { serverOpsActions } from '../actions'
import { ErrorBanner } from '../components/ErrorBanner'
import { Modal } from '../components/Modal'
import { Spinner } from '../components/Spinner'
import { formatLogin } from '../lib/format'
import { serverOpsSelectors, useServerOps } from '../stores/server-ops'
import { closeServer } from '../stores/ui'

export function RemoveServerDialog({
  server,
  onClose
}: {
  server: ServerSummary
  onClose: () => void
}): JSX.Element {
  const removal = useServerOps(serverOpsSelectors.removal(server.id))
  const ownKey = server.authMethod === 'key'
  const [fromServer, setFromServer] = useState(ownKey)
  const removing = removal.status === 'running'
  const cancel = (): void => {
    if (removing) return
    serverOpsActions.resetRemoval(server.id)
    onClose()
  }
  return (
    <Modal labelledBy="remove-title" describedBy="remove-what" onCancel={cancel}>
      <form
        className="modal-body"
        onSubmit={(e) => {
          e.preventDefault()
          void serverOpsActions
            .remove(server, { fromServer: ownKey && fromServer })
            .then((gone) => {
              if (gone) closeServer()
            })
        }}
      >
        <h2 id="remove-title" className="modal-title">
          Remove {server.name} from Pier?
        </h2>
        <div id="remove-what" className="modal-text">
          <p>
            Pier forgets{' '}
            <code className="mono">{formatLogin(server.username, server.host, server.port)}</code>:
            its entry, the host key you accepted for it, and any passphrase it kept for it in your
            keychain.
          </p>
          <p>
            The server itself keeps its files, Docker and containers.
            {ownKey
              ? ' Pier signs in there with its own key, in ~/.ssh/authorized_keys:'
              : ' Pier signs in with your key or agent, which stay as they are.'}
          </p>
          {ownKey && (
            <label className="checkbox">
              <input
                type="checkbox"
                checked={fromServer}
                onChange={(e) => setFromServer(e.target.checked)}
                disabled={removing}
              />{' '}
              Also take Pier&apos;s key off the server (needs the server to be reachable)
            </label>
          )}
        </div>
        {removal.status === 'error' && removal.error && (
          <ErrorBanner title={`${server.name} was not removed.`} error={removal.error} />
        )}
        <footer className="wizard-footer">
          <button
            type="button"
            className="button button-secondary"
            onClick={cancel}
            disabled={removing}
            data-autofocus
          >
            Cancel
          </button>
          <button type="submit" className="button button-danger" disabled={removing}>
            {removing && <Spinner />}
            {removing ? 'Removing…' : `Remove ${server.name}`}
          </button>
        </footer>
      </form>
    </Modal>
  )
}
