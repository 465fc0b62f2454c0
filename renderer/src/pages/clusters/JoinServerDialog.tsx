// Runs in: renderer.
// Joins a server to the cluster as a worker or a manager. Main fetches the join token over the
// manager's SSH connection and checks, before touching the server, that it reaches the manager's
// swarm port; a refusal (with its hint) stays in the dialog and the server is left as it was.
import { useState, type JSX } from 'react'
import { clusterActions } from '../../actions'
import { ErrorBanner } from '../../components/ErrorBanner'
import { Modal } from '../../components/Modal'
import { Spinner } from '../../components/Spinner'
import type { NodeRole } from '../../../../main/core/clusters/model'
import type { UiError } from '../../lib/errors'
import { AdvertiseAddressField, useAdvertiseAddress } from './AdvertiseAddressField'

export function JoinServerDialog({
  cluster,
  servers,
  onClose
}: {
  cluster: string
  /** Servers in no cluster. */
  servers: readonly string[]
  onClose: () => void
}): JSX.Element {
  const [server, setServer] = useState(servers[0] ?? '')
  const [role, setRole] = useState<NodeRole>('worker')
  const address = useAdvertiseAddress()
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<UiError | null>(null)
  const { addr, problem: addrProblem } = address
  const close = (): void => {
    if (!busy) onClose()
  }
  return (
    <Modal labelledBy="join-server-title" onCancel={close}>
      <form
        className="modal-body"
        noValidate
        aria-busy={busy}
        data-testid="join-server"
        onSubmit={(e) => {
          e.preventDefault()
          if (!server || addrProblem || busy) return
          setBusy(true)
          setError(null)
          void clusterActions
            .join({
              name: cluster,
              server,
              role,
              ...(addr.trim() ? { advertiseAddr: addr.trim() } : {})
            })
            .then((err) => {
              setBusy(false)
              if (err) setError(err)
              else onClose()
            })
        }}
      >
        <h2 id="join-server-title" className="modal-title">
          Join a server to {cluster}
        </h2>
        {servers.length === 0 ? (
          <p className="modal-text">
            Every server is already in a cluster. Add another server, or take one out of its cluster
            first.
          </p>
        ) : (
          <>
            <p className="modal-text">
              The server leaves its own empty single-node swarm and joins this one. A server that
              runs services of its own is refused, so nothing of it is lost.
            </p>
            <div className="field">
              <label className="field-label" htmlFor="join-server-server">
                Server
              </label>
              <select
                id="join-server-server"
                className="input"
                value={server}
                disabled={busy}
                data-autofocus
                onChange={(e) => setServer(e.target.value)}
              >
                {servers.map((s) => (
                  <option key={s} value={s}>
                    {s}
                  </option>
                ))}
              </select>
            </div>
            <fieldset className="choices" disabled={busy}>
              <legend className="field-label">Role</legend>
              {(['worker', 'manager'] as const).map((r) => (
                <label key={r} className="choice" data-role={r}>
                  <input
                    type="radio"
                    name="join-role"
                    value={r}
                    checked={role === r}
                    onChange={() => setRole(r)}
                    aria-labelledby={`join-${r}-title`}
                    aria-describedby={`join-${r}-about`}
                  />
                  <span className="choice-body">
                    <span className="choice-title" id={`join-${r}-title`}>
                      {r === 'worker' ? 'Worker' : 'Manager'}
                    </span>
                    <span className="choice-about" id={`join-${r}-about`}>
                      {r === 'worker'
                        ? 'Runs tasks. The usual choice.'
                        : 'Also keeps the swarm’s state. Three or five managers survive the loss of one or two.'}
                    </span>
                  </span>
                </label>
              ))}
            </fieldset>
            <AdvertiseAddressField
              name="join-advertise-addr"
              help="The address of this server the other nodes reach. Empty: the one it uses to reach the manager."
              busy={busy}
              {...address.field}
            />
          </>
        )}
        {busy && (
          <p className="cluster-progress" role="status">
            <Spinner /> Joining {server} to {cluster}…
          </p>
        )}
        {error && (
          <ErrorBanner title={`${server || 'The server'} did not join ${cluster}.`} error={error} />
        )}
        <footer className="wizard-footer">
          <span className="wizard-footer-gap" />
          <button type="button" className="button button-secondary" onClick={close} disabled={busy}>
            {servers.length === 0 ? 'Close' : 'Cancel'}
          </button>
          {servers.length > 0 && (
            <button
              type="submit"
              className="button button-primary"
              disabled={busy || !server || !!addrProblem}
            >
              {busy && <Spinner />}
              {busy ? 'Joining…' : `Join as ${role}`}
            </button>
          )}
        </footer>
      </form>
    </Modal>
  )
}
