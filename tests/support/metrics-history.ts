// Test helper: a synthetic metrics history in the collector's own sample shape. CPU idles along
// a gentle daily wave with one sample-long spike; memory follows a slower wave; one container
// (of a Pier app) rides along. Deterministic, so charts and assertions agree run to run.
import type { RawSample } from '../../main/core/metrics/sample'

export const GB = 1024 ** 3

export interface SyntheticHistory {
  samples: RawSample[]
  spikeAt: number
  spikeCpu: number
}

export function syntheticHistory(opts: {
  from: number
  to: number
  step?: number
  spikeCpu?: number
  container?: { name: string; app: string }
}): SyntheticHistory {
  const step = opts.step ?? 10
  const spikeCpu = opts.spikeCpu ?? 97
  const count = Math.floor((opts.to - opts.from) / step) + 1
  const spikeAt = opts.from + Math.floor(count / 2) * step
  const samples: RawSample[] = []
  for (let i = 0; i < count; i++) {
    const t = opts.from + i * step
    const day = (2 * Math.PI * t) / 86_400
    // A little deterministic jitter so the line looks like a machine, not a formula.
    const jitter = Math.abs(Math.sin(i * 12.9898 + 78.233) * 43758.5453) % 1
    const cpu = t === spikeAt ? spikeCpu : 12 + 6 * Math.sin(day) + 4 * jitter
    const memUsed = (3 + 1.2 * Math.sin(day / 3) + 0.1 * jitter) * GB
    samples.push({
      t,
      cpu: Math.round(cpu * 10) / 10,
      ncpu: 4,
      load: [0.4 + cpu / 40, 0.5, 0.5],
      mem: { total: 8 * GB, used: Math.round(memUsed) },
      swap: { total: 0, used: 0 },
      disk: [{ mount: '/', total: 100 * GB, used: Math.round((40 + (i / count) * 5) * GB) }],
      io: { r: Math.round(20_000 + 50_000 * jitter), w: Math.round(80_000 + 40_000 * jitter) },
      net: { rx: Math.round(150_000 + 100_000 * jitter), tx: Math.round(60_000 + 30_000 * jitter) },
      ct: opts.container
        ? [
            {
              id: 'c0ffee',
              name: opts.container.name,
              app: opts.container.app,
              cpu: Math.round((cpu / 2) * 10) / 10,
              mem: Math.round(memUsed / 6),
              rx: 1000,
              tx: 500
            }
          ]
        : []
    })
  }
  return { samples, spikeAt, spikeCpu }
}
