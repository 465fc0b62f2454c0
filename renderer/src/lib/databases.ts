// Runs in: renderer (pure; no DOM).
// The Databases and Backups pages' logic: the create form checked with the zod rules main uses
// (main/core/databases/model.ts), the schedule preview (main's own cron-preview, so the words
// match `pier backup preview`), the client command for a tunnel, and how a backup reads.
import { z } from 'zod'
import type { OutputOf } from '../../../main/api/contract'
import {
  backupOverdue,
  describeSchedule,
  nextRuns
} from '../../../main/core/databases/cron-preview'
import {
  DEFAULT_IMAGES,
  ENGINES,
  dbImage,
  dbName,
  dbVersion,
  type Engine
} from '../../../main/core/databases/model'
import { CronExprError, normalizeCronExpr } from '../../../main/core/jobs/cron-expr'

// The renderer's CSP has no 'unsafe-eval': zod must not try to compile parsers with Function.
z.config({ jitless: true })

export type Database = OutputOf<'db.watch'>['databases'][number]
export type DatabaseStatus = OutputOf<'db.list'>[number]
export type Transfer = OutputOf<'db.watch'>['transfers'][number]
export type LibraryEntry = OutputOf<'db.watch'>['library'][number]
export type BackupRecord = OutputOf<'backup.list'>[number]
export type TunnelEvent = OutputOf<'db.tunnel'>

export { ENGINES, type Engine }

export const ENGINE_LABELS: Record<Engine, string> = {
  postgres: 'PostgreSQL',
  mysql: 'MySQL',
  mariadb: 'MariaDB',
  mongo: 'MongoDB',
  redis: 'Redis'
}

export interface DbForm {
  name: string
  server: string
  engine: Engine
  /** Empty: the engine's default tag. */
  version: string
  /** Empty: the official image with that tag. */
  image: string
}

export const emptyDbForm = (server = ''): DbForm => ({
  name: '',
  server,
  engine: 'postgres',
  version: '',
  image: ''
})

export type DbFormErrors = Partial<Record<keyof DbForm, string>>

const problem = (schema: z.ZodType, value: string): string | null => {
  const r = schema.safeParse(value)
  return r.success ? null : (r.error.issues[0]?.message ?? 'Not valid.')
}

/** What the API would refuse, in its words; empty when the form can be sent. */
export function dbFormErrors(f: DbForm, taken: readonly string[] = []): DbFormErrors {
  const e: DbFormErrors = {}
  const name = problem(dbName, f.name)
  if (name) e.name = name
  else if (taken.includes(f.name)) e.name = `A database named ${f.name} exists already.`
  if (!f.server) e.server = 'Choose the server it runs on.'
  if (f.version) {
    const v = problem(dbVersion, f.version)
    if (v) e.version = v
  }
  if (f.image) {
    const i = problem(dbImage, f.image)
    if (i) e.image = i
  }
  return e
}

/** The image a form creates: what it names, else the official image with the version. */
export function imageOf(f: Pick<DbForm, 'engine' | 'version' | 'image'>): string {
  const d = DEFAULT_IMAGES[f.engine]
  return f.image || `${d.repo}:${f.version || d.version}`
}

export function createInput(f: DbForm): {
  name: string
  server: string
  engine: Engine
  version?: string
  image?: string
} {
  return {
    name: f.name,
    server: f.server,
    engine: f.engine,
    ...(f.version ? { version: f.version } : {}),
    ...(f.image ? { image: f.image } : {})
  }
}

/**
 * A command for the engine's own client at the tunnel's local port. The password is never in
 * it: the client asks, and Copy password puts it on the clipboard.
 */
export function clientCommand(
  c: { engine: Engine; user: string | null; database: string | null },
  port: number
): string {
  const db = c.database ?? ''
  switch (c.engine) {
    case 'postgres':
      return `psql "postgresql://${c.user ?? 'postgres'}@127.0.0.1:${port}/${db}"`
    case 'mysql':
    case 'mariadb':
      return `mysql -h 127.0.0.1 -P ${port} -u ${c.user ?? 'root'} -p ${db}`.trim()
    case 'mongo':
      return `mongosh "mongodb://${c.user ?? 'pier'}@127.0.0.1:${port}/${db}?authSource=admin"`
    case 'redis':
      return `redis-cli -h 127.0.0.1 -p ${port} --askpass`
  }
}

