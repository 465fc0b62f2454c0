// Runs in: renderer (pure: no DOM, no API, so the unit tests run it in Node).
// How the Clusters page reads the swarm: which servers may still join, how each node's state and
// each warning look, what a label edit sends, and when a service waits for an image.
import {
  advertiseAddr,
  clusterName,
  labelKey,
  labelPair,
  labelValue,
  type Cluster,
  type ClusterNode,
  type NodeAvailability
} from '../../../main/core/clusters/model'
import type { ClusterService } from '../../../main/core/clusters/tasks'

export type Tone = 'ok' | 'warn' | 'bad' | 'idle' | 'busy'

/** Servers in no cluster: a server belongs to one swarm at a time. Keeps the given order. */
export function freeServers<T extends { name: string }>(
  servers: readonly T[],
  clusters: readonly Pick<Cluster, 'members'>[]
): T[] {
  const taken = new Set(clusters.flatMap((c) => c.members.map((m) => m.server)))
  return servers.filter((s) => !taken.has(s.name))
}

/** The name a person knows a node by: its Pier server, else the engine's hostname. */
export function nodeLabel(node: Pick<ClusterNode, 'server' | 'hostname'>): string {
  return node.server ?? node.hostname
}

const STATUS: Record<string, { tone: Tone; text: string }> = {
  ready: { tone: 'ok', text: 'Ready' },
  down: { tone: 'bad', text: 'Down' },
  disconnected: { tone: 'bad', text: 'Disconnected' },
  unknown: { tone: 'idle', text: 'Unknown' }
}

export function nodeStatusView(status: string): { tone: Tone; text: string } {
  return STATUS[status] ?? { tone: 'warn', text: status ? status : 'Unknown' }
}

/** "Manager · leader", "Manager · unreachable", "Worker". */
export function roleText(node: Pick<ClusterNode, 'role' | 'managerStatus'>): string {
  if (node.role === 'worker') return 'Worker'
  return node.managerStatus ? `Manager · ${node.managerStatus}` : 'Manager'
}

/** A manager the others cannot reach weakens the quorum: shown as a warning. */
export function roleTone(node: Pick<ClusterNode, 'role' | 'managerStatus'>): Tone {
  return node.role === 'manager' && node.managerStatus === 'unreachable' ? 'bad' : 'idle'
}

export function availabilityTone(a: NodeAvailability): Tone {
  return a === 'active' ? 'ok' : 'warn'
}

/**
 * The warnings main sends are sentences; the page styles them by what they mean: a node down is
 * a problem now, a thin manager set a risk, the missing routing mesh only a fact to know.
 */
export function warningTone(warning: string): 'bad' | 'warn' | 'info' {
  if (/not ready/i.test(warning)) return 'bad'
  if (/IPVS|routing mesh/i.test(warning)) return 'info'
  return 'warn'
}

export interface NodeChoice {
  id: string
  label: string
  patch: { availability?: NodeAvailability; role?: 'worker' | 'manager' }
  /** What the row says while it runs. */
  busy: string
}

/** The availability and role changes that make sense from where the node is now. */
export function nodeChoices(
  node: Pick<ClusterNode, 'availability' | 'role'>,
  managers: number
): NodeChoice[] {
  const choices: NodeChoice[] = []
  if (node.availability !== 'drain')
    choices.push({
      id: 'drain',
      label: 'Drain',
      patch: { availability: 'drain' },
      busy: 'Draining…'
    })
  if (node.availability !== 'pause')
    choices.push({
      id: 'pause',
      label: 'Pause',
      patch: { availability: 'pause' },
      busy: 'Pausing…'
    })
  if (node.availability !== 'active')
    choices.push({
      id: 'activate',
      label: 'Activate',
      patch: { availability: 'active' },
      busy: 'Activating…'
    })
  if (node.role === 'worker')
    choices.push({
      id: 'promote',
      label: 'Promote to manager',
      patch: { role: 'manager' },
      busy: 'Promoting…'
    })
  // The swarm's last manager cannot step down; main refuses too, but the menu need not offer it.
  else if (managers > 1)
    choices.push({
      id: 'demote',
      label: 'Demote to worker',
      patch: { role: 'worker' },
      busy: 'Demoting…'
    })
  return choices
}

