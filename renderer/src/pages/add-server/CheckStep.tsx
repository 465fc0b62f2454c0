// Runs in: renderer.
// Step 4: the server is saved; what it still needs. The check starts on its own when this step
// opens (stores/add-server.ts), and Docker setup is offered when the checklist calls for it.
import type { JSX } from 'react'
import { addServerActions } from '../../actions'
import { CheckCircleIcon } from '../../components/icons'
import { formatLogin, keyTypeLabel } from '../../lib/format'
import { useAddServer } from '../../stores/add-server'
import { openServer } from '../../stores/ui'
import { ServerReadiness } from '../ServerReadiness'

export function CheckStep(): JSX.Element | null {
  const added = useAddServer((s) => s.added)
  if (!added) return null
  const { server, installedKey } = added
  return (
    <div className="wizard-step">
      <div className="success" role="status">
        <CheckCircleIcon size={18} />
        <div>
          <p className="success-title">
            {server.name} was added as{' '}
            <code className="mono">{formatLogin(server.username, server.host, server.port)}</code>.
          </p>
          <p className="muted">
            Pier pinned its {keyTypeLabel(server.hostKeyType)} host key and will refuse any other.
            {installedKey &&
              ' It installed its own key for this user and forgot the password; it signs in with that key from now on.'}
          </p>
        </div>
      </div>
      <ServerReadiness server={server} />
      <footer className="wizard-footer">
        <button
          type="button"
          className="button button-secondary"
          onClick={() => {
            if (addServerActions.close()) openServer(server.id)
          }}
        >
          Open server
        </button>
        <button
          type="button"
          className="button button-primary"
          autoFocus
          onClick={() => addServerActions.close()}
        >
          Done
        </button>
      </footer>
    </div>
  )
}
