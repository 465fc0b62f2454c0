// Runs in: main, CLI, headless server.
// What one engine says about its swarm membership, and the engine's node records as rows.
// Everything here goes through the engine API over the SSH tunnel: join tokens travel in a
// request body, never on a server's command line.
import type { Engine } from '../docker/engines'
import type { ClusterNode, NodeAvailability, NodeRole } from './model'

export interface SwarmState {
  /** inactive, pending, active, error or locked. */
  state: string
  nodeId: string
  nodeAddr: string
  /** The swarm's id, when this engine is in one. */
  swarmId: string | null
  /** This node is a manager (it can answer swarm-wide questions). */
  manager: boolean
  nodes: number
  error: string
}

interface SwarmInfo {
  LocalNodeState?: string
  NodeID?: string
  NodeAddr?: string
  ControlAvailable?: boolean
  Nodes?: number
  Error?: string
  Cluster?: { ID?: string }
}

export async function swarmState(engine: Engine): Promise<SwarmState> {
  const info = (await engine.call((d) => d.info(), 'reading the swarm state')) as {
    Swarm?: SwarmInfo
  }
  const s = info.Swarm ?? {}
  return {
    state: s.LocalNodeState || 'inactive',
    nodeId: s.NodeID ?? '',
    nodeAddr: s.NodeAddr ?? '',
    swarmId: s.Cluster?.ID || null,
    manager: s.ControlAvailable === true,
    nodes: s.Nodes ?? 0,
    error: s.Error ?? ''
  }
}

export interface RawNode {
  ID: string
  Version?: { Index?: number }
  Spec?: { Role?: string; Availability?: string; Labels?: Record<string, string> }
  Description?: {
    Hostname?: string
    Resources?: { NanoCPUs?: number; MemoryBytes?: number }
    Engine?: { EngineVersion?: string }
  }
  Status?: { State?: string; Addr?: string }
  ManagerStatus?: { Leader?: boolean; Reachability?: string; Addr?: string }
}

export function nodeRow(n: RawNode, serverOf: (nodeId: string) => string | null): ClusterNode {
  const role: NodeRole = n.Spec?.Role === 'manager' ? 'manager' : 'worker'
  const availability = (['active', 'pause', 'drain'] as const).find(
    (a) => a === n.Spec?.Availability
  )
  const ms = n.ManagerStatus
  return {
    id: n.ID,
    hostname: n.Description?.Hostname ?? '',
    server: serverOf(n.ID),
    role,
    status: n.Status?.State ?? 'unknown',
    availability: availability ?? ('active' as NodeAvailability),
    managerStatus: ms ? (ms.Leader ? 'leader' : (ms.Reachability ?? 'unknown')) : null,
    // A manager's Status.Addr can be 0.0.0.0 on some engines; its manager address is the truth.
    addr: ms?.Addr?.replace(/:\d+$/, '') || n.Status?.Addr || '',
    engineVersion: n.Description?.Engine?.EngineVersion ?? '',
    labels: n.Spec?.Labels ?? {},
    cpus: (n.Description?.Resources?.NanoCPUs ?? 0) / 1e9,
    memoryBytes: n.Description?.Resources?.MemoryBytes ?? 0
  }
}

/** Swarm join tokens look like SWMTKN-1-<digest>-<secret>; anything like one is hidden. */
export function redactTokens(text: string): string {
  return text.replace(/SWMTKN-[0-9A-Za-z-]+/g, 'SWMTKN-…')
}
