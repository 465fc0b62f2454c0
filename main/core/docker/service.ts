// Runs in: main, CLI, headless server.
// Docker over SSH for the API: every server's engine through its pooled link, one list of the
// containers of all servers, actions, images, volumes, networks, logs, stats and live updates.
// Ids and names a user supplies are checked here too (not only by the contract), because they
// become part of a request path.
import type { z } from 'zod'
import { PierError } from '../errors'
import type { ServersService } from '../servers/service'
import type { SshPool } from '../ssh/pool'
import {
  containerAction,
  inspectContainer,
  listContainers,
  type ActionOptions,
  type ContainerAction
} from './containers'
import { DockerEngines } from './engines'
import { EngineEvents } from './events'
import { imagePrunePreview, listImages, pruneImages, removeImage } from './images'
import { readLogs, type LogOptions } from './logs'
import type { AllContainers, ContainerRow, DockerEvent } from './model'
import { listNetworks, removeNetwork } from './networks'
import { containerRef, imageRef, networkRef, serviceRef, volumeRef } from './refs'
import { sortRows } from './rows'
import { StatsSampler, type StatsOptions } from './stats'
import { listVolumes, pruneVolumes, removeVolume } from './volumes'

function checked(schema: z.ZodType<string>, value: string, what: string): string {
  const r = schema.safeParse(value)
  if (r.success) return r.data
  throw new PierError(
    'invalid_input',
    `Invalid ${what} "${value.slice(0, 80)}": ${r.error.issues[0]?.message ?? 'not a valid name'}`,
    `Nothing was sent to the server. See \`pier docker ps SERVER --all\` for the exact names.`
  )
}

// Events after which a container list may look different.
const LIST_EVENTS = new Set(['container', 'pier'])

export class DockerService {
  readonly engines: DockerEngines
  private readonly events = new EngineEvents()
  private readonly sampler = new StatsSampler()

  constructor(private readonly deps: { servers: ServersService; pool: SshPool }) {
    this.engines = new DockerEngines(deps)
  }

  private engine(server: string) {
    return this.engines.get(server)
  }

  async ps(server: string, opts: { all?: boolean } = {}): Promise<ContainerRow[]> {
    return listContainers(this.engine(server), opts.all ?? false)
  }

  /** Containers of every server, each row tagged; a server that fails is reported, not fatal. */
  async containersAll(opts: { all?: boolean } = {}): Promise<AllContainers> {
    const servers = this.deps.servers.list()
    const results = await Promise.allSettled(servers.map((s) => this.ps(s.name, opts)))
    const out: AllContainers = { containers: [], failures: [] }
    results.forEach((r, i) => {
      const server = servers[i]?.name ?? '?'
      if (r.status === 'fulfilled') out.containers.push(...r.value)
      else {
        const e = r.reason instanceof PierError ? r.reason : null
        out.failures.push({
          server,
          code: e?.code ?? 'internal',
          message: e?.message ?? String(r.reason),
          hint: e?.hint ?? 'Try again.'
        })
      }
    })
    sortRows(out.containers)
    return out
  }

  async inspect(server: string, container: string) {
    return inspectContainer(this.engine(server), checked(containerRef, container, 'container'))
  }

  async action(
    server: string,
    container: string,
    action: ContainerAction,
    opts: ActionOptions = {}
  ) {
    return containerAction(
      this.engine(server),
      checked(containerRef, container, 'container'),
      action,
      opts
    )
  }

  async images(server: string) {
    return listImages(this.engine(server))
  }

  async imageRemove(server: string, image: string, force = false) {
    return removeImage(this.engine(server), checked(imageRef, image, 'image'), force)
  }

  async imagePrunePreview(server: string, all = false) {
    return imagePrunePreview(this.engine(server), all)
  }

  async imagePrune(server: string, all = false) {
    return pruneImages(this.engine(server), all)
  }

  async volumes(server: string) {
    return listVolumes(this.engine(server))
  }

