// Runs in: renderer.
// One server's networks and the containers attached to each. Docker's own networks (bridge,
// host, none) cannot be removed, so they offer no Remove.
import { useState, type JSX } from 'react'
import { api } from '../../api'
import { ConfirmDialog } from '../../components/ConfirmDialog'
import type { NetworkRow } from '../../../../main/core/docker/model'
import { useDockerResource } from '../../hooks/useDockerResource'
import { shortId } from '../../lib/docker-format'
import { removeAndReload, RemoveRowButton, ResourceLoadState } from './ResourcePanel'

const loadNetworks = (server: string): Promise<NetworkRow[]> =>
  api.call('docker.networks', { server })
const NETWORK_EVENTS = ['network']

export function NetworksPanel({ server }: { server: string }): JSX.Element {
  const networks = useDockerResource(server, loadNetworks, NETWORK_EVENTS)
  const [removing, setRemoving] = useState<NetworkRow | null>(null)
  const rows = networks.data ?? []
  return (
    <section className="resource-panel" aria-label={`Networks on ${server}`} data-testid="networks">
      <ResourceLoadState noun="networks" resource={networks} />
      {rows.length > 0 && (
        <div className="table-wrap">
          <table className="table resource-table">
            <thead>
              <tr>
                <th scope="col">Network</th>
                <th scope="col">ID</th>
                <th scope="col">Driver</th>
                <th scope="col">Scope</th>
                <th scope="col">Containers</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((n) => (
                <tr key={n.id} data-network={n.name}>
                  <th scope="row" className="cell-name mono">
                    {n.name}
                    {n.internal && <span className="tag">internal</span>}
                    {n.builtin && <span className="tag">built in</span>}
                  </th>
                  <td className="mono">{shortId(n.id)}</td>
                  <td>{n.driver}</td>
                  <td>{n.scope}</td>
                  <td className="cell-clip" title={n.containers.join('\n')}>
                    {n.containers.join(', ') || <span className="muted">none</span>}
                  </td>
                  <td className="cell-actions">
                    {!n.builtin && <RemoveRowButton name={n.name} onClick={() => setRemoving(n)} />}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {removing && (
        <ConfirmDialog
          title={`Remove the network ${removing.name}?`}
          confirmLabel="Remove network"
          busyLabel="Removing…"
          onClose={() => setRemoving(null)}
          onConfirm={() =>
            removeAndReload(
              () => api.call('docker.networkRemove', { server, network: removing.id }),
              networks.reload
            )
          }
        >
          <p>
            The network <strong className="mono">{removing.name}</strong> on {server} is removed.
            {removing.containers.length > 0 &&
              ' Containers are still attached: the engine refuses until they leave it.'}
          </p>
        </ConfirmDialog>
      )}
    </section>
  )
}
