// Runs in: main, CLI, headless server.
// Images of one engine: list, remove, and prune with a preview computed from the same API
// before anything is deleted.
import type { Engine } from './engines'
import type { ImagePrunePreview, ImageRow, PruneResult } from './model'
import { imageRow } from './rows'

export async function listImages(engine: Engine): Promise<ImageRow[]> {
  const [images, containers] = await Promise.all([
    engine.call((d) => d.listImages({ all: false })),
    engine.call((d) => d.listContainers({ all: true }))
  ])
  // The list endpoint reports Containers as -1 unless asked to count; counting here is one
  // request, and the same count decides what a prune would take.
  const use = new Map<string, number>()
  for (const c of containers) use.set(c.ImageID, (use.get(c.ImageID) ?? 0) + 1)
  return images
    .map((i) => ({ ...imageRow(engine.server, i), containers: use.get(i.Id) ?? 0 }))
    .sort((a, b) => b.created - a.created || a.id.localeCompare(b.id))
}

export async function removeImage(
  engine: Engine,
  ref: string,
  force: boolean
): Promise<{ server: string; image: string; untagged: string[]; deleted: string[] }> {
  const result = (await engine.call(
    (d) => d.getImage(ref).remove({ force }) as Promise<unknown>,
    `image "${ref}"`
  )) as Array<{ Untagged?: string; Deleted?: string }>
  return {
    server: engine.server,
    image: ref,
    untagged: result.flatMap((r) => (r.Untagged ? [r.Untagged] : [])),
    deleted: result.flatMap((r) => (r.Deleted ? [r.Deleted] : []))
  }
}

/**
 * What `prune` would delete: images no container uses (not even a stopped one), and unless
 * `all`, only the dangling (untagged) ones — the engine's own rule for POST /images/prune.
 */
export async function imagePrunePreview(engine: Engine, all: boolean): Promise<ImagePrunePreview> {
  const images = (await listImages(engine)).filter((i) => i.containers === 0 && (all || i.dangling))
  return {
    server: engine.server,
    images,
    reclaimableBytes: images.reduce((sum, i) => sum + i.size, 0)
  }
}

export async function pruneImages(engine: Engine, all: boolean): Promise<PruneResult> {
  const r = await engine.call((d) =>
    d.pruneImages({ filters: { dangling: [all ? 'false' : 'true'] } })
  )
  return {
    server: engine.server,
    deleted: (r.ImagesDeleted ?? []).flatMap(
      (x) => [x.Deleted, x.Untagged].filter(Boolean) as string[]
    ),
    reclaimedBytes: r.SpaceReclaimed ?? 0
  }
}
