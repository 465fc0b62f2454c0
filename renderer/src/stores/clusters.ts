// Runs in: renderer.
// The clusters Pier formed, the open cluster's nodes (kept live by `cluster.watch`, which the
// page owns and stops when it goes) and its services (asked again after each watch snapshot and
// every few seconds), plus node changes and image copies in flight. Forming, joining and leaving
// return their error to the dialog that asked, which shows it with its hint.
import { create } from 'zustand'
import type { OutputOf } from '../../../main/api/contract'
import type { Cluster, ClusterNode, NodeRole } from '../../../main/core/clusters/model'
import type { ClusterService } from '../../../main/core/clusters/tasks'
import type { UiError } from '../lib/errors'
import type { StoreDeps } from './deps'
import { follow } from './follow'
import type { LiveStatus, LoadStatus } from './servers'

export type ClusterNodes = OutputOf<'cluster.watch'>

export interface NodeOp {
  busy: string
  status: 'running' | 'error'
  error: UiError | null
}

export interface DistributeEntry {
  status: 'running' | 'done' | 'error'
  error: UiError | null
  loaded: string[]
  skipped: string[]
  bytes: number
}

export interface ClustersState {
  clusters: Cluster[]
  status: LoadStatus
  error: UiError | null
  /** The cluster shown; null shows the first one. */
  selected: string | null
  /** The watched cluster's latest snapshot. */
  view: ClusterNodes | null
  live: LiveStatus
  liveError: UiError | null
  /** Bumped to ask the page that owns the watch to start a fresh one. */
  watchEpoch: number
  services: ClusterService[]
  servicesStatus: LoadStatus
  servicesError: UiError | null
  /** By node id. */
  nodeOps: Record<string, NodeOp>
  /** By service name. */
  distributions: Record<string, DistributeEntry>
}

export const initialClustersState: ClustersState = {
  clusters: [],
  status: 'loading',
  error: null,
  selected: null,
  view: null,
  live: 'idle',
  liveError: null,
  watchEpoch: 0,
  services: [],
  servicesStatus: 'loading',
  servicesError: null,
  nodeOps: {},
  distributions: {}
}

export const useClusters = create<ClustersState>()(() => ({ ...initialClustersState }))

export const clusterSelectors = {
  clusters: (s: ClustersState) => s.clusters,
  status: (s: ClustersState) => s.status,
  error: (s: ClustersState) => s.error,
  /** The cluster shown: the selected one while it exists, else the first. */
  current: (s: ClustersState): Cluster | null =>
    s.clusters.find((c) => c.name === s.selected) ?? s.clusters[0] ?? null,
  view: (s: ClustersState) => s.view,
  live: (s: ClustersState) => s.live,
  liveError: (s: ClustersState) => s.liveError,
  watchEpoch: (s: ClustersState) => s.watchEpoch,
  services: (s: ClustersState) => s.services,
  servicesStatus: (s: ClustersState) => s.servicesStatus,
  servicesError: (s: ClustersState) => s.servicesError,
  nodeOp: (id: string) => (s: ClustersState) => s.nodeOps[id] ?? null,
  distribution: (service: string) => (s: ClustersState) => s.distributions[service] ?? null
}

export interface NodeUpdate {
  role?: NodeRole
  availability?: 'active' | 'pause' | 'drain'
  label?: string[]
  removeLabel?: string[]
}

export interface ClusterActions {
  load(): Promise<void>
  select(name: string): void
  /** Consumes `cluster.watch` for one cluster; returns the function that stops it. */
  watch(name: string): () => void
  retry(): void
  loadServices(name: string): Promise<void>
  create(input: { name: string; manager: string; advertiseAddr?: string }): Promise<UiError | null>
  join(input: {
    name: string
    server: string
    role: NodeRole
    advertiseAddr?: string
  }): Promise<UiError | null>
  leave(server: string): Promise<UiError | null>
  /** Runs `cluster.node`; the error stays on the node's row (or goes back to a dialog). */
  updateNode(
    cluster: string,
    node: ClusterNode,
    patch: NodeUpdate,
    busy: string
  ): Promise<UiError | null>
  dismissNodeError(id: string): void
  distribute(cluster: string, service: string, image: string): Promise<void>
  dismissDistribution(service: string): void
}

