// Runs in: renderer.
// Databases and their backups: the list, the pulls in flight and the local library, all kept
// live by `db.watch`; each database's status (`db.list`, asked while a page shows them); each
// one's manifest; the tunnels open here; and the operations in flight with their errors. A
// password passes through `copyPassword` to the caller and is never kept here.
import { create } from 'zustand'
import type {
  BackupRecord,
  Database,
  DatabaseStatus,
  LibraryEntry,
  Transfer,
  TunnelEvent
} from '../lib/databases'
import type { UiError } from '../lib/errors'
import type { StoreDeps } from './deps'
import { followList } from './follow'
import { loadListEntry, oneAtATime, type ListEntry } from './loads'
import { opRunner, type OpMap } from './ops'
import type { LiveStatus, LoadStatus } from './servers'

export type DbOp =
  'create' | 'remove' | 'tunnel' | 'schedule' | 'run' | 'pull' | 'restore' | 'verify' | 'autoPull'

export type BackupsEntry = ListEntry<BackupRecord>

export interface VerifyOutcome {
  ok: boolean
  count: number | null
  reason: string | null
  jobId: string | null
}

export interface DatabasesState {
  databases: Database[]
  transfers: Transfer[]
  library: LibraryEntry[]
  status: LoadStatus
  error: UiError | null
  live: LiveStatus
  liveError: UiError | null
  watchEpoch: number
  /** By name; absent until first asked. */
  statuses: Record<string, DatabaseStatus>
  statusError: UiError | null
  backups: Record<string, BackupsEntry>
  /** Open tunnels by database. */
  tunnels: Record<string, TunnelEvent>
  /** By `${db}:${op}` (verify: `${path}:verify`). */
  ops: OpMap
  /** The job each database's last Run now started here. */
  runJobs: Record<string, { server: string; jobId: string }>
  /** The last Verify of each library file, by path. */
  verified: Record<string, VerifyOutcome>
  createOpen: boolean
  /** The database the Backups page shows. */
  selected: string | null
}

export const initialDatabasesState: DatabasesState = {
  databases: [],
  transfers: [],
  library: [],
  status: 'loading',
  error: null,
  live: 'idle',
  liveError: null,
  watchEpoch: 0,
  statuses: {},
  statusError: null,
  backups: {},
  tunnels: {},
  ops: {},
  runJobs: {},
  verified: {},
  createOpen: false,
  selected: null
}

export const useDatabases = create<DatabasesState>()(() => ({ ...initialDatabasesState }))

const NO_BACKUPS: BackupsEntry = { status: 'loading', list: [], error: null }

export const dbSelectors = {
  databases: (s: DatabasesState) => s.databases,
  status: (s: DatabasesState) => s.status,
  error: (s: DatabasesState) => s.error,
  liveError: (s: DatabasesState) => s.liveError,
  watchEpoch: (s: DatabasesState) => s.watchEpoch,
  statusError: (s: DatabasesState) => s.statusError,
  transfers: (s: DatabasesState) => s.transfers,
  library: (s: DatabasesState) => s.library,
  createOpen: (s: DatabasesState) => s.createOpen,
  selected: (s: DatabasesState) => s.selected,
  statusOf: (name: string) => (s: DatabasesState) => s.statuses[name] ?? null,
  tunnel: (name: string) => (s: DatabasesState) => s.tunnels[name] ?? null,
  backups: (name: string) => (s: DatabasesState) => s.backups[name] ?? NO_BACKUPS,
  op: (key: string, op: DbOp) => (s: DatabasesState) => s.ops[`${key}:${op}`] ?? null,
  runJob: (name: string) => (s: DatabasesState) => s.runJobs[name] ?? null,
  verified: (path: string) => (s: DatabasesState) => s.verified[path] ?? null
}

export interface DbActions {
  /** Starts consuming `db.watch`; returns the function that stops it (an effect cleanup). */
  watch(): () => void
  retry(): void
  refreshStatus(): Promise<void>
  openCreate(): void
  closeCreate(): void
  select(name: string | null): void
  /** Resolves to the error to show in the dialog, or null once the database answers. */
  create(input: {
    name: string
    server: string
    engine: Database['engine']
    version?: string
    image?: string
  }): Promise<UiError | null>
  remove(name: string): Promise<UiError | null>
  openTunnel(name: string): Promise<void>
  closeTunnel(name: string): void
  closeAllTunnels(): void
  /** The password from the keychain, for the clipboard; never stored. */
  password(name: string): Promise<string>
  loadBackups(name: string): Promise<void>
  schedule(name: string, cron: string, keep: number): Promise<UiError | null>
  unschedule(name: string): Promise<UiError | null>
  setAutoPull(name: string, on: boolean): Promise<UiError | null>
  run(name: string): Promise<void>
  pull(name: string, id: string): Promise<void>
  restore(name: string, from: string, into: string | null): Promise<UiError | null>
  verify(entry: { path: string; engine: Database['engine']; db: string | null }): Promise<void>
  dismissOp(key: string, op: DbOp): void
}

