// The numbers the Docker views print and draw: sizes, percentages, ports and states; rates
// from two stats samples (none across a restart); and the sparkline's path math.
import { describe, expect, it } from 'vitest'
import type { ContainerStats } from '../../main/core/docker/model'
import { appendPoint, statsPoint } from '../../renderer/src/lib/container-stats'
import {
  formatBytes,
  formatCreated,
  formatPercent,
  formatPorts,
  formatRate,
  healthOf,
  shortId,
  stateTone
} from '../../renderer/src/lib/docker-format'
import { sparklineArea, sparklinePath, sparklinePoints } from '../../renderer/src/lib/sparkline'

describe('formatting', () => {
  it('prints sizes in binary units, as docker stats does', () => {
    expect(formatBytes(0)).toBe('0 B')
    expect(formatBytes(1023)).toBe('1023 B')
    expect(formatBytes(1536)).toBe('1.5 KiB')
    expect(formatBytes(4_400_000)).toBe('4.2 MiB')
    expect(formatBytes(300 * 1024 * 1024)).toBe('300 MiB')
    expect(formatBytes(5 * 1024 ** 3)).toBe('5.0 GiB')
    expect(formatBytes(-1)).toBe('—')
    expect(formatRate(2048)).toBe('2.0 KiB/s')
    expect(formatRate(null)).toBe('—')
  })

  it('prints percentages, short ids, health and tones', () => {
    expect(formatPercent(12.345)).toBe('12.3%')
    expect(formatPercent(250.4)).toBe('250%')
    expect(formatPercent(null)).toBe('—')
    expect(shortId('sha256:0123456789abcdef')).toBe('0123456789ab')
    expect(healthOf('Up 3 minutes (healthy)')).toBe('healthy')
    expect(healthOf('Up 3 seconds (health: starting)')).toBe('starting')
    expect(healthOf('Up 3 minutes')).toBeNull()
    expect(stateTone('running')).toBe('ok')
    expect(stateTone('paused')).toBe('warn')
    expect(stateTone('exited')).toBe('idle')
    expect(formatCreated(0)).toBe('—')
    expect(formatCreated(1_700_000_000)).toMatch(/^2023-11-1\d \d\d:\d\d$/)
  })

  it('prints each port once, published before exposed-only, IPv6 twins merged', () => {
    expect(
      formatPorts([
        { ip: '::', privatePort: 80, publicPort: 8080, type: 'tcp' },
        { ip: '0.0.0.0', privatePort: 80, publicPort: 8080, type: 'tcp' },
        { ip: null, privatePort: 443, publicPort: null, type: 'tcp' },
        { ip: '127.0.0.1', privatePort: 53, publicPort: 5353, type: 'udp' }
      ])
    ).toEqual(['127.0.0.1:5353→53/udp', '0.0.0.0:8080→80/tcp', '443/tcp'])
  })
})

function sample(at: string, over: Partial<ContainerStats> = {}): ContainerStats {
  return {
    id: 'c1',
    name: 'web',
    cpuPercent: 5,
    memoryBytes: 100,
    memoryLimitBytes: 1000,
    memoryPercent: 10,
    netRxBytes: 0,
    netTxBytes: 0,
    blockReadBytes: 0,
    blockWriteBytes: 0,
    pids: 1,
    readAt: at,
    ...over
  }
}

describe('stats over time', () => {
  it('turns totals into per-second rates between two samples', () => {
    const a = sample('2024-01-01T00:00:00Z', { netRxBytes: 1000, blockWriteBytes: 0 })
    const b = sample('2024-01-01T00:00:02Z', { netRxBytes: 5000, blockWriteBytes: 4096 })
    expect(statsPoint(b, a)).toMatchObject({ rxRate: 2000, writeRate: 2048, cpu: 5 })
    // The first sample has nothing to compare with.
    expect(statsPoint(a, null)).toMatchObject({ rxRate: null, txRate: null })
  })

  it('gives no rate across a restart (counters went down) or a clock that did not move', () => {
    const a = sample('2024-01-01T00:00:00Z', { netRxBytes: 9000 })
    const b = sample('2024-01-01T00:00:02Z', { netRxBytes: 10 })
    expect(statsPoint(b, a).rxRate).toBeNull()
    expect(statsPoint(a, a).rxRate).toBeNull()
  })

  it('keeps the newest points only', () => {
    let h = appendPoint([], statsPoint(sample('2024-01-01T00:00:00Z'), null), 3)
    for (let i = 1; i < 5; i++)
      h = appendPoint(h, statsPoint(sample(`2024-01-01T00:00:0${i}Z`, { cpuPercent: i }), null), 3)
    expect(h.map((p) => p.cpu)).toEqual([2, 3, 4])
  })
})

describe('sparkline paths', () => {
  const box = { width: 100, height: 20 }

  it('spreads values across the box, scaled to the largest, y downwards', () => {
    expect(sparklinePoints([0, 5, 10], box)).toEqual([
      [0, 20],
      [50, 10],
      [100, 0]
    ])
    expect(sparklinePath([0, 5, 10], box)).toBe('M0 20 L50 10 L100 0')
  })

  it('keeps a flat zero on the baseline, and clamps to a given maximum', () => {
    expect(sparklinePath([0, 0], box)).toBe('M0 20 L100 20')
    expect(sparklinePath([50, 200], { ...box, max: 100 })).toBe('M0 10 L100 0')
  })

  it('leaves a gap where a sample is missing, never a drop to zero', () => {
    expect(sparklinePath([1, null, 1, 1], { ...box, max: 2 })).toBe('M0 10 M66.67 10 L100 10')
    expect(sparklinePath([null, null], box)).toBe('')
  })

  it('right-aligns a young history in its slots, as a live chart scrolls', () => {
    expect(sparklinePoints([4], { ...box, slots: 5, max: 4 })).toEqual([[100, 0]])
    expect(sparklinePath([0, 4], { ...box, slots: 5, max: 4 })).toBe('M75 20 L100 0')
  })

  it('closes each run down to the baseline for the fill, skipping single points', () => {
    expect(sparklineArea([0, 10, null, 5], { ...box, max: 10 })).toBe(
      'M0 20 L33.33 0 L33.33 20 L0 20 Z'
    )
  })
})