export interface LabelRow {
  key: string
  value: string
}

export function labelRows(labels: Record<string, string>): LabelRow[] {
  return Object.entries(labels)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([key, value]) => ({ key, value }))
}

export interface LabelEdit {
  /** Per row, what is wrong with it, or null. */
  problems: (string | null)[]
  /** `key=value` for labels added or changed, as `cluster.node` takes them. */
  label: string[]
  /** Keys that were there and are gone. */
  removeLabel: string[]
  valid: boolean
  changed: boolean
}

/** Compares the edited rows with the node's labels; blank rows are ignored. */
export function labelEdit(original: Record<string, string>, rows: readonly LabelRow[]): LabelEdit {
  const seen = new Map<string, number>()
  const problems = rows.map((row, i): string | null => {
    const key = row.key.trim()
    if (!key && !row.value) return null
    if (!key) return 'A label needs a key.'
    const k = labelKey.safeParse(key)
    if (!k.success) return k.error.issues[0]?.message ?? 'Invalid key.'
    const v = labelValue.safeParse(row.value)
    if (!v.success) return v.error.issues[0]?.message ?? 'Invalid value.'
    if (seen.has(key)) return `The key ${key} is already used above.`
    seen.set(key, i)
    const pair = labelPair.safeParse(`${key}=${row.value}`)
    return pair.success ? null : (pair.error.issues[0]?.message ?? 'Invalid label.')
  })
  const kept = new Map<string, string>()
  rows.forEach((row, i) => {
    const key = row.key.trim()
    if (key && problems[i] === null) kept.set(key, row.value)
  })
  const label = [...kept].filter(([k, v]) => original[k] !== v).map(([k, v]) => `${k}=${v}`)
  const removeLabel = Object.keys(original).filter((k) => !kept.has(k) && !seen.has(k))
  const valid = problems.every((p) => p === null)
  return { problems, label, removeLabel, valid, changed: label.length + removeLabel.length > 0 }
}

/** The first message zod gives for a cluster name, or null when it is fine. */
export function clusterNameProblem(name: string): string | null {
  if (!name) return 'Give the cluster a name.'
  const r = clusterName.safeParse(name)
  return r.success ? null : (r.error.issues[0]?.message ?? 'Invalid name.')
}

/** Optional: an empty address lets Pier choose one from the server's interfaces. */
export function advertiseProblem(addr: string): string | null {
  if (!addr.trim()) return null
  const r = advertiseAddr.safeParse(addr.trim())
  return r.success ? null : (r.error.issues[0]?.message ?? 'Invalid address.')
}

/** Tasks failing because a node lacks the image: what "Copy image to all nodes" fixes. */
export function lacksImage(svc: Pick<ClusterService, 'errors'>): boolean {
  return svc.errors.some((e) => /no such image/i.test(e.error))
}

/**
 * Every replica runs: the errors the swarm still lists are of tasks it already replaced (it keeps
 * a few per slot), so they are history, and nothing needs copying now.
 */
export function settled(svc: Pick<ClusterService, 'desired' | 'running'>): boolean {
  return svc.desired === null ? svc.running > 0 : svc.running >= svc.desired
}

/** "2 / 3", or "2 (global)" for a service with a task on every eligible node. */
export function replicasText(svc: Pick<ClusterService, 'desired' | 'running'>): string {
  return svc.desired === null ? `${svc.running} (global)` : `${svc.running} / ${svc.desired}`
}

export function replicasTone(svc: Pick<ClusterService, 'desired' | 'running'>): Tone {
  if (svc.desired === null) return svc.running > 0 ? 'ok' : 'warn'
  if (svc.running >= svc.desired) return 'ok'
  return svc.running === 0 && svc.desired > 0 ? 'bad' : 'warn'
}
