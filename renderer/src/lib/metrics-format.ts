// Runs in: renderer.
// Numbers on the charts: bytes and byte rates (binary units, as the rest of Pier shows memory),
// percentages, load, and times whose detail follows the range shown.

const UNITS = ['B', 'KB', 'MB', 'GB', 'TB', 'PB']

/** `1.5 GB`; three significant digits at most, whole bytes below a kilobyte. */
export function formatBytes(n: number | null | undefined): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return '–'
  const sign = n < 0 ? '-' : ''
  let v = Math.abs(n)
  let u = 0
  while (v >= 1024 && u < UNITS.length - 1) {
    v /= 1024
    u++
  }
  const text = u === 0 ? String(Math.round(v)) : v >= 100 ? v.toFixed(0) : v.toFixed(1)
  return `${sign}${text} ${UNITS[u]}`
}

export function formatRate(n: number | null | undefined): string {
  const b = formatBytes(n)
  return b === '–' ? b : `${b}/s`
}

/** `97.0%` for tooltips; axes pass digits 0. */
export function formatPercent(n: number | null | undefined, digits = 1): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return '–'
  return `${n.toFixed(digits)}%`
}

export function formatLoad(n: number | null | undefined): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return '–'
  return n.toFixed(2)
}

/** `part` of `whole` as a percentage, or null when either is unknown. */
export function percentOf(part: number | null, whole: number | null): number | null {
  if (part === null || whole === null || whole <= 0) return null
  return (100 * part) / whole
}

const DAY = 86_400

/** Axis ticks: clock time for a day or less, weekday and day beyond (local time). */
export function formatAxisTime(sec: number, windowSec: number): string {
  const d = new Date(sec * 1000)
  const p = (n: number): string => String(n).padStart(2, '0')
  if (windowSec <= 1.5 * DAY) return `${p(d.getHours())}:${p(d.getMinutes())}`
  return `${WEEKDAYS[d.getDay()]} ${d.getDate()}`
}

/** Tooltips: the exact local time, with the date when the window spans days. */
export function formatPointTime(sec: number, windowSec: number): string {
  const d = new Date(sec * 1000)
  const p = (n: number): string => String(n).padStart(2, '0')
  const clock = `${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`
  if (windowSec <= DAY) return clock
  return `${WEEKDAYS[d.getDay()]} ${d.getDate()} ${MONTHS[d.getMonth()]}, ${clock}`
}

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat']
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']

/**
 * Round axis ticks for a byte scale: 0 and steps of 1, 2 or 5 × a power of 1024's unit, so the
 * labels read `0 B, 512 MB, 1.0 GB` rather than `0, 358 MB, 716 MB`.
 */
export function byteTicks(max: number, count = 4): number[] {
  if (!(max > 0)) return [0]
  let unit = 1
  while (max / unit >= 1024 && unit < 1024 ** 5) unit *= 1024
  const raw = max / unit / count
  const pow = 10 ** Math.floor(Math.log10(raw))
  const step = ([1, 2, 5, 10].find((m) => m * pow >= raw) ?? 10) * pow * unit
  const ticks: number[] = []
  for (let v = 0; v <= max + step * 0.001; v += step) ticks.push(v)
  if ((ticks.at(-1) ?? 0) < max) ticks.push((ticks.at(-1) ?? 0) + step)
  return ticks
}

/** Time ticks at round local boundaries that fit the window. */
export function timeTicks(from: number, to: number, count = 6): number[] {
  const span = to - from
  if (span <= 0) return [from]
  const steps = [60, 120, 300, 600, 900, 1800, 3600, 7200, 3 * 3600, 6 * 3600, 12 * 3600, DAY]
  const step = steps.find((s) => span / s <= count) ?? Math.ceil(span / count / DAY) * DAY
  // Round to local midnight-aligned boundaries, so day ticks fall at 00:00 here, not in UTC.
  const offset = -new Date(from * 1000).getTimezoneOffset() * 60
  const first = Math.ceil((from + offset) / step) * step - offset
  const ticks: number[] = []
  for (let t = first; t <= to; t += step) ticks.push(t)
  return ticks
}

/** The smallest 1, 2, 2.5 or 5 × 10ⁿ at least `v`, so ticks land on round numbers. */
export function niceStep(v: number): number {
  const pow = 10 ** Math.floor(Math.log10(v))
  return ([1, 2, 2.5, 5, 10].find((m) => m * pow >= v) ?? 10) * pow
}
