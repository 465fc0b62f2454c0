// Runs in: main and the renderer (pure).
// Largest-Triangle-Three-Buckets downsampling (Steinarsson, 2013): keeps the first and last
// points and, per bucket, the point that spans the largest triangle with its neighbours, so peaks
// and dips survive where plain averaging would flatten them. Gaps (null values) are kept as
// gaps: they split the line into runs that are downsampled on their own.

export type Point = readonly [t: number, v: number | null]

export function lttb(points: readonly Point[], threshold: number): Point[] {
  if (threshold < 3 || points.length <= threshold) return points.slice()
  const runs: Point[][] = []
  let run: Point[] = []
  for (const p of points) {
    if (p[1] === null) {
      if (run.length) runs.push(run)
      run = []
    } else run.push(p)
  }
  if (run.length) runs.push(run)
  const total = runs.reduce((n, r) => n + r.length, 0)
  const out: Point[] = []
  runs.forEach((r, i) => {
    // Each run gets its share of the budget; a gap between runs stays visible.
    const share = Math.max(3, Math.round((threshold * r.length) / Math.max(1, total)))
    if (i > 0) out.push([((r[0]?.[0] ?? 0) + (out.at(-1)?.[0] ?? 0)) / 2, null])
    out.push(...lttbRun(r, share))
  })
  return out
}

function lttbRun(data: readonly Point[], threshold: number): Point[] {
  if (data.length <= threshold) return data.slice()
  const sampled: Point[] = [data[0] as Point]
  const every = (data.length - 2) / (threshold - 2)
  let a = 0
  for (let i = 0; i < threshold - 2; i++) {
    // The average of the next bucket is the third corner of the triangle.
    const nextStart = Math.floor((i + 1) * every) + 1
    const nextEnd = Math.min(Math.floor((i + 2) * every) + 1, data.length)
    let avgT = 0
    let avgV = 0
    for (let j = nextStart; j < nextEnd; j++) {
      avgT += (data[j] as Point)[0]
      avgV += (data[j] as Point)[1] as number
    }
    const count = Math.max(1, nextEnd - nextStart)
    avgT /= count
    avgV /= count
    const start = Math.floor(i * every) + 1
    const end = Math.floor((i + 1) * every) + 1
    const [at, av] = data[a] as Point
    let best = start
    let bestArea = -1
    for (let j = start; j < end; j++) {
      const [t, v] = data[j] as Point
      const area = Math.abs(
        (at - avgT) * ((v as number) - (av as number)) - (at - t) * (avgV - (av as number))
      )
      if (area > bestArea) {
        bestArea = area
        best = j
      }
    }
    sampled.push(data[best] as Point)
    a = best
  }
  sampled.push(data[data.length - 1] as Point)
  return sampled
}
