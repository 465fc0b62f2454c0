// Runs in: renderer.
// Following a watch stream from a store action. The stream lives in the returned stop function's
// closure, never in the store; once stopped, no late value or failure reaches the store, so a
// page that closed and reopened never sees the old watch overwrite the new one.
import type { UiError } from '../lib/errors'
import type { LoadStatus } from './servers'

export interface StreamHandlers<T> {
  value(value: T): void
  /** The other side ended the stream. */
  end(): void
  error(err: unknown): void
}

/** Feeds each value of `it` to `on`; returns the function that stops it (an effect cleanup). */
export function follow<T>(it: AsyncIterableIterator<T>, on: StreamHandlers<T>): () => void {
  let stopped = false
  void (async () => {
    try {
      for await (const value of it) {
        if (stopped) break
        on.value(value)
      }
      if (!stopped) on.end()
    } catch (err) {
      if (!stopped) on.error(err)
    }
  })()
  return () => {
    stopped = true
    void it.return?.()
  }
}

/**
 * What a failed list watch leaves: without a first picture there is nothing to show but the
 * failure; after one the list stays on screen and the failure says it may be stale.
 */
export function watchFailure(
  status: LoadStatus,
  error: UiError
): { status: 'error'; error: UiError; live: 'stopped' } | { live: 'stopped'; liveError: UiError } {
  return status !== 'ready'
    ? { status: 'error', error, live: 'stopped' }
    : { live: 'stopped', liveError: error }
}
