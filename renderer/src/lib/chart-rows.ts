// Runs in: renderer.
// A chart draws several lines over one set of rows, but each line arrives downsampled on its own
// (LTTB keeps different timestamps per line). Rows are the union of their timestamps; where a
// line has no point of its own, its value is interpolated on the straight segment it draws
// anyway (so the drawn shape is unchanged) and marked inexact, which tooltips say. A null in a
// line is a gap, and stays one: nothing is interpolated across it.

export type LinePoint = readonly [t: number, v: number | null]
export type Line = readonly LinePoint[]

export interface ChartRow {
  t: number
  v: Record<string, number | null>
  /** Whether the line has a point of its own at `t` (false: interpolated). */
  exact: Record<string, boolean>
}

export function chartRows(lines: Record<string, Line>): ChartRow[] {
  const keys = Object.keys(lines)
  const times = [...new Set(keys.flatMap((k) => (lines[k] ?? []).map((p) => p[0])))].sort(
    (a, b) => a - b
  )
  const rows: ChartRow[] = times.map((t) => ({ t, v: {}, exact: {} }))
  for (const key of keys) {
    const line = lines[key] ?? []
    let i = 0
    for (const row of rows) {
      while (i < line.length && (line[i] as LinePoint)[0] < row.t) i++
      const at = line[i]
      if (at && at[0] === row.t) {
        row.v[key] = at[1]
        row.exact[key] = true
        continue
      }
      row.v[key] = interpolate(line[i - 1], at, row.t)
      row.exact[key] = false
    }
  }
  return rows
}

function interpolate(a: LinePoint | undefined, b: LinePoint | undefined, t: number): number | null {
  if (!a || !b || a[1] === null || b[1] === null) return null
  if (b[0] === a[0]) return a[1]
  return a[1] + ((b[1] - a[1]) * (t - a[0])) / (b[0] - a[0])
}

/** The point of `line` nearest to `t` that has a value, for tooltips of inexact rows. */
export function nearestPoint(line: Line, t: number): LinePoint | null {
  let lo = 0
  let hi = line.length - 1
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    if ((line[mid] as LinePoint)[0] < t) lo = mid + 1
    else hi = mid
  }
  let best: LinePoint | null = null
  for (let j = Math.max(0, lo - 2); j <= Math.min(line.length - 1, lo + 2); j++) {
    const p = line[j] as LinePoint
    if (p[1] !== null && (!best || Math.abs(p[0] - t) < Math.abs(best[0] - t))) best = p
  }
  return best
}

/** Highest value of a line (gaps ignored), or null when it has none. */
export function lineMax(line: Line): number | null {
  let max: number | null = null
  for (const [, v] of line) if (v !== null && (max === null || v > max)) max = v
  return max
}

/** Mean of a line's values (gaps ignored), or null when it has none. */
export function lineMean(line: Line): number | null {
  let sum = 0
  let n = 0
  for (const [, v] of line) {
    if (v === null) continue
    sum += v
    n++
  }
  return n === 0 ? null : sum / n
}

/** A line of amounts as percentages of `total`; all gaps when the total is unknown. */
export function percentLine(line: Line, total: number | null): Line {
  return line.map(([t, v]) => [t, v === null || !total ? null : (100 * v) / total] as const)
}
