// The monitoring charts' ranges: presets and custom windows as the API's since/until, and when
// live mode is worth running.
import { describe, expect, it } from 'vitest'
import {
  isLiveRange,
  parseCustomRange,
  rangeKey,
  seriesQuery,
  toLocalInput,
  windowSeconds,
  type MetricsRange
} from '../../renderer/src/lib/metrics-range'

const preset = (p: '15m' | '1h' | '24h' | '7d'): MetricsRange => ({ kind: 'preset', preset: p })

describe('metrics ranges', () => {
  it('presets reach back from now by their length', () => {
    expect(windowSeconds(preset('15m'))).toBe(900)
    expect(windowSeconds(preset('1h'))).toBe(3600)
    expect(windowSeconds(preset('24h'))).toBe(86_400)
    expect(windowSeconds(preset('7d'))).toBe(604_800)
    expect(seriesQuery('web', preset('7d'))).toEqual({
      server: 'web',
      since: '604800',
      maxPoints: 1000
    })
  })

  it('a custom range asks for its length, ending at its end', () => {
    const r: MetricsRange = { kind: 'custom', from: 1_000_000, to: 1_007_200 }
    expect(seriesQuery('web', r, 500)).toEqual({
      server: 'web',
      since: '7200',
      until: 1_007_200,
      maxPoints: 500
    })
    // The API's shortest window is a minute.
    expect(windowSeconds({ kind: 'custom', from: 10, to: 20 })).toBe(60)
  })

  it('live mode runs only for presets of an hour or less', () => {
    expect(isLiveRange(preset('15m'))).toBe(true)
    expect(isLiveRange(preset('1h'))).toBe(true)
    expect(isLiveRange(preset('24h'))).toBe(false)
    expect(isLiveRange(preset('7d'))).toBe(false)
    expect(isLiveRange({ kind: 'custom', from: 0, to: 600 })).toBe(false)
  })

  it('parses datetime-local inputs and says what is wrong with a bad pair', () => {
    const from = new Date(2025, 0, 6, 9, 30).getTime() / 1000
    const to = new Date(2025, 0, 6, 17, 0).getTime() / 1000
    const now = to + 3600
    expect(toLocalInput(from)).toBe('2025-01-06T09:30')
    expect(parseCustomRange('2025-01-06T09:30', '2025-01-06T17:00', now)).toEqual({
      range: { kind: 'custom', from, to },
      error: null
    })
    // An end in the future is clipped to now; the window cannot hold what has not happened.
    expect(parseCustomRange('2025-01-06T09:30', '2025-01-07T17:00', now).range).toEqual({
      kind: 'custom',
      from,
      to: now
    })
    expect(parseCustomRange('', '2025-01-06T17:00', now).error).toMatch(/start and an end/)
    expect(parseCustomRange('2025-01-06T17:00', '2025-01-06T09:30', now).error).toMatch(
      /after the start/
    )
    expect(parseCustomRange('2025-02-06T09:30', '2025-02-06T17:00', now).error).toMatch(/future/)
  })

  it('keys tell ranges apart', () => {
    expect(rangeKey(preset('1h'))).not.toBe(rangeKey(preset('24h')))
    expect(rangeKey({ kind: 'custom', from: 1, to: 100 })).toBe('1-100')
  })
})