/** The client URL at the tunnel's port (no password), for a GUI client like TablePlus. */
export function localUrl(url: string, port: number): string {
  return url.replace(/@?[^@/:]+:\d+/, (m) => `${m.startsWith('@') ? '@' : ''}127.0.0.1:${port}`)
}

export interface SchedulePreview {
  ok: boolean
  /** "every day at 03:30", or why the expression is refused. */
  text: string
  /** The next runs, unix seconds (UTC, as cron on most servers). */
  next: number[]
}

export function previewSchedule(expr: string, now: Date = new Date()): SchedulePreview {
  if (!expr.trim()) return { ok: false, text: 'Type a cron expression, like 30 3 * * *.', next: [] }
  try {
    const n = normalizeCronExpr(expr)
    return {
      ok: true,
      text: describeSchedule(n),
      next: nextRuns(n, now, 3).map((d) => Math.floor(d.getTime() / 1000))
    }
  } catch (err) {
    if (err instanceof CronExprError) return { ok: false, text: err.message, next: [] }
    throw err
  }
}

export function keepProblem(keep: string): string | null {
  if (!/^\d+$/.test(keep.trim())) return 'Keep is a whole number from 1 to 1000.'
  const n = Number(keep)
  return n >= 1 && n <= 1000 ? null : 'Keep is a whole number from 1 to 1000.'
}

/** The newest good backup (the manifest's records are newest first). */
export function lastGood(records: readonly BackupRecord[]): BackupRecord | null {
  return records.find((r) => r.status === 'ok') ?? null
}

/**
 * The warning when the last good backup is older than the schedule implies (a scheduled run
 * should have made a newer one, plus an hour for the dump), or null.
 */
export function overdueText(
  db: Pick<Database, 'schedule' | 'createdAt'>,
  records: readonly BackupRecord[],
  now: Date
): string | null {
  if (!db.schedule) return null
  const good = lastGood(records)
  let late: boolean
  try {
    late = backupOverdue(db.schedule, good?.time ?? null, db.createdAt, now)
  } catch {
    return null
  }
  if (!late) return null
  return good
    ? `The last good backup is from ${utc(good.time)}: older than "${describeSchedule(db.schedule)}" implies. Look at the failed runs below, or at the server's cron.`
    : `No good backup yet, though "${describeSchedule(db.schedule)}" should have made one by now.`
}

export function utc(unixSec: number): string {
  return new Date(unixSec * 1000)
    .toISOString()
    .replace('T', ' ')
    .replace(/:\d\d\.\d+Z$/, ' UTC')
}

export function formatSize(n: number | null): string {
  if (n === null) return '–'
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB']
  let v = n
  let u = 0
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024
    u++
  }
  return `${u === 0 ? v : v.toFixed(1)} ${units[u]}`
}

export function formatSeconds(s: number | null): string {
  if (s === null) return '–'
  if (s < 60) return `${s} s`
  return `${Math.floor(s / 60)} min ${s % 60} s`
}

/** "0/1", "1/1" or why the server could not say. */
export function statusOf(s: DatabaseStatus | null): {
  state: 'running' | 'starting' | 'down' | 'unknown'
  text: string
} {
  if (!s) return { state: 'unknown', text: 'Checking…' }
  if (s.error) return { state: 'unknown', text: 'Unreachable' }
  if (s.running) return { state: 'running', text: `Running ${s.replicas ?? ''}`.trim() }
  if (s.replicas) return { state: 'starting', text: `Starting ${s.replicas}` }
  return { state: 'down', text: 'Not running' }
}

export function transferPercent(t: Transfer): number | null {
  if (t.total === null || t.total === 0) return null
  return Math.min(100, Math.round((t.bytes / t.total) * 100))
}
