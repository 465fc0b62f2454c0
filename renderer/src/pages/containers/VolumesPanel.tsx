// Runs in: renderer.
// One server's volumes: size (as the engine last measured it), driver, and the containers that
// mount each. Remove asks first; Prune previews the unused volumes it would delete.
import { useState, type JSX } from 'react'
import { api } from '../../api'
import { ConfirmDialog } from '../../components/ConfirmDialog'
import type { VolumeRow } from '../../../../main/core/docker/model'
import { useDockerResource } from '../../hooks/useDockerResource'
import { formatBytes } from '../../lib/docker-format'
import { PruneVolumesDialog } from './PruneDialogs'
import {
  removeAndReload,
  RemoveRowButton,
  ResourceLoadState,
  ResourceToolbar
} from './ResourcePanel'

const loadVolumes = (server: string): Promise<VolumeRow[]> => api.call('docker.volumes', { server })
const VOLUME_EVENTS = ['volume', 'container']

export function VolumesPanel({ server }: { server: string }): JSX.Element {
  const volumes = useDockerResource(server, loadVolumes, VOLUME_EVENTS)
  const [removing, setRemoving] = useState<VolumeRow | null>(null)
  const [pruning, setPruning] = useState(false)
  const rows = volumes.data ?? []
  return (
    <section className="resource-panel" aria-label={`Volumes on ${server}`} data-testid="volumes">
      <ResourceToolbar
        summary={volumes.data ? `${rows.length} volumes` : ''}
        onPrune={() => setPruning(true)}
      />
      <ResourceLoadState noun="volumes" resource={volumes} />
      {volumes.data && rows.length === 0 && <p className="jobs-empty muted">No volumes.</p>}
      {rows.length > 0 && (
        <div className="table-wrap">
          <table className="table resource-table">
            <thead>
              <tr>
                <th scope="col">Volume</th>
                <th scope="col">Driver</th>
                <th scope="col">Size</th>
                <th scope="col">Used by</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((v) => (
                <tr key={v.name} data-volume={v.name}>
                  <th scope="row" className="cell-name mono cell-clip" title={v.mountpoint}>
                    {v.name}
                  </th>
                  <td>{v.driver}</td>
                  <td>{formatBytes(v.size)}</td>
                  <td className="cell-clip" title={v.usedBy.join('\n')}>
                    {v.usedBy.join(', ') || <span className="muted">unused</span>}
                  </td>
                  <td className="cell-actions">
                    <RemoveRowButton name={v.name} onClick={() => setRemoving(v)} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {removing && (
        <ConfirmDialog
          title={`Remove the volume ${removing.name}?`}
          confirmLabel="Delete volume and data"
          busyLabel="Deleting…"
          onClose={() => setRemoving(null)}
          onConfirm={() =>
            removeAndReload(
              () => api.call('docker.volumeRemove', { server, volume: removing.name }),
              volumes.reload
            )
          }
        >
          <p>
            The volume <strong className="mono">{removing.name}</strong> on {server} is deleted with
            its data ({formatBytes(removing.size)}).
            {removing.usedBy.length > 0 &&
              ` ${removing.usedBy.join(', ')} still mount${removing.usedBy.length === 1 ? 's' : ''} it: the engine refuses until ${removing.usedBy.length === 1 ? 'it is' : 'they are'} removed.`}
          </p>
        </ConfirmDialog>
      )}
      {pruning && (
        <PruneVolumesDialog
          server={server}
          onClose={() => setPruning(false)}
          onDone={volumes.reload}
        />
      )}
    </section>
  )
}
