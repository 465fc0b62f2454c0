// Runs in: main, CLI, headless server.
// Live stats of every running container of a server, all fetched at once. Engines from API 1.41
// answer a one-shot sample at once (without one-shot they wait a second to fill precpu_stats);
// CPU % then comes from the previous sample of the same container, kept here between refreshes.
// A container seen for the first time is sampled twice, a moment apart, so a single refresh
// (the CLI's) still has a CPU figure.
import { apiAtLeast, type Engine } from './engines'
import type { ServerStats } from './model'
import { bareName } from './rows'
import {
  computeStats,
  cpuSample,
  type ContainerStats,
  type CpuSample,
  type RawStats
} from './stats-math'

export interface StatsOptions {
  /** Only these containers (ids or names); default: every running one. */
  containers?: readonly string[]
  /** Wait between the two samples of a container seen for the first time. */
  primeMs?: number
}

interface Target {
  id: string
  name: string
}

export class StatsSampler {
  /** `${serverId}/${containerId}` → the last CPU counters seen. */
  private readonly previous = new Map<string, CpuSample>()

  async refresh(engine: Engine, opts: StatsOptions = {}): Promise<ServerStats> {
    const oneShot = apiAtLeast(await engine.apiVersion(), '1.41')
    const running = await engine.call((d) => d.listContainers({ all: false }))
    const wanted = opts.containers ? new Set(opts.containers) : null
    const targets: Target[] = running
      .map((c) => ({ id: c.Id, name: bareName(c.Names?.[0] ?? c.Id.slice(0, 12)) }))
      .filter(
        (t) =>
          !wanted ||
          wanted.has(t.id) ||
          wanted.has(t.name) ||
          [...wanted].some((w) => t.id.startsWith(w))
      )
    const key = (t: Target): string => `${engine.serverId}/${t.id}`
    const sample = (t: Target): Promise<RawStats | null> =>
      engine
        .call(
          (d) =>
            d.getContainer(t.id).stats(
              // One-shot needs stream=false; older engines ignore the extra parameter.
              (oneShot ? { stream: false, 'one-shot': true } : { stream: false }) as {
                stream: false
              }
            ) as Promise<unknown> as Promise<RawStats>
        )
        // A container that stopped between the list and its sample is simply left out.
        .catch(() => null)

    if (oneShot) {
      const fresh = targets.filter((t) => !this.previous.has(key(t)))
      if (fresh.length > 0) {
        const first = await Promise.all(fresh.map(sample))
        fresh.forEach((t, i) => {
          const s = first[i] ? cpuSample(first[i]) : null
          if (s) this.previous.set(key(t), s)
        })
        await new Promise((r) => setTimeout(r, opts.primeMs ?? 500))
      }
    }
    const raws = await Promise.all(targets.map(sample))
    const containers: ContainerStats[] = []
    targets.forEach((t, i) => {
      const raw = raws[i]
      if (!raw) return
      containers.push(computeStats(t.id, t.name, raw, this.previous.get(key(t)) ?? null))
      const s = cpuSample(raw)
      if (s) this.previous.set(key(t), s)
    })
    // Forget containers of this server that no longer run, so the map cannot grow forever.
    const alive = new Set(running.map((c) => `${engine.serverId}/${c.Id}`))
    for (const k of this.previous.keys())
      if (k.startsWith(`${engine.serverId}/`) && !alive.has(k)) this.previous.delete(k)
    containers.sort((a, b) => a.name.localeCompare(b.name))
    return { server: engine.server, containers }
  }
}
