// Runs in: main, and in the renderer through the API contract (pure, no Node imports).
// Cron schedules are checked here before they reach a crontab: a line there is interpreted by
// cron (a `%` becomes a newline and starts stdin, a newline starts a new entry), so anything
// beyond the five plain fields or a known @macro is refused rather than escaped.

const MACROS = new Set([
  '@reboot',
  '@yearly',
  '@annually',
  '@monthly',
  '@weekly',
  '@daily',
  '@midnight',
  '@hourly'
])

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec']
const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat']

interface FieldSpec {
  label: string
  min: number
  max: number
  names?: readonly string[]
  /** The value names[0] stands for (1 for months, 0 for days). */
  nameBase?: number
}

const FIELDS: readonly FieldSpec[] = [
  { label: 'minute', min: 0, max: 59 },
  { label: 'hour', min: 0, max: 23 },
  { label: 'day of month', min: 1, max: 31 },
  { label: 'month', min: 1, max: 12, names: MONTHS, nameBase: 1 },
  // Cron takes 0 and 7 for Sunday.
  { label: 'day of week', min: 0, max: 7, names: DAYS, nameBase: 0 }
]

export class CronExprError extends Error {}

function value(token: string, f: FieldSpec): number {
  const name = f.names?.indexOf(token.toLowerCase()) ?? -1
  if (name >= 0) return name + (f.nameBase ?? 0)
  if (!/^\d{1,2}$/.test(token)) throw new CronExprError(`"${token}" is not a valid ${f.label}.`)
  const n = Number(token)
  if (n < f.min || n > f.max)
    throw new CronExprError(`${f.label} ${n} is out of range ${f.min}-${f.max}.`)
  return n
}

function checkField(field: string, f: FieldSpec): void {
  for (const item of field.split(',')) {
    const [range = '', step, extra] = item.split('/')
    if (extra !== undefined) throw new CronExprError(`"${item}" has two steps.`)
    if (step !== undefined && (!/^\d{1,2}$/.test(step) || Number(step) === 0))
      throw new CronExprError(`the step in "${item}" must be a number from 1 to 99.`)
    if (range === '*') continue
    const [from = '', to, more] = range.split('-')
    if (more !== undefined) throw new CronExprError(`"${range}" is not a valid range.`)
    const a = value(from, f)
    if (to !== undefined && value(to, f) < a)
      throw new CronExprError(`the range "${range}" runs backwards.`)
  }
}

/**
 * The schedule in the one form Pier writes: five fields separated by single spaces, or a macro.
 * Throws CronExprError with a message a user can act on.
 */
export function normalizeCronExpr(input: string): string {
  if (/[\r\n]/.test(input)) throw new CronExprError('A schedule is one line.')
  if (input.includes('%'))
    throw new CronExprError('A schedule cannot contain "%" (cron reads it as a newline).')
  const trimmed = input.trim()
  if (trimmed.startsWith('@')) {
    if (!MACROS.has(trimmed.toLowerCase()))
      throw new CronExprError(`Unknown schedule "${trimmed.slice(0, 40)}"; try @hourly or @daily.`)
    return trimmed.toLowerCase()
  }
  if (!/^[0-9A-Za-z*,/\- \t]+$/.test(trimmed))
    throw new CronExprError(
      'A schedule has five fields of digits, names, "*", ",", "-" and "/" (like "*/5 * * * *").'
    )
  const fields = trimmed.split(/[ \t]+/)
  if (fields.length !== 5)
    throw new CronExprError(
      `A schedule has five fields (minute hour day month weekday); this has ${fields.length}.`
    )
  fields.forEach((field, i) => checkField(field, FIELDS[i] as FieldSpec))
  return fields.join(' ')
}
