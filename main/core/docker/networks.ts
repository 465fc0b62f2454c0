// Runs in: main, CLI, headless server.
// Networks of one engine: list (with the containers attached) and remove.
import type { Engine } from './engines'
import type { NetworkRow } from './model'

const BUILTIN = new Set(['bridge', 'host', 'none'])

interface NetworkInspect {
  Id: string
  Name: string
  Driver: string
  Scope: string
  Internal?: boolean
  Attachable?: boolean
  Ingress?: boolean
  Containers?: Record<string, { Name?: string }> | null
}

export async function listNetworks(engine: Engine): Promise<NetworkRow[]> {
  const list = (await engine.call((d) => d.listNetworks())) as unknown as NetworkInspect[]
  // The list endpoint leaves Containers empty; a container list gives the attachments in one go.
  const containers = await engine.call((d) => d.listContainers({ all: true }))
  const attached = new Map<string, string[]>()
  for (const c of containers) {
    for (const n of Object.values(c.NetworkSettings?.Networks ?? {})) {
      const names = attached.get(n.NetworkID) ?? []
      names.push((c.Names?.[0] ?? c.Id.slice(0, 12)).replace(/^\//, ''))
      attached.set(n.NetworkID, names)
    }
  }
  return list
    .map((n) => ({
      server: engine.server,
      id: n.Id,
      name: n.Name,
      driver: n.Driver,
      scope: n.Scope,
      internal: n.Internal ?? false,
      attachable: n.Attachable ?? false,
      builtin: BUILTIN.has(n.Name) || (n.Ingress ?? false),
      containers: (attached.get(n.Id) ?? []).sort()
    }))
    .sort((a, b) => a.name.localeCompare(b.name))
}

export async function removeNetwork(
  engine: Engine,
  ref: string
): Promise<{ server: string; network: string; removed: true }> {
  await engine.call((d) => d.getNetwork(ref).remove() as Promise<unknown>, `network "${ref}"`)
  return { server: engine.server, network: ref, removed: true }
}
