// Runs in: renderer.
// Following a watch stream from a store action. The stream lives in the returned stop function's
// closure, never in the store; once stopped, no late value or failure reaches the store, so a
// page that closed and reopened never sees the old watch overwrite the new one.
import type { UiError } from '../lib/errors'
import type { LiveStatus, LoadStatus } from './servers'

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

/** The fields every store that follows a list watch keeps. */
export interface WatchedList {
  status: LoadStatus
  error: UiError | null
  live: LiveStatus
  liveError: UiError | null
}

/**
 * Follows a list watch into a store: each value, as `picture` maps it into the store, is the
 * page's ready state; a failure is `watchFailure`'s. Returns the function that stops it.
 */
export function followList<T, S extends WatchedList>(
  it: AsyncIterableIterator<T>,
  store: { getState(): S; setState(partial: Partial<S>): void },
  picture: (value: T) => Partial<S>,
  describeError: (err: unknown) => UiError
): () => void {
  const set = (partial: Partial<WatchedList>): void => store.setState(partial as Partial<S>)
  set({ live: 'connecting', liveError: null })
  return follow(it, {
    value: (value) =>
      store.setState({
        ...picture(value),
        status: 'ready',
        error: null,
        live: 'live',
        liveError: null
      }),
    end: () => set({ live: 'stopped' }),
    error: (err) => set(watchFailure(store.getState().status, describeError(err)))
  })
}
