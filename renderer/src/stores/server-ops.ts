// Runs in: renderer.
// What the user does to one server: check it, ping it, set up Docker, remove it. Results are kept
// per server id, so the table's OS and Docker columns, the detail page and the wizard's last step
// show the same last check. Streams (Docker setup) are consumed here and never stored: the store
// holds only what they produced.
import { create } from 'zustand'
import type { ServerSummary } from '../../../main/api/contract'
import type { CheckReport, SetupDone, SetupProgress } from '../lib/check'
import { failureOf, type UiError, type UiFailure } from '../lib/errors'
import type { StoreDeps } from './deps'

export type ServerRef = Pick<ServerSummary, 'id' | 'name'>
export type OpStatus = 'idle' | 'running' | 'ready' | 'error'

export interface CheckEntry {
  status: OpStatus
  /** The last report that arrived; kept while a new check runs or after one fails. */
  report: CheckReport | null
  checkedAt: string | null
  error: UiError | null
  /** The API's error code of that failure (host_key_changed, ...), or null. */
  code: string | null
}

export interface PingEntry {
  status: OpStatus
  latencyMs: number | null
  at: string | null
  error: UiError | null
  code: string | null
}

export interface SetupEntry {
  status: 'idle' | 'running' | 'done' | 'error'
  /** Every progress line so far, in order; lib/check.ts folds them into one row per step. */
  events: SetupProgress[]
  result: SetupDone | null
  error: UiError | null
}

export interface RemoveEntry {
  status: 'idle' | 'running' | 'error'
  error: UiError | null
}

export interface ServerOpsState {
  checks: Record<string, CheckEntry>
  pings: Record<string, PingEntry>
  setups: Record<string, SetupEntry>
  removals: Record<string, RemoveEntry>
}

export const initialServerOpsState: ServerOpsState = {
  checks: {},
  pings: {},
  setups: {},
  removals: {}
}

export const useServerOps = create<ServerOpsState>()(() => ({ ...initialServerOpsState }))

const IDLE_CHECK: CheckEntry = {
  status: 'idle',
  report: null,
  checkedAt: null,
  error: null,
  code: null
}
const IDLE_PING: PingEntry = { status: 'idle', latencyMs: null, at: null, error: null, code: null }
const IDLE_SETUP: SetupEntry = { status: 'idle', events: [], result: null, error: null }
const IDLE_REMOVE: RemoveEntry = { status: 'idle', error: null }

export const serverOpsSelectors = {
  check: (id: string) => (s: ServerOpsState) => s.checks[id] ?? IDLE_CHECK,
  report: (id: string) => (s: ServerOpsState) => s.checks[id]?.report ?? null,
  ping: (id: string) => (s: ServerOpsState) => s.pings[id] ?? IDLE_PING,
  setup: (id: string) => (s: ServerOpsState) => s.setups[id] ?? IDLE_SETUP,
  removal: (id: string) => (s: ServerOpsState) => s.removals[id] ?? IDLE_REMOVE
}

export interface ServerOpsActions {
  /** Runs `server.check`; a second call while one runs joins it instead of starting another. */
  check(server: ServerRef): Promise<void>
  ping(server: ServerRef): Promise<void>
  /** Streams `server.setupDocker` into the store, then checks again to show the new state. */
  setupDocker(server: ServerRef): Promise<void>
  /** `server.remove` (with fromServer, Pier's key is taken off the server first); true when gone. */
  remove(server: ServerRef, opts?: { fromServer?: boolean }): Promise<boolean>
  /** Clears a remove failure, when its dialog closes. */
  resetRemoval(serverId: string): void
}

type Table = 'checks' | 'pings' | 'setups' | 'removals'

export interface ServerOpsDeps extends StoreDeps {
  now?: () => Date
  /** Told of every failed check and ping, e.g. so a changed host key opens its panel. */
  onFailure?: (server: ServerRef, failure: UiFailure) => void
}

