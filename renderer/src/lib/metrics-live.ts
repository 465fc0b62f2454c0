// Runs in: renderer.
// Live mode: fresh samples (one every 2 s, never stored) joined onto the history the chart
// fetched. Only samples newer than the history's last point join, so a refetch after a sync
// never draws a moment twice; the window slides with the newest sample and drops what falls out.
import type { ChartSeries } from '../../../main/core/metrics/service'
import type { RawSample } from '../../../main/core/metrics/sample'
import type { Line, LinePoint } from './chart-rows'

type LineKey = keyof ChartSeries['lines']
type Point = [number, number | null]

const SAMPLE_VALUE: Record<Exclude<LineKey, 'cpuMax'>, (s: RawSample) => number | null> = {
  cpu: (s) => s.cpu,
  load1: (s) => s.load[0] ?? null,
  memUsed: (s) => s.mem.used,
  diskUsed: (s) => (s.disk.length ? s.disk.reduce((n, d) => n + d.used, 0) : null),
  ioRead: (s) => s.io.r,
  ioWrite: (s) => s.io.w,
  netRx: (s) => s.net.rx,
  netTx: (s) => s.net.tx
}

/** The newest moment the series has a point for. */
export function latestTime(series: ChartSeries): number {
  let t = -Infinity
  for (const line of Object.values(series.lines)) t = Math.max(t, line.at(-1)?.[0] ?? -Infinity)
  for (const c of series.containers) t = Math.max(t, c.cpu.at(-1)?.[0] ?? -Infinity)
  return t
}

/**
 * A silence longer than this between two points is drawn as a gap, not a straight line across
 * it: a few missed samples at the history's own resolution, and never under half a minute.
 */
export function gapAfter(series: ChartSeries): number {
  return Math.max(30, 3 * series.resolution)
}

/** `series` with the samples newer than its last point appended, and the window slid to them. */
export function mergeLive(
  series: ChartSeries,
  samples: readonly RawSample[],
  windowSec: number
): ChartSeries {
  const after = latestTime(series)
  const fresh = samples.filter((s) => s.t > after).sort((a, b) => a.t - b.t)
  if (fresh.length === 0) return series
  const newest = (fresh.at(-1) as RawSample).t
  const cut = newest - windowSec
  const gap = gapAfter(series)
  const extend = (line: Line, pick: (s: RawSample) => number | null): Line =>
    trim(append(line, fresh, pick, gap), cut)

  const lines = { ...series.lines }
  for (const key of Object.keys(SAMPLE_VALUE) as (keyof typeof SAMPLE_VALUE)[])
    lines[key] = extend(series.lines[key], SAMPLE_VALUE[key]) as Point[]
  lines.cpuMax = trim(series.lines.cpuMax, cut) as Point[]

  const containers = series.containers.map((c) => ({ ...c }))
  const names = new Set(fresh.flatMap((s) => s.ct.map((c) => c.name)))
  for (const name of names) {
    let c = containers.find((x) => x.name === name)
    if (!c) {
      const app = fresh.flatMap((s) => s.ct).find((x) => x.name === name)?.app || null
      c = { name, app, cpu: [], mem: [] }
      containers.push(c)
    }
    const of = (s: RawSample) => s.ct.find((x) => x.name === name)
    const present = fresh.filter((s) => of(s))
    c.cpu = append(c.cpu, present, (s) => of(s)?.cpu ?? null, gap) as Point[]
    c.mem = append(c.mem, present, (s) => of(s)?.mem ?? null, gap) as Point[]
  }
  const kept = containers
    .map((c) => ({ ...c, cpu: trim(c.cpu, cut) as Point[], mem: trim(c.mem, cut) as Point[] }))
    .filter((c) => c.cpu.some((p) => p[1] !== null) || c.mem.some((p) => p[1] !== null))

  const last = fresh.at(-1) as RawSample
  return {
    ...series,
    from: cut,
    to: Math.max(series.to, newest),
    lines,
    totals: {
      mem: last.mem.total || series.totals.mem,
      disk: last.disk.length ? last.disk.reduce((n, d) => n + d.total, 0) : series.totals.disk
    },
    containers: kept
  }
}

function append(
  line: Line,
  samples: readonly RawSample[],
  pick: (s: RawSample) => number | null,
  gap: number
): Line {
  const out: LinePoint[] = line.slice()
  for (const s of samples) {
    const prev = out.at(-1)
    if (prev && s.t <= prev[0]) continue
    if (prev && prev[1] !== null && s.t - prev[0] > gap) out.push([(prev[0] + s.t) / 2, null])
    out.push([s.t, pick(s)])
  }
  return out
}

function trim(line: Line, cut: number): Line {
  let i = 0
  while (i < line.length && (line[i] as LinePoint)[0] < cut) i++
  // A line never starts with a gap marker: there is nothing before it to separate.
  while (i < line.length && (line[i] as LinePoint)[1] === null) i++
  return i === 0 ? line : line.slice(i)
}
