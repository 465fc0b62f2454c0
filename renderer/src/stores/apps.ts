// Runs in: renderer.
// Apps: the list, kept live by `app.watch`; each app's swarm service status, asked with
// `app.status` while the Apps page is open (and again when a deploy job ends); the releases of
// the open app; and the deploys, rollbacks, env saves and removals in flight. Secret values
// pass through the create and save actions to the API and are never kept here.
import { create } from 'zustand'
import type { InputOf } from '../../../main/api/contract'
import type { AppRecord, AppStatus, ReleaseRecord } from '../lib/apps'
import type { UiError } from '../lib/errors'
import type { StoreDeps } from './deps'
import { followList } from './follow'
import { loadListEntry, oneAtATime, type ListEntry } from './loads'
import { opRunner, type OpMap } from './ops'
import type { LiveStatus, LoadStatus } from './servers'

export type AppOp = 'deploy' | 'rollback' | 'env' | 'remove'

export type ReleasesEntry = ListEntry<ReleaseRecord>

export interface AppsState {
  apps: AppRecord[]
  status: LoadStatus
  error: UiError | null
  live: LiveStatus
  liveError: UiError | null
  watchEpoch: number
  /** By app name; absent until first asked. */
  statuses: Record<string, AppStatus>
  statusError: UiError | null
  releases: Record<string, ReleasesEntry>
  /** By `${app}:${op}`. */
  ops: OpMap
  /** The job each app's last Deploy or Rollback here started, shown before the watch has it. */
  startedJobs: Record<string, string>
  wizardOpen: boolean
}

export const initialAppsState: AppsState = {
  apps: [],
  status: 'loading',
  error: null,
  live: 'idle',
  liveError: null,
  watchEpoch: 0,
  statuses: {},
  statusError: null,
  releases: {},
  ops: {},
  startedJobs: {},
  wizardOpen: false
}

export const useApps = create<AppsState>()(() => ({ ...initialAppsState }))

const NO_RELEASES: ReleasesEntry = { status: 'loading', list: [], error: null }

export const appSelectors = {
  apps: (s: AppsState) => s.apps,
  status: (s: AppsState) => s.status,
  error: (s: AppsState) => s.error,
  liveError: (s: AppsState) => s.liveError,
  watchEpoch: (s: AppsState) => s.watchEpoch,
  statuses: (s: AppsState) => s.statuses,
  statusError: (s: AppsState) => s.statusError,
  wizardOpen: (s: AppsState) => s.wizardOpen,
  app: (name: string | null) => (s: AppsState) => s.apps.find((a) => a.name === name) ?? null,
  statusOf: (name: string) => (s: AppsState) => s.statuses[name] ?? null,
  releases: (name: string) => (s: AppsState) => s.releases[name] ?? NO_RELEASES,
  op: (name: string, op: AppOp) => (s: AppsState) => s.ops[`${name}:${op}`] ?? null,
  startedJob: (name: string) => (s: AppsState) => s.startedJobs[name] ?? null
}

export interface AppActions {
  /** Starts consuming `app.watch`; returns the function that stops it (an effect cleanup). */
  watch(): () => void
  retry(): void
  refreshStatus(): Promise<void>
  loadReleases(name: string): Promise<void>
  openWizard(): void
  closeWizard(): void
  /** Resolves to the error to show in the wizard, or null when the app was created. */
  create(input: InputOf<'app.create'>): Promise<UiError | null>
  deploy(name: string): Promise<void>
  /** Resolves to the error to show in the confirmation, or null once the rollback started. */
  rollback(name: string, to: number): Promise<UiError | null>
  saveEnv(input: InputOf<'app.update'>): Promise<UiError | null>
  remove(name: string): Promise<UiError | null>
  dismissOp(name: string, op: AppOp): void
}

export function createAppActions(deps: StoreDeps): AppActions {
  const set = useApps.setState
  const get = useApps.getState

  const { setOp, run } = opRunner<AppOp>(
    { get: () => get().ops, update: (fn) => set((s) => ({ ops: fn(s.ops) })) },
    deps.describeError,
    'forget'
  )

  const watch = (): (() => void) =>
    followList(deps.api.stream('app.watch', {}), useApps, (apps) => ({ apps }), deps.describeError)

  // One question at a time: a slow server must not pile up requests behind it.
  const refreshStatus = oneAtATime(async () => {
    try {
      const list = await deps.api.call('app.status', {})
      set({ statuses: Object.fromEntries(list.map((s) => [s.app, s])), statusError: null })
    } catch (err) {
      set({ statusError: deps.describeError(err) })
    }
  })

  const loadReleases = (name: string): Promise<void> =>
    loadListEntry(
      name,
      { update: (fn) => set((s) => ({ releases: fn(s.releases) })) },
      () => deps.api.call('app.releases', { name }),
      deps.describeError
    )

  async function create(input: InputOf<'app.create'>): Promise<UiError | null> {
    try {
      const app = await deps.api.call('app.create', input)
      // The watch brings it too; adding it now lets the page open it at once.
      set((s) => ({
        apps: s.apps.some((a) => a.name === app.name)
          ? s.apps
          : [...s.apps, app].sort((a, b) => a.name.localeCompare(b.name)),
        wizardOpen: false
      }))
      return null
    } catch (err) {
      return deps.describeError(err)
    }
  }

  const started = (name: string, jobId: string): void =>
    set((s) => ({ startedJobs: { ...s.startedJobs, [name]: jobId } }))

  return {
    watch,
    retry: () => set((s) => ({ watchEpoch: s.watchEpoch + 1, liveError: null, error: null })),
    refreshStatus,
    loadReleases,
    openWizard: () => set({ wizardOpen: true }),
    closeWizard: () => set({ wizardOpen: false }),
    create,
    deploy: async (name) => {
      await run(name, 'deploy', async () => {
        const r = await deps.api.call('app.deploy', { name })
        started(name, r.jobId)
      })
    },
    rollback: (name, to) =>
      run(name, 'rollback', async () => {
        const r = await deps.api.call('app.rollback', { name, to, wait: false })
        started(name, r.jobId)
      }),
    saveEnv: (input) => run(input.name, 'env', () => deps.api.call('app.update', input)),
    remove: (name) =>
      run(name, 'remove', async () => {
        await deps.api.call('app.remove', { name })
        set((s) => {
          const { [name]: _s, ...statuses } = s.statuses
          const { [name]: _r, ...releases } = s.releases
          return { apps: s.apps.filter((a) => a.name !== name), statuses, releases }
        })
      }),
    dismissOp: (name, op) => setOp(name, op, null)
  }
}
