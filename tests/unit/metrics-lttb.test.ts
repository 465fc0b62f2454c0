// Downsampling a week: LTTB brings 60,480 ten-second samples under 1000 points without losing a
// one-sample spike, keeps a flat line flat, and the 7-day series (minute rollups) keeps the spike
// in its peak line while its average line sits right under it.
import { describe, expect, it } from 'vitest'
import { lttb, type Point } from '../../main/core/metrics/lttb'
import { syntheticHistory } from '../support/metrics-history'
import { testCore } from '../support/core'

const WEEK = 7 * 86_400

function week(value: (i: number) => number): Point[] {
  return Array.from({ length: WEEK / 10 }, (_, i) => [1_700_000_000 + i * 10, value(i)] as const)
}

describe('LTTB on a week at 10 s', () => {
  it('keeps a single-sample spike among 60,480 points in at most 1000', () => {
    const spikeIndex = 31_337
    const points = week((i) => (i === spikeIndex ? 97 : 10 + 5 * Math.sin(i / 500)))
    expect(points).toHaveLength(60_480)
    const out = lttb(points, 1000)
    expect(out.length).toBeLessThanOrEqual(1000)
    expect(out).toContainEqual(points[spikeIndex])
    expect(Math.max(...out.map((p) => p[1] ?? 0))).toBe(97)
    // The ends are kept, and time still runs forwards.
    expect(out[0]).toEqual(points[0])
    expect(out.at(-1)).toEqual(points.at(-1))
    expect(out.every((p, i) => i === 0 || p[0] > (out[i - 1] as Point)[0])).toBe(true)
  })

  it('keeps a flat line flat', () => {
    const out = lttb(
      week(() => 42),
      1000
    )
    expect(out.length).toBeLessThanOrEqual(1000)
    expect(new Set(out.map((p) => p[1]))).toEqual(new Set([42]))
  })

  it('keeps a gap as a gap', () => {
    const points = week((i) => i)
    const gapped: Point[] = points.map((p, i) => (i >= 20_000 && i < 21_000 ? [p[0], null] : p))
    const out = lttb(gapped, 1000)
    expect(out.length).toBeLessThanOrEqual(1001)
    expect(out.filter((p) => p[1] === null)).toHaveLength(1)
  })
})

describe('the 7-day chart series', () => {
  it('keeps the spike in its peak line, with the average drawn at the same minutes', () => {
    const core = testCore()
    core.servers.record({
      name: 'web',
      host: '192.0.2.1',
      port: 22,
      username: 'deploy',
      authMethod: 'keyfile',
      keyPath: '/nonexistent',
      hostKeyType: 'ssh-ed25519',
      hostKeyFingerprint: 'SHA256:test'
    })
    const now = 1_700_000_000
    const h = syntheticHistory({ from: now - WEEK, to: now })
    core.metrics.store.insert(core.servers.get('web').id, h.samples)
    const s = core.metrics.series('web', WEEK, 1000, now)
    expect(s.resolution).toBe(60)
    expect(s.lines.cpuMax.length).toBeLessThanOrEqual(1000)
    expect(Math.max(...s.lines.cpuMax.map((p) => p[1] ?? 0))).toBe(h.spikeCpu)
    expect(s.lines.cpu.map((p) => p[0])).toEqual(s.lines.cpuMax.map((p) => p[0]))
    // The minute's average dilutes the spike; the peak is what shows it.
    const minute = Math.floor(h.spikeAt / 60) * 60
    const avg = s.lines.cpu.find((p) => p[0] === minute)?.[1] ?? 0
    expect(avg).toBeLessThan(h.spikeCpu)
    expect(avg).toBeGreaterThan(20)
    for (const line of Object.values(s.lines)) expect(line.length).toBeLessThanOrEqual(1000)
    // An hour is raw samples: no peak line, which would only repeat the CPU line.
    expect(core.metrics.series('web', 3600, 1000, now).lines.cpuMax).toEqual([])
  }, 60_000)
})

describe('minute and hour rollups', () => {
  it('gather the samples of each bucket into one row', () => {
    const core = testCore()
    core.servers.record({
      name: 'web',
      host: '192.0.2.1',
      port: 22,
      username: 'deploy',
      authMethod: 'keyfile',
      keyPath: '/nonexistent',
      hostKeyType: 'ssh-ed25519',
      hostKeyFingerprint: 'SHA256:test'
    })
    const id = core.servers.get('web').id
    const from = 1_700_000_000 - (1_700_000_000 % 3600)
    const h = syntheticHistory({ from, to: from + 2 * 3600 - 10 })
    core.metrics.store.insert(id, h.samples)
    const minutes = core.metrics.store.rollups(id, 60, from, from + 7200)
    expect(minutes).toHaveLength(120)
    expect(minutes.every((r) => r.t % 60 === 0)).toBe(true)
    const spike = minutes.find((r) => r.t === Math.floor(h.spikeAt / 60) * 60)
    expect(spike?.cpu_max).toBe(h.spikeCpu)
    expect(core.metrics.store.rollups(id, 3600, from, from + 7200)).toHaveLength(2)
  })
})
