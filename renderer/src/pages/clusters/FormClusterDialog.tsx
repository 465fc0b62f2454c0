// Runs in: renderer.
// Forms a cluster: a name (checked here with the same zod rule main applies), the server that
// becomes its first manager (only servers in no cluster), and, under Advanced, the address the
// swarm advertises when the one Pier would pick from the server's interfaces is not right.
// A server set up by Pier already runs a single-node swarm: forming adopts it, apps and all.
import { useState, type JSX } from 'react'
import { clusterActions } from '../../actions'
import { ErrorBanner } from '../../components/ErrorBanner'
import { Field } from '../../components/Field'
import { Modal } from '../../components/Modal'
import { Spinner } from '../../components/Spinner'
import { clusterNameProblem } from '../../lib/clusters'
import type { UiError } from '../../lib/errors'
import { AdvertiseAddressField, useAdvertiseAddress } from './AdvertiseAddressField'

export function FormClusterDialog({
  servers,
  onClose
}: {
  /** Servers in no cluster. */
  servers: readonly string[]
  onClose: () => void
}): JSX.Element {
  const [name, setName] = useState('')
  const [manager, setManager] = useState(servers[0] ?? '')
  const address = useAdvertiseAddress()
  const [tried, setTried] = useState(false)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<UiError | null>(null)
  const nameProblem = clusterNameProblem(name)
  const { addr, problem: addrProblem } = address
  const close = (): void => {
    if (!busy) onClose()
  }
  return (
    <Modal labelledBy="form-cluster-title" onCancel={close}>
      <form
        className="modal-body"
        noValidate
        aria-busy={busy}
        data-testid="form-cluster"
        onSubmit={(e) => {
          e.preventDefault()
          setTried(true)
          if (nameProblem || addrProblem || !manager || busy) return
          setBusy(true)
          setError(null)
          void clusterActions
            .create({ name, manager, ...(addr.trim() ? { advertiseAddr: addr.trim() } : {}) })
            .then((err) => {
              setBusy(false)
              if (err) setError(err)
              else onClose()
            })
        }}
      >
        <h2 id="form-cluster-title" className="modal-title">
          Form a cluster
        </h2>
        <p className="modal-text">
          One server becomes the swarm&apos;s first manager; join the others once it exists. Its own
          apps keep running: its single-node swarm becomes the cluster.
        </p>
        <Field
          label="Name"
          name="cluster-name"
          value={name}
          onValue={setName}
          autoFocus
          autoComplete="off"
          maxLength={60}
          disabled={busy}
          error={tried || name ? nameProblem : null}
          help="Lowercase letters, digits and -, starting with a letter, e.g. prod or eu-web."
        />
        <div className="field">
          <label className="field-label" htmlFor="form-cluster-manager">
            Manager
          </label>
          <select
            id="form-cluster-manager"
            className="input"
            value={manager}
            disabled={busy}
            onChange={(e) => setManager(e.target.value)}
          >
            {servers.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
          <p className="field-help">Servers already in a cluster are not listed.</p>
        </div>
        <AdvertiseAddressField
          name="advertise-addr"
          help="The address the other nodes reach this manager at. Empty: Pier picks the address of the server's default route."
          busy={busy}
          {...address.field}
        />
        {busy && (
          <p className="cluster-progress" role="status">
            <Spinner /> Forming the swarm on {manager}…
          </p>
        )}
        {error && <ErrorBanner title="The cluster was not formed." error={error} />}
        <footer className="wizard-footer">
          <span className="wizard-footer-gap" />
          <button type="button" className="button button-secondary" onClick={close} disabled={busy}>
            Cancel
          </button>
          <button
            type="submit"
            className="button button-primary"
            disabled={busy || !manager || (tried && (!!nameProblem || !!addrProblem))}
          >
            {busy && <Spinner />}
            {busy ? 'Forming…' : 'Form cluster'}
          </button>
        </footer>
      </form>
    </Modal>
  )
}
