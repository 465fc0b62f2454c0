// Runs in: renderer.
// The chart ranges: a preset reaching back from now, or a custom from–to. The API takes the
// window as `since` seconds (and `until` for a custom end); live mode is only worth it while the
// window is short enough for a 2 s sample to show.

export const PRESETS = ['15m', '1h', '24h', '7d'] as const
export type Preset = (typeof PRESETS)[number]

export type MetricsRange =
  { kind: 'preset'; preset: Preset } | { kind: 'custom'; from: number; to: number }

const PRESET_SECONDS: Record<Preset, number> = {
  '15m': 15 * 60,
  '1h': 3600,
  '24h': 86_400,
  '7d': 7 * 86_400
}

export const PRESET_LABELS: Record<Preset, string> = {
  '15m': '15 min',
  '1h': '1 hour',
  '24h': '24 hours',
  '7d': '7 days'
}

/** The API's shortest window. */
export const MIN_WINDOW = 60
/** Live samples only for windows this short: on a day's chart a 2 s step is invisible. */
export const LIVE_MAX_WINDOW = 3600

export function windowSeconds(range: MetricsRange): number {
  return range.kind === 'preset'
    ? PRESET_SECONDS[range.preset]
    : Math.max(MIN_WINDOW, Math.round(range.to - range.from))
}

/** The `metrics.series` input for a range (times in epoch seconds). */
export function seriesQuery(
  server: string,
  range: MetricsRange,
  maxPoints = 1000
): { server: string; since: string; until?: number; maxPoints: number } {
  const since = String(windowSeconds(range))
  return range.kind === 'preset'
    ? { server, since, maxPoints }
    : { server, since, until: Math.round(range.to), maxPoints }
}

/** A custom window ends in the past, so nothing live can join it. */
export function isLiveRange(range: MetricsRange): boolean {
  return range.kind === 'preset' && windowSeconds(range) <= LIVE_MAX_WINDOW
}

export function rangeKey(range: MetricsRange): string {
  return range.kind === 'preset' ? range.preset : `${range.from}-${range.to}`
}

/**
 * A custom range from two `datetime-local` values (local time); null with the reason when they
 * do not make a window.
 */
export function parseCustomRange(
  fromText: string,
  toText: string,
  nowSec: number
): { range: MetricsRange; error: null } | { range: null; error: string } {
  const from = Date.parse(fromText) / 1000
  const to = Date.parse(toText) / 1000
  if (!Number.isFinite(from) || !Number.isFinite(to))
    return { range: null, error: 'Enter both a start and an end.' }
  if (to - from < MIN_WINDOW)
    return { range: null, error: 'The end must be at least a minute after the start.' }
  if (from > nowSec) return { range: null, error: 'The start is in the future.' }
  return {
    range: { kind: 'custom', from: Math.floor(from), to: Math.floor(Math.min(to, nowSec)) },
    error: null
  }
}

/** Epoch seconds as a `datetime-local` value in local time. */
export function toLocalInput(sec: number): string {
  const d = new Date(sec * 1000)
  const p = (n: number): string => String(n).padStart(2, '0')
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`
}
