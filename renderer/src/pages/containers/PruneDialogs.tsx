// Runs in: renderer.
// Prune, previewed: the dialog asks the engine what a prune would delete and lists exactly that
// before anything goes. Confirming deletes; closing leaves everything as it was.
import { useEffect, useState, type JSX } from 'react'
import { api, describeError } from '../../api'
import { ConfirmDialog } from '../../components/ConfirmDialog'
import { ErrorBanner } from '../../components/ErrorBanner'
import type { ImagePrunePreview, VolumeRow } from '../../../../main/core/docker/model'
import { formatBytes, shortId } from '../../lib/docker-format'
import type { UiError } from '../../lib/errors'

function usePreview<T>(load: () => Promise<T>, key: string) {
  // The answer carries the question it answers: a stale one (the "all" box changed since) is
  // not shown, without resetting state inside the effect.
  const [result, setResult] = useState<{ key: string; data: T | null; error: UiError | null }>()
  useEffect(() => {
    let stopped = false
    load().then(
      (data) => !stopped && setResult({ key, data, error: null }),
      (err: unknown) => !stopped && setResult({ key, data: null, error: describeError(err) })
    )
    return () => {
      stopped = true
    }
    // The loader is rebuilt each render; `key` names what it loads.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key])
  const current = result?.key === key ? result : null
  return { data: current?.data ?? null, error: current?.error ?? null }
}

export function PruneImagesDialog({
  server,
  onClose,
  onDone
}: {
  server: string
  onClose: () => void
  onDone: () => void
}): JSX.Element {
  const [all, setAll] = useState(false)
  const preview = usePreview<ImagePrunePreview>(
    () => api.call('docker.imagePrunePreview', { server, all }),
    `${server}:${all}`
  )
  const images = preview.data?.images ?? []
  return (
    <ConfirmDialog
      title={`Prune images on ${server}?`}
      confirmLabel={images.length === 1 ? 'Delete 1 image' : `Delete ${images.length} images`}
      busyLabel="Deleting…"
      confirmDisabled={!preview.data || images.length === 0}
      onClose={onClose}
      onConfirm={async () => {
        try {
          await api.call('docker.imagePrune', { server, all })
          onDone()
          return null
        } catch (err) {
          return describeError(err)
        }
      }}
    >
      <label className="toggle-check">
        <input type="checkbox" checked={all} onChange={(e) => setAll(e.target.checked)} />
        Every image no container uses, not only dangling ones
      </label>
      {preview.error && <ErrorBanner title="No preview." error={preview.error} />}
      {!preview.data && !preview.error && <p className="loading">Asking the engine…</p>}
      {preview.data &&
        (images.length === 0 ? (
          <p data-testid="prune-preview-empty">Nothing to prune: no image would be deleted.</p>
        ) : (
          <>
            <p>
              These {images.length} images would be deleted, freeing about{' '}
              {formatBytes(preview.data.reclaimableBytes)}:
            </p>
            <ul className="prune-list mono" data-testid="prune-preview">
              {images.map((i) => (
                <li key={i.id}>
                  {i.tags[0] ?? '<none>'} <span className="muted">{shortId(i.id)}</span> ·{' '}
                  {formatBytes(i.size)}
                </li>
              ))}
            </ul>
          </>
        ))}
    </ConfirmDialog>
  )
}

export function PruneVolumesDialog({
  server,
  onClose,
  onDone
}: {
  server: string
  onClose: () => void
  onDone: () => void
}): JSX.Element {
  const preview = usePreview<VolumeRow[]>(
    () => api.call('docker.volumePrunePreview', { server }),
    server
  )
  const volumes = preview.data ?? []
  return (
    <ConfirmDialog
      title={`Prune volumes on ${server}?`}
      confirmLabel={volumes.length === 1 ? 'Delete 1 volume' : `Delete ${volumes.length} volumes`}
      busyLabel="Deleting…"
      confirmDisabled={!preview.data || volumes.length === 0}
      onClose={onClose}
      onConfirm={async () => {
        try {
          await api.call('docker.volumePrune', { server })
          onDone()
          return null
        } catch (err) {
          return describeError(err)
        }
      }}
    >
      {preview.error && <ErrorBanner title="No preview." error={preview.error} />}
      {!preview.data && !preview.error && <p className="loading">Asking the engine…</p>}
      {preview.data &&
        (volumes.length === 0 ? (
          <p data-testid="prune-preview-empty">Nothing to prune: every volume is in use.</p>
        ) : (
          <>
            <p>
              No container mounts these {volumes.length} volumes. They would be deleted with their
              data:
            </p>
            <ul className="prune-list mono" data-testid="prune-preview">
              {volumes.map((v) => (
                <li key={v.name}>
                  {v.name} <span className="muted">· {formatBytes(v.size)}</span>
                </li>
              ))}
            </ul>
          </>
        ))}
    </ConfirmDialog>
  )
}
