// Runs in: renderer.
// The server list: loaded once with `server.list`, then kept live by `server.watch`. The stream
// itself lives in the `watch` action's closure, never in the store: the store holds only data.
import { create } from 'zustand'
import type { ServerSummary } from '../../../main/api/contract'
import type { UiError } from '../lib/errors'
import type { StoreDeps } from './deps'
import { follow } from './follow'

export type LoadStatus = 'loading' | 'ready' | 'error'
/** `stopped` means updates ended (with `liveError` if they failed); the list may be stale. */
export type LiveStatus = 'idle' | 'connecting' | 'live' | 'stopped'

export interface ServersState {
  servers: ServerSummary[]
  status: LoadStatus
  error: UiError | null
  live: LiveStatus
  liveError: UiError | null
  /** Bumped to ask the component that owns the watch to start a fresh one. */
  watchEpoch: number
}

export const initialServersState: ServersState = {
  servers: [],
  status: 'loading',
  error: null,
  live: 'idle',
  liveError: null,
  watchEpoch: 0
}

export const useServers = create<ServersState>()(() => ({ ...initialServersState }))

export const serverSelectors = {
  servers: (s: ServersState) => s.servers,
  status: (s: ServersState) => s.status,
  error: (s: ServersState) => s.error,
  live: (s: ServersState) => s.live,
  liveError: (s: ServersState) => s.liveError,
  watchEpoch: (s: ServersState) => s.watchEpoch,
  count: (s: ServersState) => s.servers.length,
  /** True only once we know: a user with servers must not see the first-run steps flash by. */
  isEmpty: (s: ServersState) => s.status === 'ready' && s.servers.length === 0,
  hasServers: (s: ServersState) => s.servers.length > 0,
  byId: (id: string) => (s: ServersState) => s.servers.find((x) => x.id === id)
}

export interface ServerActions {
  load(): Promise<void>
  /** Starts consuming `server.watch`; returns the function that stops it (an effect cleanup). */
  watch(): () => void
  /** After an error: reload, and restart live updates if they had stopped. */
  retry(): Promise<void>
  /**
   * A server as a mutation just returned it (renamed, new host key): shown at once, in place,
   * rather than after the list stream catches up. Unknown ids are ignored.
   */
  applyServer(server: ServerSummary): void
}

export function createServerActions(deps: StoreDeps): ServerActions {
  const set = useServers.setState
  // Counts lists applied from either source. A `server.list` answer that arrives after a newer
  // `server.watch` value must not overwrite it with an older snapshot.
  let revision = 0
  const apply = (servers: ServerSummary[]): void => {
    revision++
    set({ servers, status: 'ready', error: null })
  }

  async function load(): Promise<void> {
    const seen = revision
    // A reload of a list we already show keeps showing it rather than flashing a spinner.
    if (useServers.getState().status !== 'ready') set({ status: 'loading', error: null })
    try {
      const servers = await deps.api.call('server.list', {})
      if (revision === seen) apply(servers)
      else set({ status: 'ready', error: null })
    } catch (err) {
      set({ status: 'error', error: deps.describeError(err) })
    }
  }

  function watch(): () => void {
    const it = deps.api.stream('server.watch', {})
    set({ live: 'connecting', liveError: null })
    return follow(it, {
      value: (servers) => {
        apply(servers)
        set({ live: 'live', liveError: null })
      },
      end: () => set({ live: 'stopped' }),
      error: (err) => set({ live: 'stopped', liveError: deps.describeError(err) })
    })
  }

  async function retry(): Promise<void> {
    if (useServers.getState().live === 'stopped') {
      set((s) => ({ watchEpoch: s.watchEpoch + 1, liveError: null }))
    }
    await load()
  }

  function applyServer(server: ServerSummary): void {
    const { servers, status } = useServers.getState()
    if (status !== 'ready' || !servers.some((s) => s.id === server.id)) return
    apply(servers.map((s) => (s.id === server.id ? server : s)))
  }

  return { load, watch, retry, applyServer }
}
