// Runs in: main, and in the renderer (pure, no Node imports).
// A schedule in words and its next run times, for the schedule editor's preview, and whether the
// last good backup is older than the schedule implies. Times are the server's local time, which
// is what cron uses; the caller passes dates in that zone (UTC on most servers).
import { normalizeCronExpr } from '../jobs/cron-expr'

const MACRO: Record<string, string> = {
  '@yearly': '0 0 1 1 *',
  '@annually': '0 0 1 1 *',
  '@monthly': '0 0 1 * *',
  '@weekly': '0 0 * * 0',
  '@daily': '0 0 * * *',
  '@midnight': '0 0 * * *',
  '@hourly': '0 * * * *'
}
const DAY_NAMES = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday']
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec']
const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat']

/** The set of values a field matches. */
function expand(field: string, min: number, max: number, names?: string[], base = 0): Set<number> {
  const out = new Set<number>()
  const num = (t: string): number => {
    const i = names?.indexOf(t.toLowerCase()) ?? -1
    return i >= 0 ? i + base : Number(t)
  }
  for (const item of field.split(',')) {
    const [range = '*', stepText] = item.split('/')
    const step = stepText ? Number(stepText) : 1
    let [a, b] = [min, max]
    if (range !== '*') {
      const [from = '', to] = range.split('-')
      a = num(from)
      b = to !== undefined ? num(to) : stepText ? max : a
    }
    for (let v = a; v <= b; v += step) out.add(v)
  }
  return out
}

interface Parsed {
  minute: Set<number>
  hour: Set<number>
  dom: Set<number>
  month: Set<number>
  dow: Set<number>
  domStar: boolean
  dowStar: boolean
}

function parse(expr: string): Parsed | null {
  const n = normalizeCronExpr(expr)
  if (n === '@reboot') return null
  const f = (MACRO[n] ?? n).split(' ')
  const dow = expand(f[4] ?? '*', 0, 7, DAYS, 0)
  if (dow.has(7)) dow.add(0)
  return {
    minute: expand(f[0] ?? '*', 0, 59),
    hour: expand(f[1] ?? '*', 0, 23),
    dom: expand(f[2] ?? '*', 1, 31),
    month: expand(f[3] ?? '*', 1, 12, MONTHS, 1),
    dow,
    domStar: f[2] === '*',
    dowStar: f[4] === '*'
  }
}

function matches(p: Parsed, d: Date): boolean {
  if (!p.minute.has(d.getUTCMinutes()) || !p.hour.has(d.getUTCHours())) return false
  if (!p.month.has(d.getUTCMonth() + 1)) return false
  const dom = p.dom.has(d.getUTCDate())
  const dow = p.dow.has(d.getUTCDay())
  // Cron's rule: with both day fields restricted, either one matching is enough.
  if (!p.domStar && !p.dowStar) return dom || dow
  return dom && dow
}

/** The next `count` run times after `from` (UTC fields), searching at most a year ahead. */
export function nextRuns(expr: string, from: Date, count = 3): Date[] {
  const p = parse(expr)
  if (!p) return []
  const out: Date[] = []
  const t = new Date(from.getTime())
  t.setUTCSeconds(0, 0)
  for (let i = 0; i < 366 * 24 * 60 && out.length < count; i++) {
    t.setUTCMinutes(t.getUTCMinutes() + 1)
    if (matches(p, t)) out.push(new Date(t.getTime()))
  }
  return out
}

const two = (n: number): string => String(n).padStart(2, '0')
const only = (s: Set<number>): number | null => (s.size === 1 ? ([...s][0] ?? null) : null)

/** The schedule in words where it has a common shape, else the expression itself. */
export function describeSchedule(expr: string): string {
  const n = normalizeCronExpr(expr)
  if (n === '@reboot') return 'at every boot of the server'
  const f = (MACRO[n] ?? n).split(' ')
  const [mi = '', ho = '', dom = '', mon = '', dow = ''] = f
  const step = /^\*\/(\d+)$/
  if (mon === '*' && dom === '*' && dow === '*') {
    if (mi === '*' && ho === '*') return 'every minute'
    const ms = step.exec(mi)
    if (ms && ho === '*') return `every ${ms[1]} minutes`
    if (/^\d+$/.test(mi) && ho === '*') return `every hour at minute ${Number(mi)}`
    const hs = step.exec(ho)
    if (/^\d+$/.test(mi) && hs) return `every ${hs[1]} hours at minute ${Number(mi)}`
    if (/^\d+$/.test(mi) && /^\d+$/.test(ho)) return `every day at ${two(+ho)}:${two(+mi)}`
  }
  if (/^\d+$/.test(mi) && /^\d+$/.test(ho) && mon === '*') {
    const at = `${two(+ho)}:${two(+mi)}`
    if (dom === '*') {
      const p = parse(n)
      const day = p ? only(p.dow) : null
      if (day !== null) return `every ${DAY_NAMES[day % 7]} at ${at}`
    }
    if (/^\d+$/.test(dom) && dow === '*') return `on day ${Number(dom)} of every month at ${at}`
  }
  return `cron schedule "${n}"`
}

/**
 * True when a scheduled run should have produced a good backup since `lastGood` (unix seconds)
 * and none is newer: the first run after it plus `graceSec` for the dump has passed.
 */
export function backupOverdue(
  expr: string,
  lastGood: number | null,
  createdAt: number,
  now: Date,
  graceSec = 3600
): boolean {
  const since = new Date((lastGood ?? createdAt) * 1000)
  const [next] = nextRuns(expr, since, 1)
  return next !== undefined && next.getTime() + graceSec * 1000 < now.getTime()
}
