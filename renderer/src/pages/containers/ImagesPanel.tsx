// Runs in: renderer.
// One server's images: tags, size, whether dangling, how many containers use each. Remove asks
// first; Prune first shows exactly what would go (the engine's own preview), deleting nothing
// until confirmed. The list reloads on the engine's image events, not on a timer.
import { useCallback, useState, type JSX } from 'react'
import { api } from '../../api'
import { ConfirmDialog } from '../../components/ConfirmDialog'
import type { ImageRow } from '../../../../main/core/docker/model'
import { useDockerResource } from '../../hooks/useDockerResource'
import { formatBytes, formatCreated, shortId } from '../../lib/docker-format'
import { PruneImagesDialog } from './PruneDialogs'
import {
  removeAndReload,
  RemoveRowButton,
  ResourceLoadState,
  ResourceToolbar
} from './ResourcePanel'

const loadImages = (server: string): Promise<ImageRow[]> => api.call('docker.images', { server })
const IMAGE_EVENTS = ['image', 'container']

export function imageName(i: ImageRow): string {
  return i.tags[0] ?? `<none> ${shortId(i.id)}`
}

export function ImagesPanel({ server }: { server: string }): JSX.Element {
  const images = useDockerResource(server, loadImages, IMAGE_EVENTS)
  const [removing, setRemoving] = useState<ImageRow | null>(null)
  const [pruning, setPruning] = useState(false)
  const reload = images.reload
  const remove = useCallback(
    (image: ImageRow) =>
      removeAndReload(() => api.call('docker.imageRemove', { server, image: image.id }), reload),
    [server, reload]
  )
  const rows = images.data ?? []
  const total = rows.reduce((n, i) => n + Math.max(0, i.size), 0)
  return (
    <section className="resource-panel" aria-label={`Images on ${server}`} data-testid="images">
      <ResourceToolbar
        summary={images.data ? `${rows.length} images · ${formatBytes(total)}` : ''}
        onPrune={() => setPruning(true)}
      />
      <ResourceLoadState noun="images" resource={images} />
      {images.data && rows.length === 0 && <p className="jobs-empty muted">No images.</p>}
      {rows.length > 0 && (
        <div className="table-wrap">
          <table className="table resource-table">
            <thead>
              <tr>
                <th scope="col">Image</th>
                <th scope="col">ID</th>
                <th scope="col">Size</th>
                <th scope="col">Created</th>
                <th scope="col">Used by</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((i) => (
                <tr key={i.id} data-image={imageName(i)} data-dangling={i.dangling || undefined}>
                  <th scope="row" className="cell-name mono cell-clip" title={i.tags.join('\n')}>
                    {imageName(i)}
                    {i.tags.length > 1 && <span className="muted"> +{i.tags.length - 1}</span>}
                    {i.dangling && <span className="tag tag-warn">dangling</span>}
                  </th>
                  <td className="mono">{shortId(i.id)}</td>
                  <td>{formatBytes(i.size)}</td>
                  <td>{formatCreated(i.created)}</td>
                  <td>
                    {i.containers < 0
                      ? '—'
                      : i.containers === 1
                        ? '1 container'
                        : `${i.containers} containers`}
                  </td>
                  <td className="cell-actions">
                    <RemoveRowButton name={imageName(i)} onClick={() => setRemoving(i)} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {removing && (
        <ConfirmDialog
          title={`Remove ${imageName(removing)}?`}
          confirmLabel="Remove image"
          busyLabel="Removing…"
          onConfirm={() => remove(removing)}
          onClose={() => setRemoving(null)}
        >
          <p>
            The image <strong className="mono">{imageName(removing)}</strong> (
            {formatBytes(removing.size)}) is deleted from {server}. The engine refuses while a
            container uses it.
          </p>
        </ConfirmDialog>
      )}
      {pruning && (
        <PruneImagesDialog server={server} onClose={() => setPruning(false)} onDone={reload} />
      )}
    </section>
  )
}
