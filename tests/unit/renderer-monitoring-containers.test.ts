// Containers on the charts: replicas of one Pier app summed under its name, others alone, and
// only the busiest few drawn.
import { describe, expect, it } from 'vitest'
import type { ChartSeries } from '../../main/core/metrics/service'
import { groupContainers, sumLines, topGroups } from '../../renderer/src/lib/metrics-containers'

type C = ChartSeries['containers'][number]
const flat = (v: number | null): [number, number | null][] => [
  [0, v],
  [10, v],
  [20, v]
]
const c = (name: string, app: string | null, cpu: number | null, mem = 100): C => ({
  name,
  app,
  cpu: flat(cpu),
  mem: flat(mem)
})

describe('container groups', () => {
  it('sums the replicas of an app and keeps other containers apart', () => {
    const groups = groupContainers([
      c('shop_web.1.x', 'shop', 10),
      c('shop_web.2.y', 'shop', 30),
      c('caddy', null, 1)
    ])
    expect(groups.map((g) => [g.key, g.label, g.names])).toEqual([
      ['app:shop', 'shop', ['shop_web.1.x', 'shop_web.2.y']],
      ['ct:caddy', 'caddy', ['caddy']]
    ])
    expect(groups[0]?.cpu.map((p) => p[1])).toEqual([40, 40, 40])
    expect(groups[0]?.mem.map((p) => p[1])).toEqual([200, 200, 200])
  })

  it('sums lines sampled at different moments point by point; all-gap stays a gap', () => {
    expect(
      sumLines([
        [
          [0, 1],
          [10, 3]
        ],
        [
          [0, 10],
          [5, 10],
          [10, null]
        ]
      ])
    ).toEqual([
      [0, 11],
      [5, 12],
      [10, 3]
    ])
    expect(sumLines([flat(null), flat(null)]).map((p) => p[1])).toEqual([null, null, null])
  })

  it('picks the busiest by average over the window and counts the rest', () => {
    const groups = groupContainers([
      c('a', null, 5, 900),
      c('b', null, 50, 10),
      c('c', null, 20, 500),
      c('idle', null, null, 1)
    ])
    const cpu = topGroups(groups, 'cpu', 2)
    expect(cpu.top.map((g) => g.label)).toEqual(['b', 'c'])
    // The container with no CPU figures at all is not "using" any.
    expect(cpu.rest).toBe(1)
    expect(topGroups(groups, 'mem', 2).top.map((g) => g.label)).toEqual(['a', 'c'])
  })
})
