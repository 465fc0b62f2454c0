// Runs in: renderer.
// The parts every resource tab of the Containers page (images, volumes, networks) draws the
// same way: the toolbar with the count and Prune, the list's failure and first load, a row's
// Remove button, and a removal's outcome as the confirm dialog wants it.
import type { JSX, ReactNode } from 'react'
import { describeError } from '../../api'
import { ErrorBanner } from '../../components/ErrorBanner'
import type { DockerResource } from '../../hooks/useDockerResource'
import type { UiError } from '../../lib/errors'

export function ResourceToolbar({
  summary,
  onPrune
}: {
  summary: ReactNode
  onPrune: () => void
}): JSX.Element {
  return (
    <div className="container-toolbar">
      <span className="muted small">{summary}</span>
      <span className="actions-gap" />
      <button type="button" className="button button-secondary button-small" onClick={onPrune}>
        Prune…
      </button>
    </div>
  )
}

/** The list's failure (with Retry) and its first load; `noun` is plural ("images"). */
export function ResourceLoadState<T>({
  noun,
  resource
}: {
  noun: string
  resource: DockerResource<T>
}): JSX.Element {
  return (
    <>
      {resource.error && (
        <ErrorBanner
          title={`Pier could not list the ${noun}.`}
          error={resource.error}
          onRetry={resource.reload}
        />
      )}
      {resource.loading && !resource.data && (
        <p className="loading" role="status">
          {`Loading ${noun}…`}
        </p>
      )}
    </>
  )
}

export function RemoveRowButton({
  name,
  onClick
}: {
  name: string
  onClick: () => void
}): JSX.Element {
  return (
    <button
      type="button"
      className="button button-danger-quiet button-small"
      aria-label={`Remove ${name}…`}
      onClick={onClick}
    >
      Remove…
    </button>
  )
}

/** Runs a removal, then `reload`; resolves to the error for the dialog, or null when done. */
export async function removeAndReload(
  remove: () => Promise<unknown>,
  reload: () => void
): Promise<UiError | null> {
  try {
    await remove()
    reload()
    return null
  } catch (err) {
    return describeError(err)
  }
}