export function createServerOpsActions(deps: ServerOpsDeps): ServerOpsActions {
  const now = (): string => (deps.now?.() ?? new Date()).toISOString()
  const fail = (server: ServerRef, err: unknown): { error: UiError; code: string | null } => {
    const f = failureOf(err, deps.describeError)
    deps.onFailure?.(server, f)
    return { error: { message: f.message, hint: f.hint }, code: f.code }
  }
  const running = new Map<string, Promise<void>>()

  function patch<T extends Table>(
    table: T,
    id: string,
    idle: ServerOpsState[T][string],
    change: Partial<ServerOpsState[T][string]>
  ): void {
    useServerOps.setState((s) => ({
      [table]: { ...s[table], [id]: { ...(s[table][id] ?? idle), ...change } }
    }))
  }

  function check(server: ServerRef): Promise<void> {
    const key = `check:${server.id}`
    const inFlight = running.get(key)
    if (inFlight) return inFlight
    const run = (async () => {
      patch('checks', server.id, IDLE_CHECK, { status: 'running', error: null, code: null })
      try {
        const report = await deps.api.call('server.check', { name: server.name })
        patch('checks', server.id, IDLE_CHECK, {
          status: 'ready',
          report,
          checkedAt: now(),
          error: null,
          code: null
        })
      } catch (err) {
        patch('checks', server.id, IDLE_CHECK, { status: 'error', ...fail(server, err) })
      } finally {
        running.delete(key)
      }
    })()
    running.set(key, run)
    return run
  }

  async function ping(server: ServerRef): Promise<void> {
    patch('pings', server.id, IDLE_PING, { status: 'running', error: null, code: null })
    try {
      const r = await deps.api.call('server.ping', { name: server.name })
      patch('pings', server.id, IDLE_PING, {
        status: 'ready',
        latencyMs: r.latencyMs,
        at: now(),
        error: null,
        code: null
      })
    } catch (err) {
      patch('pings', server.id, IDLE_PING, { status: 'error', ...fail(server, err) })
    }
  }

  function setupDocker(server: ServerRef): Promise<void> {
    const key = `setup:${server.id}`
    const inFlight = running.get(key)
    if (inFlight) return inFlight
    const run = (async () => {
      patch('setups', server.id, IDLE_SETUP, {
        status: 'running',
        events: [],
        result: null,
        error: null
      })
      let result: SetupDone | null = null
      try {
        for await (const event of deps.api.stream('server.setupDocker', { name: server.name })) {
          if (event.kind === 'done') {
            result = event
            continue
          }
          const events = [...(useServerOps.getState().setups[server.id]?.events ?? []), event]
          patch('setups', server.id, IDLE_SETUP, { events })
        }
        if (!result) {
          patch('setups', server.id, IDLE_SETUP, {
            status: 'error',
            error: {
              message: `Docker setup on ${server.name} stopped before it finished.`,
              hint: 'Run it again: it is safe to repeat, and it skips what is already done.'
            }
          })
          return
        }
        patch('setups', server.id, IDLE_SETUP, { status: 'done', result })
      } catch (err) {
        patch('setups', server.id, IDLE_SETUP, { status: 'error', error: deps.describeError(err) })
        return
      } finally {
        running.delete(key)
      }
      // The checklist still shows the state from before the setup; ask again.
      await check(server)
    })()
    running.set(key, run)
    return run
  }

  async function remove(server: ServerRef, opts: { fromServer?: boolean } = {}): Promise<boolean> {
    patch('removals', server.id, IDLE_REMOVE, { status: 'running', error: null })
    try {
      await deps.api.call('server.remove', { name: server.name, fromServer: opts.fromServer })
    } catch (err) {
      patch('removals', server.id, IDLE_REMOVE, { status: 'error', error: deps.describeError(err) })
      return false
    }
    useServerOps.setState((s) => {
      const drop = <T>(table: Record<string, T>): Record<string, T> => {
        const { [server.id]: _gone, ...rest } = table
        return rest
      }
      return {
        checks: drop(s.checks),
        pings: drop(s.pings),
        setups: drop(s.setups),
        removals: drop(s.removals)
      }
    })
    return true
  }

  function resetRemoval(serverId: string): void {
    patch('removals', serverId, IDLE_REMOVE, { status: 'idle', error: null })
  }

  return { check, ping, setupDocker, remove, resetRemoval }
}
