import { describe, expect, it } from 'vitest'
import { foldColumns } from '../../renderer/src/lib/chart-columns'
import { chartRows, type LinePoint } from '../../renderer/src/lib/chart-rows'

// A week of 10-minute points (1,008) with one spike, as the 7-day chart receives it.
const week: LinePoint[] = Array.from({ length: 1008 }, (_, i) => [i * 600, i === 503 ? 97 : 10])

describe('foldColumns', () => {
  it('gives one point per column, at the column start, and the peak band keeps the spike', () => {
    const out = foldColumns(week, 0, 1008 * 600, 400, 'max')
    expect(out).toHaveLength(400)
    const width = (1008 * 600) / 400
    out.forEach(([t], i) => expect(t).toBeCloseTo(i * width, 6))
    expect(Math.max(...out.map((p) => p[1] ?? 0))).toBe(97)
    expect(out.filter((p) => p[1] === 97)).toHaveLength(1)
  })

  it('averages ordinary lines within a column', () => {
    const out = foldColumns(
      [
        [0, 1],
        [1, 3],
        [2, 10],
        [3, 20]
      ],
      0,
      4,
      2,
      'mean'
    )
    expect(out).toEqual([
      [0, 2],
      [2, 15]
    ])
  })

  it('returns lines already sparser than the columns unchanged', () => {
    const line: LinePoint[] = [
      [0, 1],
      [50, 2]
    ]
    expect(foldColumns(line, 0, 100, 10, 'mean')).toBe(line)
    expect(foldColumns(week, 0, 1, 0, 'max')).toBe(week)
  })

  it('keeps gaps: a column of gap markers, and a gap that starts mid-column and spans the next', () => {
    const line: LinePoint[] = [
      [0, 5],
      [1, 5],
      [2, 7],
      [3, null],
      // nothing from 4 to 8: the line must not be drawn across
      [8, 4],
      [9, 4],
      [10, null],
      [11, null]
    ]
    const out = foldColumns(line, 0, 12, 6, 'mean')
    expect(out).toEqual([
      [0, 5],
      [2, 7],
      [4, null],
      [8, 4],
      [10, null]
    ])
  })

  it('lines folded to the same columns make rows with no interpolated values', () => {
    const a = foldColumns(week, 0, 1008 * 600, 300, 'max')
    const b = foldColumns(
      week.map(([t, v]) => [t + 300, v === null ? null : v / 2] as LinePoint),
      0,
      1008 * 600,
      300,
      'mean'
    )
    const rows = chartRows({ a, b })
    expect(rows.length).toBeLessThanOrEqual(300)
    expect(rows.every((r) => r.exact.a && r.exact.b)).toBe(true)
  })
})
