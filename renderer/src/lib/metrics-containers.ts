// Runs in: renderer.
// Containers on the charts: replicas of one Pier app summed into one line (its label names the
// app), other containers on their own, and only the busiest few drawn so the chart stays legible.
import type { ChartSeries } from '../../../main/core/metrics/service'
import { chartRows, lineMean, type Line } from './chart-rows'

export interface ContainerGroup {
  key: string
  /** The app's name, or the container's when it belongs to no Pier app. */
  label: string
  app: string | null
  names: string[]
  cpu: Line
  mem: Line
}

export function groupContainers(containers: ChartSeries['containers']): ContainerGroup[] {
  const byKey = new Map<string, { app: string | null; members: ChartSeries['containers'] }>()
  for (const c of containers) {
    const key = c.app ? `app:${c.app}` : `ct:${c.name}`
    const g = byKey.get(key) ?? { app: c.app, members: [] }
    g.members.push(c)
    byKey.set(key, g)
  }
  return [...byKey].map(([key, g]) => ({
    key,
    label: g.app ?? (g.members[0]?.name as string),
    app: g.app,
    names: g.members.map((m) => m.name).sort(),
    cpu: sumLines(g.members.map((m) => m.cpu)),
    mem: sumLines(g.members.map((m) => m.mem))
  }))
}

/** Lines added point by point (interpolating where one has no point of its own). */
export function sumLines(lines: readonly Line[]): Line {
  if (lines.length === 1) return lines[0] as Line
  const rows = chartRows(Object.fromEntries(lines.map((l, i) => [String(i), l])))
  return rows.map((r) => {
    const vals = Object.values(r.v).filter((v): v is number => v !== null)
    return [r.t, vals.length ? vals.reduce((a, b) => a + b, 0) : null] as const
  })
}

/** The `n` groups using the most of `metric` on average over the window, busiest first. */
export function topGroups(
  groups: readonly ContainerGroup[],
  metric: 'cpu' | 'mem',
  n: number
): { top: ContainerGroup[]; rest: number } {
  const scored = groups
    .map((g) => ({ g, score: lineMean(g[metric]) }))
    .filter((x) => x.score !== null)
    .sort((a, b) => (b.score as number) - (a.score as number) || a.g.label.localeCompare(b.g.label))
  return { top: scored.slice(0, n).map((x) => x.g), rest: Math.max(0, scored.length - n) }
}
