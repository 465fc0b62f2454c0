// Runs in: main, CLI, headless server.
// Retention of a cluster app's release images on the nodes other than its manager. deploy.sh
// prunes the manager's own pier/APP:N tags beyond the app's kept releases, but the copies Pier
// streamed to the other nodes, and the images those nodes pulled from the cluster's registry,
// are reached only through the laptop's connections to each node. So Pier removes them here:
// after a deploy it waited for, and before each cluster deploy (which catches up on the deploys
// it did not wait for). Removal is never forced: an image a container still uses stays.
import type { DockerEngines, Engine } from '../docker/engines'
import { LABELS } from '../docker/model'
import { registryRepo } from '../clusters/registry'
import { serviceName, type Release } from './model'

export interface NodeImage {
  Id?: string
  RepoTags?: string[] | null
  RepoDigests?: string[] | null
}

export interface KeptReleases {
  /** Release numbers whose images are kept (not pruned on the manager). */
  numbers: ReadonlySet<number>
  /** The newest recorded release: a higher number may belong to a deploy still running. */
  newest: number
  /** Registry digests (sha256:…) of the kept releases, as the manager pushed them. */
  digests: ReadonlySet<string>
}

export function keptOf(releases: readonly Release[], digests: Iterable<string>): KeptReleases {
  return {
    numbers: new Set(releases.filter((r) => !r.pruned).map((r) => r.number)),
    newest: releases.reduce((n, r) => Math.max(n, r.number), 0),
    digests: new Set(digests)
  }
}

/** The references of the app's images on a node that retention says go. */
export function staleRefs(app: string, images: readonly NodeImage[], kept: KeptReleases): string[] {
  const tagPrefix = `pier/${app}:`
  const pulled = `${registryRepo(app)}@`
  const out = new Set<string>()
  for (const i of images) {
    for (const t of i.RepoTags ?? []) {
      if (!t.startsWith(tagPrefix)) continue
      const n = t.slice(tagPrefix.length)
      if (!/^[1-9][0-9]{0,8}$/.test(n)) continue
      const num = Number(n)
      if (num <= kept.newest && !kept.numbers.has(num)) out.add(t)
    }
    for (const d of i.RepoDigests ?? [])
      if (d.startsWith(pulled) && !kept.digests.has(d.slice(pulled.length))) out.add(d)
  }
  return [...out].sort()
}

/** Registry digests of the kept releases: the manager keeps REGISTRY/pier/APP:N for each. */
export async function keptDigests(
  engines: DockerEngines,
  manager: string,
  app: string,
  numbers: Iterable<number>
): Promise<string[]> {
  const engine = engines.get(manager)
  const repo = registryRepo(app)
  const out: string[] = []
  for (const n of numbers) {
    const info = (await engine.docker
      .getImage(`${repo}:${n}`)
      .inspect()
      .catch(() => null)) as NodeImage | null
    for (const d of info?.RepoDigests ?? [])
      if (d.startsWith(`${repo}@`)) out.push(d.slice(repo.length + 1))
  }
  return out
}

export interface NodePrune {
  server: string
  removed: string[]
  /** Why the node could not be pruned (unreachable); its images stay until the next time. */
  error: string | null
}

/** Removes what retention says goes from each node; a node that cannot be asked is skipped. */
export async function pruneNodes(
  engines: DockerEngines,
  servers: readonly string[],
  app: string,
  kept: KeptReleases
): Promise<NodePrune[]> {
  return Promise.all(
    servers.map(async (server): Promise<NodePrune> => {
      const removed: string[] = []
      try {
        const engine = engines.get(server)
        const images = (await engine.call(
          (d) =>
            d.listImages({
              filters: JSON.stringify({ reference: [`pier/${app}`, registryRepo(app)] })
            }) as Promise<NodeImage[]>,
          'listing the release images'
        )) as NodeImage[]
        const stale = staleRefs(app, images, kept)
        if (stale.length) await dropStoppedTasks(engine, app, images, stale)
        for (const ref of stale) {
          const gone = await engine.docker
            .getImage(ref)
            .remove({ force: false })
            .then(
              () => true,
              () => false
            )
          if (gone) removed.push(ref)
        }
        return { server, removed, error: null }
      } catch (err) {
        return { server, removed, error: (err as Error).message }
      }
    })
  )
}

/**
 * Swarm keeps the stopped containers of the app's old tasks as history, and Docker will not
 * remove the last reference of an image a container uses, stopped or not. The stopped task
 * containers of images whose every reference is stale go first (deploy.sh does the same on the
 * manager); a running container keeps its image.
 */
async function dropStoppedTasks(
  engine: Engine,
  app: string,
  images: readonly NodeImage[],
  stale: readonly string[]
): Promise<void> {
  const going = new Set(stale)
  const ids = new Set(
    images
      .filter((i) => {
        const refs = [...(i.RepoTags ?? []), ...(i.RepoDigests ?? [])]
        return i.Id && refs.length > 0 && refs.every((r) => going.has(r))
      })
      .map((i) => i.Id as string)
  )
  if (ids.size === 0) return
  const stopped = await engine.call(
    (d) =>
      d.listContainers({
        all: true,
        filters: {
          label: [`${LABELS.swarmService}=${serviceName(app)}`],
          status: ['exited', 'created', 'dead']
        }
      }),
    'listing the stopped task containers'
  )
  for (const c of stopped)
    if (ids.has(c.ImageID))
      await engine.docker
        .getContainer(c.Id)
        .remove()
        .catch(() => undefined)
}
