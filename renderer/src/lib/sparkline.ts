// Runs in: renderer (pure; no DOM).
// The path math of a tiny inline SVG line chart: values left to right over the box, scaled to
// the range, a gap where a value is missing (so a missing sample never reads as zero). The
// component draws the strings; nothing here knows about React.

export interface SparklineBox {
  width: number
  height: number
  /** Lower bound of the scale; defaults to 0 (rates, percentages and bytes start there). */
  min?: number
  /** Upper bound; defaults to the largest value (at least min + 1, so a flat zero sits low). */
  max?: number
  /** The number of slots across; defaults to the number of values. */
  slots?: number
}

const r2 = (n: number): number => Math.round(n * 100) / 100

/** [x, y] per value, or null where the value is missing; y grows downwards as SVG's does. */
export function sparklinePoints(
  values: readonly (number | null)[],
  box: SparklineBox
): ([number, number] | null)[] {
  const min = box.min ?? 0
  const seen = values.filter((v): v is number => v !== null && Number.isFinite(v))
  const max = Math.max(box.max ?? Math.max(...seen, min + 1), min + Number.EPSILON)
  const slots = Math.max(box.slots ?? values.length, 2)
  // Right-aligned: the newest value is always at the right edge, as a live chart scrolls.
  const offset = slots - values.length
  const step = box.width / (slots - 1)
  return values.map((v, i) => {
    if (v === null || !Number.isFinite(v)) return null
    const clamped = Math.min(max, Math.max(min, v))
    const y = box.height - ((clamped - min) / (max - min)) * box.height
    return [r2((offset + i) * step), r2(y)]
  })
}

/** The `d` of a <path>: one "M … L …" run per stretch of values without a gap. */
export function sparklinePath(values: readonly (number | null)[], box: SparklineBox): string {
  let d = ''
  let pen = false
  for (const p of sparklinePoints(values, box)) {
    if (!p) {
      pen = false
      continue
    }
    d += `${d ? ' ' : ''}${pen ? 'L' : 'M'}${p[0]} ${p[1]}`
    pen = true
  }
  return d
}

/** The same runs closed down to the baseline, for a soft fill under the line. */
export function sparklineArea(values: readonly (number | null)[], box: SparklineBox): string {
  const runs: [number, number][][] = [[]]
  for (const p of sparklinePoints(values, box)) {
    if (p) (runs[runs.length - 1] as [number, number][]).push(p)
    else if ((runs[runs.length - 1] as [number, number][]).length > 0) runs.push([])
  }
  return runs
    .filter((run) => run.length > 1)
    .map((run) => {
      const first = run[0] as [number, number]
      const last = run[run.length - 1] as [number, number]
      const line = run.map((p, i) => `${i === 0 ? 'M' : 'L'}${p[0]} ${p[1]}`).join(' ')
      return `${line} L${last[0]} ${box.height} L${first[0]} ${box.height} Z`
    })
    .join(' ')
}
