// Live mode and chart rows: fresh samples join the history after its last point, the window
// slides, long silences stay gaps; lines downsampled apart share rows without changing shape.
import { describe, expect, it } from 'vitest'
import type { ChartSeries } from '../../main/core/metrics/service'
import type { RawSample } from '../../main/core/metrics/sample'
import { chartRows, nearestPoint, percentLine } from '../../renderer/src/lib/chart-rows'
import { gapAfter, latestTime, mergeLive } from '../../renderer/src/lib/metrics-live'

const GB = 1024 ** 3

function sample(t: number, cpu: number, ct: RawSample['ct'] = []): RawSample {
  return {
    t,
    cpu,
    load: [cpu / 50, 0, 0],
    mem: { total: 8 * GB, used: 2 * GB },
    swap: { total: 0, used: 0 },
    disk: [
      { mount: '/', total: 100 * GB, used: 40 * GB },
      { mount: '/data', total: 50 * GB, used: 10 * GB }
    ],
    io: { r: 1, w: 2 },
    net: { rx: 3, tx: 4 },
    ct
  }
}

function history(points: [number, number | null][], resolution = 10): ChartSeries {
  const line = points.map(([t, v]) => [t, v] as [number, number | null])
  return {
    server: 'web',
    from: (points[0]?.[0] ?? 0) - 10,
    to: points.at(-1)?.[0] ?? 0,
    resolution,
    lines: {
      cpu: line,
      cpuMax: [],
      load1: line,
      memUsed: line,
      diskUsed: line,
      ioRead: line,
      ioWrite: line,
      netRx: line,
      netTx: line
    },
    totals: { mem: 4 * GB, disk: null },
    containers: [{ name: 'web.1', app: 'shop', cpu: line, mem: line }]
  }
}

const ct = (name: string, cpu: number): RawSample['ct'][number] => ({
  id: name,
  name,
  app: '',
  cpu,
  mem: 1000,
  rx: null,
  tx: null
})

describe('mergeLive', () => {
  it('appends samples newer than the history to every line, with their totals', () => {
    const h = history([
      [1000, 10],
      [1010, 11]
    ])
    const m = mergeLive(h, [sample(1012, 50), sample(1014, 60)], 900)
    expect(m.lines.cpu.map((p) => p[1])).toEqual([10, 11, 50, 60])
    expect(m.lines.load1.at(-1)).toEqual([1014, 60 / 50])
    expect(m.lines.memUsed.at(-1)).toEqual([1014, 2 * GB])
    // Disk is every mount added up, as the stored history has it.
    expect(m.lines.diskUsed.at(-1)).toEqual([1014, 50 * GB])
    expect(m.lines.netTx.at(-1)).toEqual([1014, 4])
    expect(m.totals).toEqual({ mem: 8 * GB, disk: 150 * GB })
    expect(m.to).toBe(1014)
    expect(latestTime(m)).toBe(1014)
  })

  it('skips samples the history already covers, so a refetch never draws a moment twice', () => {
    const h = history([
      [1000, 10],
      [1010, 11]
    ])
    expect(mergeLive(h, [sample(1005, 99), sample(1010, 99)], 900)).toBe(h)
    const m = mergeLive(h, [sample(1010, 99), sample(1012, 12), sample(1012, 13)], 900)
    expect(m.lines.cpu.map((p) => p[0])).toEqual([1000, 1010, 1012])
  })

  it('slides the window with the newest sample and drops what falls out of it', () => {
    const h = history([
      [100, 1],
      [500, 2],
      [1000, 3]
    ])
    const m = mergeLive(h, [sample(1010, 4)], 600)
    expect(m.lines.cpu.map((p) => p[0])).toEqual([500, 1000, 1010])
    expect(m.from).toBe(410)
    expect(m.containers[0]?.cpu.map((p) => p[0])).toEqual([500, 1000])
  })

  it('a long silence before the live samples stays a gap, not a line across it', () => {
    const h = history([[1000, 10]])
    expect(gapAfter(h)).toBe(30)
    const m = mergeLive(h, [sample(1100, 20), sample(1102, 21)], 900)
    expect(m.lines.cpu).toEqual([
      [1000, 10],
      [1050, null],
      [1100, 20],
      [1102, 21]
    ])
    // Minute rollups allow longer pauses between points before calling it a gap.
    expect(gapAfter(history([[1000, 10]], 60))).toBe(180)
  })

  it('containers: known ones extend, new ones appear, ones gone from the window go', () => {
    const h = history([
      [100, 1],
      [1000, 3]
    ])
    const m = mergeLive(h, [sample(1002, 5, [ct('web.1', 7), ct('worker', 2)])], 900)
    const byName = Object.fromEntries(m.containers.map((c) => [c.name, c]))
    expect(byName['web.1']?.cpu.map((p) => p[1])).toEqual([3, 7])
    expect(byName['web.1']?.app).toBe('shop')
    expect(byName['worker']).toMatchObject({ app: null, cpu: [[1002, 2]] })
    const later = mergeLive(m, [sample(2000, 5, [ct('worker', 3)])], 900)
    expect(later.containers.map((c) => c.name)).toEqual(['worker'])
  })

  it('a peak band (rollups only) is trimmed, never extended with raw samples', () => {
    const h = history([[1000, 10]])
    h.lines.cpuMax = [
      [40, 80],
      [1000, 12]
    ]
    const m = mergeLive(h, [sample(1002, 5)], 900)
    expect(m.lines.cpuMax).toEqual([[1000, 12]])
  })
})

describe('chart rows', () => {
  it('joins lines on the union of their times, interpolating (and marking) the rest', () => {
    const rows = chartRows({
      a: [
        [0, 0],
        [10, 10]
      ],
      b: [
        [0, 5],
        [5, 7],
        [10, 5]
      ]
    })
    expect(rows.map((r) => r.t)).toEqual([0, 5, 10])
    expect(rows[1]).toEqual({ t: 5, v: { a: 5, b: 7 }, exact: { a: false, b: true } })
    expect(rows[2]?.exact).toEqual({ a: true, b: true })
  })

  it('never interpolates across a gap or beyond a line’s ends', () => {
    const rows = chartRows({
      a: [
        [0, 1],
        [10, null],
        [20, 3]
      ],
      b: [
        [-5, 0],
        [5, 0],
        [15, 0],
        [25, 0]
      ]
    })
    const a = Object.fromEntries(rows.map((r) => [r.t, r.v.a]))
    expect(a).toEqual({ '-5': null, 0: 1, 5: null, 10: null, 15: null, 20: 3, 25: null })
  })

  it('nearestPoint finds the closest sample with a value', () => {
    const line: [number, number | null][] = [
      [0, 1],
      [10, null],
      [20, 3],
      [30, 4]
    ]
    expect(nearestPoint(line, 11)).toEqual([20, 3])
    expect(nearestPoint(line, 2)).toEqual([0, 1])
    expect(nearestPoint(line, 100)).toEqual([30, 4])
    expect(nearestPoint([], 5)).toBeNull()
  })

  it('percentLine scales by a total, and knows nothing without one', () => {
    expect(percentLine([[0, 2 * GB]], 8 * GB)).toEqual([[0, 25]])
    expect(percentLine([[0, 2 * GB]], null)).toEqual([[0, null]])
  })
})
