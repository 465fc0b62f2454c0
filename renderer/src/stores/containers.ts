// Runs in: renderer.
// Every server's containers, kept live by one `docker.watch` (which refreshes a server's list
// after each of its engine's events), plus how the page shows them (grouping, filter, search,
// sort, collapsed groups), the container whose detail is open, and container actions in flight.
// Log and stats streams never enter the store: the detail's hooks own them.
import { create } from 'zustand'
import type { ContainerRow, ServerFailure } from '../../../main/core/docker/model'
import {
  containerKey,
  toggleSort,
  type ContainerSort,
  type GroupMode,
  type SortKey,
  type StateFilter
} from '../lib/containers'
import type { UiError } from '../lib/errors'
import type { StoreDeps } from './deps'
import { followList } from './follow'
import type { LiveStatus, LoadStatus } from './servers'

export const CONTAINER_VERBS = ['start', 'stop', 'restart', 'pause', 'unpause', 'remove'] as const
export type ContainerVerb = (typeof CONTAINER_VERBS)[number]

export const DETAIL_TABS = [
  'overview',
  'logs',
  'stats',
  'health',
  'ports',
  'mounts',
  'networks',
  'env',
  'labels'
] as const
export type DetailTab = (typeof DETAIL_TABS)[number]

export interface ActionEntry {
  verb: ContainerVerb
  status: 'running' | 'error'
  error: UiError | null
}

export interface ContainersState {
  containers: ContainerRow[]
  failures: ServerFailure[]
  status: LoadStatus
  error: UiError | null
  live: LiveStatus
  liveError: UiError | null
  /** Bumped to ask the page that owns the watch to start a fresh one. */
  watchEpoch: number
  groupBy: GroupMode
  filter: StateFilter
  query: string
  sort: ContainerSort
  /** Group keys the user folded away. */
  collapsed: string[]
  /** containerKey of the container whose detail is open. */
  selected: string | null
  tab: DetailTab
  /** By containerKey. */
  actions: Record<string, ActionEntry>
}

export const initialContainersState: ContainersState = {
  containers: [],
  failures: [],
  status: 'loading',
  error: null,
  live: 'idle',
  liveError: null,
  watchEpoch: 0,
  groupBy: 'server',
  filter: 'all',
  query: '',
  sort: { key: 'name', dir: 'asc' },
  collapsed: [],
  selected: null,
  tab: 'overview',
  actions: {}
}

export const useContainers = create<ContainersState>()(() => ({ ...initialContainersState }))

export const containerSelectors = {
  containers: (s: ContainersState) => s.containers,
  failures: (s: ContainersState) => s.failures,
  status: (s: ContainersState) => s.status,
  error: (s: ContainersState) => s.error,
  live: (s: ContainersState) => s.live,
  liveError: (s: ContainersState) => s.liveError,
  watchEpoch: (s: ContainersState) => s.watchEpoch,
  groupBy: (s: ContainersState) => s.groupBy,
  filter: (s: ContainersState) => s.filter,
  query: (s: ContainersState) => s.query,
  sort: (s: ContainersState) => s.sort,
  collapsed: (s: ContainersState) => s.collapsed,
  selectedKey: (s: ContainersState) => s.selected,
  tab: (s: ContainersState) => s.tab,
  /** The open container's current row; null when none is open or it is gone. */
  selected: (s: ContainersState) =>
    s.selected ? (s.containers.find((c) => containerKey(c) === s.selected) ?? null) : null,
  actions: (s: ContainersState) => s.actions,
  action: (key: string) => (s: ContainersState) => s.actions[key] ?? null
}

export interface ContainerActions {
  /** Consumes `docker.watch` for all servers; returns the function that stops it. */
  watch(): () => void
  retry(): void
  setGroupBy(mode: GroupMode): void
  setFilter(filter: StateFilter): void
  setQuery(query: string): void
  sortBy(key: SortKey): void
  toggleGroup(key: string): void
  open(row: ContainerRow, tab?: DetailTab): void
  close(): void
  setTab(tab: DetailTab): void
  /** Runs `docker.<verb>`; the list shows the outcome when the engine's event arrives. */
  run(row: ContainerRow, verb: ContainerVerb, opts?: { force?: boolean }): Promise<boolean>
  dismissActionError(key: string): void
}

export function createContainerActions(deps: StoreDeps): ContainerActions {
  const set = useContainers.setState
  const get = useContainers.getState

  const watch = (): (() => void) =>
    followList(
      deps.api.stream('docker.watch', { all: true }),
      useContainers,
      (snapshot) => ({ containers: snapshot.containers, failures: snapshot.failures }),
      deps.describeError
    )

  async function run(
    row: ContainerRow,
    verb: ContainerVerb,
    opts: { force?: boolean } = {}
  ): Promise<boolean> {
    const key = containerKey(row)
    if (get().actions[key]?.status === 'running') return false
    set((s) => ({ actions: { ...s.actions, [key]: { verb, status: 'running', error: null } } }))
    try {
      const target = { server: row.server, container: row.id }
      if (verb === 'remove') await deps.api.call('docker.remove', { ...target, force: opts.force })
      else await deps.api.call(`docker.${verb}`, target)
      set((s) => {
        const { [key]: _done, ...actions } = s.actions
        return { actions, selected: verb === 'remove' && s.selected === key ? null : s.selected }
      })
      return true
    } catch (err) {
      set((s) => ({
        actions: {
          ...s.actions,
          [key]: { verb, status: 'error', error: deps.describeError(err) }
        }
      }))
      return false
    }
  }

  return {
    watch,
    retry: () => set((s) => ({ watchEpoch: s.watchEpoch + 1, liveError: null, error: null })),
    setGroupBy: (groupBy) => set({ groupBy, collapsed: [] }),
    setFilter: (filter) => set({ filter }),
    setQuery: (query) => set({ query }),
    sortBy: (key) => set((s) => ({ sort: toggleSort(s.sort, key) })),
    toggleGroup: (key) =>
      set((s) => ({
        collapsed: s.collapsed.includes(key)
          ? s.collapsed.filter((k) => k !== key)
          : [...s.collapsed, key]
      })),
    open: (row, tab) => set((s) => ({ selected: containerKey(row), tab: tab ?? s.tab })),
    close: () => set({ selected: null }),
    setTab: (tab) => set({ tab }),
    run,
    dismissActionError: (key) =>
      set((s) => {
        const { [key]: _gone, ...actions } = s.actions
        return { actions }
      })
  }
}