export function createClusterActions(deps: StoreDeps): ClusterActions {
  const set = useClusters.setState
  const get = useClusters.getState

  async function load(): Promise<void> {
    try {
      const clusters = await deps.api.call('cluster.list', {})
      set({ clusters, status: 'ready', error: null })
    } catch (err) {
      set({ status: 'error', error: deps.describeError(err) })
    }
  }

  // One question at a time: the watch and the timer both ask, and a slow manager must not pile
  // up requests behind it.
  const asking = new Set<string>()
  async function loadServices(name: string): Promise<void> {
    if (asking.has(name)) return
    asking.add(name)
    try {
      const services = await deps.api.call('cluster.services', { name })
      // A late answer for a cluster no longer shown must not replace the shown one's services.
      if (clusterSelectors.current(get())?.name !== name) return
      set({ services, servicesStatus: 'ready', servicesError: null })
    } catch (err) {
      if (clusterSelectors.current(get())?.name !== name) return
      set({ servicesStatus: 'error', servicesError: deps.describeError(err) })
    } finally {
      asking.delete(name)
    }
  }

  function watch(name: string): () => void {
    const it = deps.api.stream('cluster.watch', { name })
    set({
      live: 'connecting',
      liveError: null,
      view: get().view?.cluster === name ? get().view : null
    })
    return follow(it, {
      value: (snapshot) => {
        set({ view: snapshot, live: 'live', liveError: null })
        void loadServices(name)
      },
      end: () => set({ live: 'stopped' }),
      error: (err) => set({ live: 'stopped', liveError: deps.describeError(err) })
    })
  }

  async function mutate(run: () => Promise<unknown>): Promise<UiError | null> {
    try {
      await run()
      await load()
      return null
    } catch (err) {
      // The list may have changed anyway (a join recorded before a later step failed).
      await load()
      return deps.describeError(err)
    }
  }

  async function updateNode(
    cluster: string,
    node: ClusterNode,
    patch: NodeUpdate,
    busy: string
  ): Promise<UiError | null> {
    if (get().nodeOps[node.id]?.status === 'running') return null
    set((s) => ({
      nodeOps: { ...s.nodeOps, [node.id]: { busy, status: 'running', error: null } }
    }))
    try {
      const after = await deps.api.call('cluster.node', { name: cluster, node: node.id, ...patch })
      set((s) => {
        const { [node.id]: _done, ...nodeOps } = s.nodeOps
        // Shown at once; the watch's next snapshot says the same.
        const view =
          s.view && s.view.cluster === cluster
            ? { ...s.view, nodes: s.view.nodes.map((n) => (n.id === after.id ? after : n)) }
            : s.view
        return { nodeOps, view }
      })
      if (patch.role) await load()
      return null
    } catch (err) {
      const error = deps.describeError(err)
      set((s) => ({ nodeOps: { ...s.nodeOps, [node.id]: { busy, status: 'error', error } } }))
      return error
    }
  }

  async function distribute(cluster: string, service: string, image: string): Promise<void> {
    if (get().distributions[service]?.status === 'running') return
    const entry: DistributeEntry = {
      status: 'running',
      error: null,
      loaded: [],
      skipped: [],
      bytes: 0
    }
    set((s) => ({ distributions: { ...s.distributions, [service]: entry } }))
    try {
      const r = await deps.api.call('cluster.distribute', { name: cluster, image })
      set((s) => ({
        distributions: {
          ...s.distributions,
          [service]: {
            ...entry,
            status: 'done',
            loaded: r.loaded,
            skipped: r.skipped,
            bytes: r.bytes
          }
        }
      }))
      void loadServices(cluster)
    } catch (err) {
      set((s) => ({
        distributions: {
          ...s.distributions,
          [service]: { ...entry, status: 'error', error: deps.describeError(err) }
        }
      }))
    }
  }

  return {
    load,
    select: (name) =>
      set((s) =>
        s.selected === name
          ? s
          : { selected: name, view: null, services: [], servicesStatus: 'loading', nodeOps: {} }
      ),
    watch,
    retry: () => set((s) => ({ watchEpoch: s.watchEpoch + 1, liveError: null })),
    loadServices,
    create: async (input) => {
      const err = await mutate(() => deps.api.call('cluster.create', input))
      if (!err) set({ selected: input.name, view: null, services: [], servicesStatus: 'loading' })
      return err
    },
    join: (input) => mutate(() => deps.api.call('cluster.join', input)),
    leave: (server) => mutate(() => deps.api.call('cluster.leave', { server })),
    updateNode,
    dismissNodeError: (id) =>
      set((s) => {
        const { [id]: _gone, ...nodeOps } = s.nodeOps
        return { nodeOps }
      }),
    distribute,
    dismissDistribution: (service) =>
      set((s) => {
        const { [service]: _gone, ...distributions } = s.distributions
        return { distributions }
      })
  }
}
