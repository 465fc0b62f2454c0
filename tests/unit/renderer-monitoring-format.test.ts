// Numbers on the monitoring charts: bytes, rates, percentages, load, times and axis ticks.
import { describe, expect, it } from 'vitest'
import {
  byteTicks,
  formatAxisTime,
  formatBytes,
  formatLoad,
  formatPercent,
  formatPointTime,
  formatRate,
  niceStep,
  percentOf,
  timeTicks
} from '../../renderer/src/lib/metrics-format'

const local = (...a: [number, number, number, number, number, number?]) =>
  new Date(a[0], a[1], a[2], a[3], a[4], a[5] ?? 0).getTime() / 1000

describe('monitoring formats', () => {
  it('bytes in binary units, three significant digits at most', () => {
    expect(formatBytes(0)).toBe('0 B')
    expect(formatBytes(1023)).toBe('1023 B')
    expect(formatBytes(1536)).toBe('1.5 KB')
    expect(formatBytes(8 * 1024 ** 3)).toBe('8.0 GB')
    expect(formatBytes(150 * 1024 ** 2)).toBe('150 MB')
    expect(formatBytes(null)).toBe('–')
    expect(formatRate(2_500_000)).toBe('2.4 MB/s')
    expect(formatRate(null)).toBe('–')
  })

  it('percentages, load and shares of a total', () => {
    expect(formatPercent(97)).toBe('97.0%')
    expect(formatPercent(12.345, 0)).toBe('12%')
    expect(formatPercent(undefined)).toBe('–')
    expect(formatLoad(0.4)).toBe('0.40')
    expect(percentOf(2, 8)).toBe(25)
    expect(percentOf(2, null)).toBeNull()
    expect(percentOf(2, 0)).toBeNull()
  })

  it('time on the axis follows the range; tooltips give the exact moment', () => {
    const t = local(2025, 0, 6, 14, 5, 9) // a Monday
    expect(formatAxisTime(t, 3600)).toBe('14:05')
    expect(formatAxisTime(t, 7 * 86_400)).toBe('Mon 6')
    expect(formatPointTime(t, 3600)).toBe('14:05:09')
    expect(formatPointTime(t, 7 * 86_400)).toBe('Mon 6 Jan, 14:05:09')
  })

  it('byte axes tick at round values of one unit', () => {
    expect(byteTicks(8 * 1024 ** 3)).toEqual([0, 2, 4, 6, 8].map((g) => g * 1024 ** 3))
    const mb = byteTicks(700 * 1024 ** 2)
    expect(mb[0]).toBe(0)
    expect(mb.at(-1)).toBeGreaterThanOrEqual(700 * 1024 ** 2)
    expect(mb.every((v) => (v / 1024 ** 2) % 100 === 0)).toBe(true)
    expect(byteTicks(0)).toEqual([0])
  })

  it('time ticks land on round local times inside the window', () => {
    const from = local(2025, 0, 6, 14, 7)
    const ticks = timeTicks(from, from + 3600)
    expect(ticks.length).toBeGreaterThanOrEqual(3)
    expect(ticks.length).toBeLessThanOrEqual(6)
    for (const t of ticks) {
      expect(t).toBeGreaterThanOrEqual(from)
      expect(t).toBeLessThanOrEqual(from + 3600)
      expect(new Date(t * 1000).getMinutes() % 10).toBe(0)
    }
    const week = timeTicks(from, from + 7 * 86_400)
    for (const t of week) expect(new Date(t * 1000).getHours()).toBe(0)
  })

  it('plain number axes step by 1, 2, 2.5 or 5 × 10ⁿ', () => {
    expect(niceStep(0.3)).toBe(0.5)
    expect(niceStep(2.2)).toBe(2.5)
    expect(niceStep(26)).toBe(50)
    expect(niceStep(100)).toBe(100)
  })
})
