// Runs in: renderer.
// Loading pieces a page asks for (each app's status, one app's releases, one database's
// backups) into a store, the same way everywhere: the last good list stays on screen while a
// reload runs or after one fails, and a slow server never gets the same question twice at once.
import type { UiError } from '../lib/errors'
import type { LoadStatus } from './servers'

export interface ListEntry<T> {
  status: LoadStatus
  list: T[]
  error: UiError | null
}

export type ListEntries<T> = Record<string, ListEntry<T>>

/** Wraps `ask` so a call while one runs joins it instead of asking again. */
export function oneAtATime(ask: () => Promise<void>): () => Promise<void> {
  let asking: Promise<void> | null = null
  return () => {
    asking ??= ask().finally(() => {
      asking = null
    })
    return asking
  }
}

/** Loads one keyed list (`fetch`) into `entries[key]`, keeping the old list while it runs. */
export async function loadListEntry<T>(
  key: string,
  entries: { update(fn: (all: ListEntries<T>) => ListEntries<T>): void },
  fetch: () => Promise<T[]>,
  describeError: (err: unknown) => UiError
): Promise<void> {
  const empty: ListEntry<T> = { status: 'loading', list: [], error: null }
  entries.update((all) => ({
    ...all,
    [key]: { ...(all[key] ?? empty), status: 'loading', error: null }
  }))
  try {
    const list = await fetch()
    entries.update((all) => ({ ...all, [key]: { status: 'ready', list, error: null } }))
  } catch (err) {
    const error = describeError(err)
    entries.update((all) => ({ ...all, [key]: { ...(all[key] ?? empty), status: 'error', error } }))
  }
}
