// Runs in: renderer.
// Each server's connection status (connecting, ready, reconnecting, failed with a reason), fed by
// the `server.statuses` stream. Main only reports servers it has a connection for; a server with
// no entry has never been connected in this session, which the UI shows as idle.
import { create } from 'zustand'
import type { OutputOf } from '../../../main/api/contract'
import type { UiError } from '../lib/errors'
import type { StoreDeps } from './deps'
import { follow } from './follow'
import type { LiveStatus } from './servers'

export type LinkStatus = OutputOf<'server.statuses'>[number]
export type LinkState = LinkStatus['state']

export interface ServerStatusState {
  byId: Record<string, LinkStatus>
  live: LiveStatus
  liveError: UiError | null
  /** Bumped to ask the component that owns the watch to start a fresh one. */
  watchEpoch: number
}

export const initialServerStatusState: ServerStatusState = {
  byId: {},
  live: 'idle',
  liveError: null,
  watchEpoch: 0
}

export const useServerStatus = create<ServerStatusState>()(() => ({
  ...initialServerStatusState
}))

export const serverStatusSelectors = {
  /** The server's state; 'idle' when Pier has not connected to it yet. */
  stateOf: (serverId: string) => (s: ServerStatusState) => s.byId[serverId]?.state ?? 'idle',
  of: (serverId: string) => (s: ServerStatusState) => s.byId[serverId] ?? null,
  live: (s: ServerStatusState) => s.live,
  liveError: (s: ServerStatusState) => s.liveError,
  watchEpoch: (s: ServerStatusState) => s.watchEpoch
}

export interface ServerStatusActions {
  /** Starts consuming `server.statuses`; returns the function that stops it (an effect cleanup). */
  watch(): () => void
  /** After the stream stopped: ask for a fresh watch. */
  retry(): void
}

export function createServerStatusActions(deps: StoreDeps): ServerStatusActions {
  const set = useServerStatus.setState

  function watch(): () => void {
    const it = deps.api.stream('server.statuses', {})
    set({ live: 'connecting', liveError: null })
    return follow(it, {
      value: (statuses) => {
        // Each value is the whole picture, so it replaces rather than merges: a dropped
        // server's link disappears with it.
        const byId: Record<string, LinkStatus> = {}
        for (const st of statuses) byId[st.serverId] = st
        set({ byId, live: 'live', liveError: null })
      },
      end: () => set({ live: 'stopped' }),
      error: (err) => set({ live: 'stopped', liveError: deps.describeError(err) })
    })
  }

  function retry(): void {
    set((s) => ({ watchEpoch: s.watchEpoch + 1, liveError: null }))
  }

  return { watch, retry }
}

export interface StatusView {
  /** A CSS modifier: the dot's colour. */
  tone: 'idle' | 'busy' | 'ok' | 'warn' | 'bad'
  text: string
  /** The longer explanation for a tooltip: the reason when there is one. */
  title: string
}

/** How a link status reads in the table and the detail header. */
export function statusView(status: LinkStatus | null): StatusView {
  const state = status?.state ?? 'idle'
  const reason = status?.reason ?? ''
  switch (state) {
    case 'idle':
      return {
        tone: 'idle',
        text: 'Not connected',
        title: 'Pier connects when something needs this server: a check, a ping, a deploy.'
      }
    case 'connecting':
      return { tone: 'busy', text: 'Connecting…', title: 'Opening the SSH connection.' }
    case 'ready':
      return { tone: 'ok', text: 'Ready', title: 'Connected over SSH.' }
    case 'reconnecting': {
      const attempt = status && status.attempt > 1 ? ` (attempt ${status.attempt})` : ''
      return {
        tone: 'warn',
        text: `Reconnecting${attempt}…`,
        title: reason || 'The connection dropped; Pier is reconnecting.'
      }
    }
    case 'failed':
      // The two failures only the user can resolve, named for what to do on the server page.
      if (status?.code === 'host_key_changed')
        return { tone: 'bad', text: 'Host key changed', title: reason || 'The host key changed.' }
      if (status?.code === 'host_key_unknown')
        return {
          tone: 'warn',
          text: 'Verify host key',
          title: reason || 'Pier has not verified this server’s host key yet.'
        }
      return { tone: 'bad', text: 'Failed', title: reason || 'The connection failed.' }
    case 'closed':
      return { tone: 'idle', text: 'Closed', title: reason || 'The connection was closed.' }
  }
}