  async volumeRemove(server: string, volume: string, force = false) {
    return removeVolume(this.engine(server), checked(volumeRef, volume, 'volume'), force)
  }

  /** The volumes a prune would take: local ones that no container (running or not) mounts. */
  async volumePrunePreview(server: string) {
    return (await this.volumes(server)).filter((v) => v.usedBy.length === 0 && v.driver === 'local')
  }

  async volumePrune(server: string) {
    return pruneVolumes(this.engine(server))
  }

  async networks(server: string) {
    return listNetworks(this.engine(server))
  }

  async networkRemove(server: string, network: string) {
    return removeNetwork(this.engine(server), checked(networkRef, network, 'network'))
  }

  async stats(server: string, opts: StatsOptions = {}) {
    const containers = opts.containers?.map((c) => checked(containerRef, c, 'container'))
    return this.sampler.refresh(this.engine(server), { ...opts, containers })
  }

  logs(server: string, container: string, opts: LogOptions = {}) {
    return readLogs(
      this.engine(server),
      'container',
      checked(containerRef, container, 'container'),
      opts
    )
  }

  serviceLogs(server: string, service: string, opts: LogOptions = {}) {
    return readLogs(this.engine(server), 'service', checked(serviceRef, service, 'service'), opts)
  }

  /** The engine's events of one server, starting with pier/subscribed once they flow. */
  subscribe(server: string, signal: AbortSignal): AsyncIterable<DockerEvent> {
    return this.events.subscribe(this.engine(server), signal)
  }

  /**
   * The container list of the given servers (default: all), now and again after every engine
   * event that can change it; bursts of events (a compose up) give one refresh.
   */
  async *watchContainers(
    opts: { servers?: string[]; all?: boolean },
    signal: AbortSignal
  ): AsyncGenerator<AllContainers> {
    const names = opts.servers ?? this.deps.servers.list().map((s) => s.name)
    const local = new AbortController()
    const stop = (): void => local.abort()
    signal.addEventListener('abort', stop, { once: true })
    // Servers whose list changed since the last snapshot; `wake` ends the wait for one.
    let dirty = new Set<string>()
    let wake: (() => void) | undefined
    const touch = (name: string): void => {
      dirty.add(name)
      wake?.()
    }
    const rows = new Map<string, ContainerRow[]>()
    const failures = new Map<string, AllContainers['failures'][number]>()
    for (const name of names) {
      void (async () => {
        try {
          for await (const e of this.subscribe(name, local.signal))
            if (LIST_EVENTS.has(e.type)) touch(name)
        } catch {
          // An unknown server: reported by its first refresh below.
        }
      })()
    }
    const refresh = async (name: string): Promise<void> => {
      try {
        rows.set(name, await this.ps(name, { all: opts.all }))
        failures.delete(name)
      } catch (err) {
        const e = err instanceof PierError ? err : null
        failures.set(name, {
          server: name,
          code: e?.code ?? 'internal',
          message: e?.message ?? String(err),
          hint: e?.hint ?? 'Try again.'
        })
      }
    }
    const snapshot = (): AllContainers => ({
      containers: sortRows([...rows.values()].flat()),
      failures: [...failures.values()]
    })
    try {
      await Promise.all(names.map(refresh))
      yield snapshot()
      const onAbort = (): void => wake?.()
      local.signal.addEventListener('abort', onAbort, { once: true })
      while (!local.signal.aborted) {
        if (dirty.size === 0) {
          await new Promise<void>((r) => (wake = r))
          wake = undefined
          continue
        }
        // Let a burst of events settle, then refresh each touched server once.
        await new Promise((r) => setTimeout(r, 100))
        const pending = dirty
        dirty = new Set()
        if (local.signal.aborted) return
        await Promise.all([...pending].map(refresh))
        yield snapshot()
      }
    } finally {
      signal.removeEventListener('abort', stop)
      local.abort()
    }
  }
}
