// Runs in: renderer.
// Confirms removing a server, naming it, and says exactly what removal does and does not touch:
// this build only forgets the server in Pier; the server itself is left as it is.
import type { JSX } from 'react'
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
          void serverOpsActions.remove(server).then((gone) => {
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
            The server itself is not changed. Its files, Docker and containers stay as they are, and
            so does any key Pier added to <code className="mono">~/.ssh/authorized_keys</code>{' '}
            there: remove that line by hand if you no longer want Pier to sign in. (This version of
            Pier cannot clean up on the server yet.)
          </p>
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
