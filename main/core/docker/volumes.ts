// Runs in: main, CLI, headless server.
// Volumes of one engine with their sizes (from /system/df, the only place the engine reports
// them) and the containers that mount them; remove and prune.
import { apiAtLeast, type Engine } from './engines'
import type { PruneResult, VolumeRow } from './model'
import { bareName } from './rows'

interface DfVolume {
  Name: string
  Driver: string
  Mountpoint: string
  CreatedAt?: string
  Labels?: Record<string, string> | null
  UsageData?: { Size?: number; RefCount?: number } | null
}

export async function listVolumes(engine: Engine): Promise<VolumeRow[]> {
  const [df, containers] = await Promise.all([
    engine.call((d) => d.df() as Promise<{ Volumes?: DfVolume[] | null }>),
    engine.call((d) => d.listContainers({ all: true }))
  ])
  const users = new Map<string, string[]>()
  for (const c of containers) {
    for (const m of c.Mounts ?? []) {
      if (m.Type !== 'volume' || !m.Name) continue
      const list = users.get(m.Name) ?? []
      list.push(bareName(c.Names?.[0] ?? c.Id.slice(0, 12)))
      users.set(m.Name, list)
    }
  }
  return (df.Volumes ?? [])
    .map((v) => ({
      server: engine.server,
      name: v.Name,
      driver: v.Driver,
      mountpoint: v.Mountpoint,
      created: v.CreatedAt ?? null,
      labels: v.Labels ?? {},
      size: v.UsageData?.Size ?? -1,
      usedBy: (users.get(v.Name) ?? []).sort()
    }))
    .sort((a, b) => a.name.localeCompare(b.name))
}

export async function removeVolume(
  engine: Engine,
  name: string,
  force: boolean
): Promise<{ server: string; volume: string; removed: true }> {
  await engine.call(
    (d) => d.getVolume(name).remove({ force }) as Promise<unknown>,
    `volume "${name}"`
  )
  return { server: engine.server, volume: name, removed: true }
}

/**
 * Removes volumes no container uses. Engines from API 1.42 on prune only anonymous volumes
 * unless asked for all; Pier asks for exactly what the preview (usedBy empty) showed.
 */
export async function pruneVolumes(engine: Engine): Promise<PruneResult> {
  const filters = apiAtLeast(await engine.apiVersion(), '1.42')
    ? { all: ['true'] }
    : ({} as Record<string, string[]>)
  const r = (await engine.call((d) => d.pruneVolumes({ filters }))) as {
    VolumesDeleted?: string[] | null
    SpaceReclaimed?: number
  }
  return {
    server: engine.server,
    deleted: r.VolumesDeleted ?? [],
    reclaimedBytes: r.SpaceReclaimed ?? 0
  }
}