export function createDbActions(deps: StoreDeps): DbActions {
  const set = useDatabases.setState
  const get = useDatabases.getState
  const tunnelStops = new Map<string, () => void>()

  const { setOp, run } = opRunner<DbOp>(
    { get: () => get().ops, update: (fn) => set((s) => ({ ops: fn(s.ops) })) },
    deps.describeError,
    'keep'
  )

  const watch = (): (() => void) =>
    followList(
      deps.api.stream('db.watch', {}),
      useDatabases,
      (snap) => ({ databases: snap.databases, transfers: snap.transfers, library: snap.library }),
      deps.describeError
    )

  // One question at a time: a slow server must not pile up requests behind it.
  const refreshStatus = oneAtATime(async () => {
    try {
      const list = await deps.api.call('db.list', {})
      set({ statuses: Object.fromEntries(list.map((s) => [s.name, s])), statusError: null })
    } catch (err) {
      set({ statusError: deps.describeError(err) })
    }
  })

  const loadBackups = (name: string): Promise<void> =>
    loadListEntry(
      name,
      { update: (fn) => set((s) => ({ backups: fn(s.backups) })) },
      () => deps.api.call('backup.list', { db: name }),
      deps.describeError
    )

  function closeTunnel(name: string): void {
    tunnelStops.get(name)?.()
    tunnelStops.delete(name)
    set((s) => {
      const { [name]: _t, ...tunnels } = s.tunnels
      return { tunnels }
    })
  }

  async function openTunnel(name: string): Promise<void> {
    if (get().tunnels[name] || tunnelStops.has(name)) return
    await run(name, 'tunnel', async () => {
      const it = deps.api.stream('db.tunnel', { name })
      tunnelStops.set(name, () => void it.return?.())
      const first = await it.next()
      if (first.done) throw new Error('The tunnel closed before it listened.')
      set((s) => ({ tunnels: { ...s.tunnels, [name]: first.value } }))
      // The stream ends when the tunnel does (Stop, or the API going away).
      void (async () => {
        try {
          for await (const _ of it) void _
        } catch (err) {
          setOp(name, 'tunnel', { status: 'error', error: deps.describeError(err) })
        } finally {
          if (tunnelStops.has(name)) closeTunnel(name)
        }
      })()
    })
    if (get().ops[`${name}:tunnel`]?.status === 'error') tunnelStops.delete(name)
  }

  return {
    watch,
    retry: () => set((s) => ({ watchEpoch: s.watchEpoch + 1, liveError: null, error: null })),
    refreshStatus,
    openCreate: () => set({ createOpen: true }),
    closeCreate: () => set({ createOpen: false }),
    select: (name) => set({ selected: name }),
    create: (input) =>
      run(input.name, 'create', async () => {
        await deps.api.call('db.create', input)
        set({ createOpen: false })
        void refreshStatus()
      }),
    remove: (name) =>
      run(name, 'remove', async () => {
        closeTunnel(name)
        await deps.api.call('db.remove', { name })
        set((s) => {
          const { [name]: _s, ...statuses } = s.statuses
          const { [name]: _b, ...backups } = s.backups
          return {
            databases: s.databases.filter((d) => d.name !== name),
            statuses,
            backups,
            selected: s.selected === name ? null : s.selected
          }
        })
      }),
    openTunnel,
    closeTunnel,
    closeAllTunnels: () => [...tunnelStops.keys()].forEach(closeTunnel),
    password: async (name) => (await deps.api.call('db.password', { name })).password,
    loadBackups,
    schedule: (name, cron, keep) =>
      run(name, 'schedule', async () => {
        await deps.api.call('backup.schedule', { db: name, cron, keep })
      }),
    unschedule: (name) =>
      run(name, 'schedule', async () => {
        await deps.api.call('backup.unschedule', { db: name })
      }),
    setAutoPull: (name, on) =>
      run(name, 'autoPull', async () => {
        await deps.api.call('backup.autoPull', { db: name, ...(on ? {} : { off: true }) })
      }),
    run: async (name) => {
      await run(name, 'run', async () => {
        const r = await deps.api.call('backup.run', { db: name })
        set((s) => ({ runJobs: { ...s.runJobs, [name]: { server: r.server, jobId: r.jobId } } }))
      })
    },
    pull: async (name, id) => {
      await run(`${name}/${id}`, 'pull', async () => {
        const p = await deps.api.call('backup.pull', { db: name, id })
        return p.path
      })
    },
    restore: (name, from, into) =>
      run(name, 'restore', async () => {
        const r = await deps.api.call('backup.restore', {
          db: name,
          from,
          ...(into ? { into } : { yes: true })
        })
        void loadBackups(name)
        return `${r.summary}${r.safetyBackup ? ` (safety backup ${r.safetyBackup} first)` : ''}`
      }),
    verify: async ({ path, engine, db }) => {
      await run(path, 'verify', async () => {
        try {
          const r = await deps.api.call('backup.verify', {
            file: path,
            engine,
            ...(db ? { db } : {})
          })
          set((s) => ({
            verified: {
              ...s.verified,
              [path]: { ok: r.ok, count: r.count, reason: r.reason, jobId: r.jobId }
            }
          }))
        } catch (err) {
          const e = deps.describeError(err)
          set((s) => ({
            verified: {
              ...s.verified,
              [path]: { ok: false, count: null, reason: e.message, jobId: null }
            }
          }))
          throw err
        }
      })
    },
    dismissOp: (key, op) => setOp(key, op, null)
  }
}
