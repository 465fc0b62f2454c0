// Runs in: renderer.
// A week of samples arrives as up to 1,000 points per line, but a chart is often under 500 pixels
// wide: a mouse then lands on only every other point, and a one-sample spike may be the one it
// can never hover. So each line is folded into the chart's pixel columns before it is drawn: one
// point per column, at the column's start time, so every drawn point is one the pointer can
// reach. A peak band keeps each column's highest value (the spike survives); other lines keep the
// column's mean. Every line of a chart uses the same column times, so rows line up exactly.
import type { Line, LinePoint } from './chart-rows'

export type ColumnFold = 'max' | 'mean'

interface Column {
  sum: number
  count: number
  max: number
  /** Whether the column's last point (in time) is a gap marker. */
  endsInGap: boolean
  /** Whether the column holds points at all. */
  used: boolean
}

/**
 * `line` folded into `columns` equal time slices of [from, to]. A column with only gap markers
 * stays a gap; a gap that starts inside a column and spans at least the next one is kept as a gap
 * at that next column. Lines already sparser than the columns are returned unchanged.
 */
export function foldColumns(
  line: Line,
  from: number,
  to: number,
  columns: number,
  fold: ColumnFold
): Line {
  const n = Math.floor(columns)
  if (n < 1 || to <= from || line.length <= n) return line
  const width = (to - from) / n
  const cols: Column[] = Array.from({ length: n }, () => ({
    sum: 0,
    count: 0,
    max: -Infinity,
    endsInGap: false,
    used: false
  }))
  for (const [t, v] of line) {
    const c = cols[Math.min(n - 1, Math.max(0, Math.floor((t - from) / width)))] as Column
    c.used = true
    if (v === null) {
      c.endsInGap = true
      continue
    }
    c.endsInGap = false
    c.sum += v
    c.count++
    if (v > c.max) c.max = v
  }
  const out: LinePoint[] = []
  cols.forEach((c, i) => {
    const t = from + i * width
    if (c.count > 0) out.push([t, fold === 'max' ? c.max : c.sum / c.count])
    else if (c.used) out.push([t, null])
    const next = cols[i + 1]
    if (c.count > 0 && c.endsInGap && next && !next.used) out.push([t + width, null])
  })
  return out
}
