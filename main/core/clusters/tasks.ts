// Runs in: main, CLI, headless server.
// A cluster's services as a person asks about them: how many replicas should run, how many do,
// on which nodes, and why the ones that failed did (e.g. "No such image" on a node).
import type { Engine } from '../docker/engines'
import { isCurrentReplica, type SwarmTaskInfo } from '../docker/swarm-tasks'

export interface ServiceTaskError {
  node: string
  state: string
  error: string
  at: string
}

export interface ClusterService {
  id: string
  name: string
  /** The Pier app this service runs (its pier.app label), so the view says which app runs where. */
  app: string | null
  image: string
  /** null for a global service (one task per eligible node). */
  desired: number | null
  running: number
  /** Running tasks per node (server name where known, else hostname or node id). */
  perNode: Record<string, number>
  /** The latest failure per node among tasks that did not reach or left running. */
  errors: ServiceTaskError[]
  constraints: string[]
}

export interface RawService {
  ID: string
  Spec?: {
    Name?: string
    Labels?: Record<string, string>
    Mode?: { Replicated?: { Replicas?: number }; Global?: object }
    TaskTemplate?: {
      ContainerSpec?: { Image?: string }
      Placement?: { Constraints?: string[] }
      ForceUpdate?: number
    }
  }
}

const FAILED = new Set(['failed', 'rejected', 'orphaned'])

export async function clusterServices(
  engine: Engine,
  serverByNode: Map<string, string>
): Promise<ClusterService[]> {
  const [services, tasks, nodes] = await Promise.all([
    engine.call((d) => d.listServices(), 'listing the services') as Promise<RawService[]>,
    engine.call((d) => d.listTasks(), 'listing the tasks') as Promise<SwarmTaskInfo[]>,
    engine.call((d) => d.listNodes(), 'listing the nodes') as Promise<
      { ID: string; Description?: { Hostname?: string } }[]
    >
  ])
  const hostnames = new Map(nodes.map((n) => [n.ID, n.Description?.Hostname ?? n.ID]))
  const nodeName = (id = ''): string => serverByNode.get(id) ?? hostnames.get(id) ?? (id || '?')
  return summarizeServices(services, tasks, nodeName)
}

/** The view of each service from the engine's service and task lists (pure, for tests). */
export function summarizeServices(
  services: readonly RawService[],
  tasks: readonly SwarmTaskInfo[],
  nodeName: (id?: string) => string
): ClusterService[] {
  return services
    .map((s): ClusterService => {
      const own = tasks.filter((t) => t.ServiceID === s.ID)
      const perNode: Record<string, number> = {}
      for (const t of own)
        // A replaced task keeps running for a moment after swarm decided to stop it, and during
        // a start-first update the old spec's task runs beside the new one: neither counts.
        if (isCurrentReplica(t, s)) {
          const n = nodeName(t.NodeID)
          perNode[n] = (perNode[n] ?? 0) + 1
        }
      const latest = new Map<string, ServiceTaskError>()
      for (const t of own) {
        const state = t.Status?.State ?? ''
        const error = t.Status?.Err ?? ''
        if (!FAILED.has(state) && !error) continue
        const e = { node: nodeName(t.NodeID), state, error, at: t.Status?.Timestamp ?? '' }
        const seen = latest.get(e.node)
        if (!seen || seen.at < e.at) latest.set(e.node, e)
      }
      const mode = s.Spec?.Mode
      return {
        id: s.ID,
        name: s.Spec?.Name ?? s.ID,
        app: s.Spec?.Labels?.['pier.app'] ?? null,
        image: (s.Spec?.TaskTemplate?.ContainerSpec?.Image ?? '').replace(/@sha256:.*$/, ''),
        desired: mode?.Global ? null : (mode?.Replicated?.Replicas ?? 0),
        running: Object.values(perNode).reduce((a, b) => a + b, 0),
        perNode,
        errors: [...latest.values()].sort((a, b) => b.at.localeCompare(a.at)),
        constraints: s.Spec?.TaskTemplate?.Placement?.Constraints ?? []
      }
    })
    .sort((a, b) => a.name.localeCompare(b.name))
}
