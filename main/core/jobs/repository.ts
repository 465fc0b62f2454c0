// Runs in: main, CLI, headless server.
// The jobs table: the laptop's memory of jobs on its servers. Rows are upserted from what the
// server reports, so the server stays the source of truth and a row is never ahead of it.
import type { Db } from '../db/open'
import { TERMINAL, type JobState, type JobStatus } from './model'

export interface JobRow {
  serverId: string
  id: string
  key: string
  title: string | null
  state: JobState
  pid: number | null
  exitCode: number | null
  queuedAt: number
  startedAt: number | null
  endedAt: number | null
  reason: string | null
  step: string | null
  progress: number | null
  startedHere: boolean
  notified: boolean
}

interface Row {
  server_id: string
  id: string
  key: string
  title: string | null
  state: JobState
  pid: number | null
  exit_code: number | null
  queued_at: number
  started_at: number | null
  ended_at: number | null
  reason: string | null
  step: string | null
  progress: number | null
  started_here: number
  notified: number
}

const toJob = (r: Row): JobRow => ({
  serverId: r.server_id,
  id: r.id,
  key: r.key,
  title: r.title,
  state: r.state,
  pid: r.pid,
  exitCode: r.exit_code,
  queuedAt: r.queued_at,
  startedAt: r.started_at,
  endedAt: r.ended_at,
  reason: r.reason,
  step: r.step,
  progress: r.progress,
  startedHere: r.started_here === 1,
  notified: r.notified === 1
})

const ACTIVE = "state IN ('queued', 'running')"

export class JobRepository {
  constructor(private readonly db: Db) {}

  /**
   * Records a job this Pier just launched. A status pass may have seen it first (it runs on its
   * own timer), so this only adds what the server cannot know.
   */
  insertStarted(serverId: string, job: { id: string; key: string; title: string | null }): void {
    this.db
      .prepare(
        `INSERT INTO jobs (server_id, id, key, title, state, queued_at, started_here)
         VALUES (?, ?, ?, ?, 'queued', ?, 1)
         ON CONFLICT (server_id, id) DO UPDATE SET title = excluded.title, started_here = 1`
      )
      .run(serverId, job.id, job.key, job.title, Math.floor(Date.now() / 1000))
  }

  /**
   * Takes the server's word for a job. A row that already ended stays ended: a server's late or
   * stale report (a job folder restored from a backup) never revives it.
   * Returns whether anything changed.
   */
  upsert(serverId: string, s: JobStatus): boolean {
    const before = this.get(serverId, s.id)
    if (before && TERMINAL.has(before.state) && !TERMINAL.has(s.state)) return false
    const same =
      before &&
      before.state === s.state &&
      before.pid === s.pid &&
      before.exitCode === s.exitCode &&
      before.startedAt === s.startedAt &&
      before.endedAt === s.endedAt &&
      before.reason === s.reason &&
      before.step === s.step &&
      before.progress === s.progress &&
      (s.title === null || before.title !== null)
    if (same) return false
    this.db
      .prepare(
        `INSERT INTO jobs (server_id, id, key, title, state, pid, exit_code, queued_at,
                           started_at, ended_at, reason, step, progress)
         VALUES (@serverId, @id, @key, @title, @state, @pid, @exitCode, @queuedAt, @startedAt,
                 @endedAt, @reason, @step, @progress)
         ON CONFLICT (server_id, id) DO UPDATE SET
           state = excluded.state, pid = excluded.pid, exit_code = excluded.exit_code,
           queued_at = excluded.queued_at, started_at = excluded.started_at,
           ended_at = excluded.ended_at, reason = excluded.reason, step = excluded.step,
           progress = excluded.progress,
           -- the laptop's own title for a job it started wins over the server's
           title = COALESCE(jobs.title, excluded.title)`
      )
      .run({ serverId, ...s })
    return true
  }

  get(serverId: string, id: string): JobRow | null {
    const row = this.db
      .prepare('SELECT * FROM jobs WHERE server_id = ? AND id = ?')
      .get(serverId, id) as Row | undefined
    return row ? toJob(row) : null
  }

  /** Newest first; all servers when serverId is null. */
  list(serverId: string | null, limit = 500): JobRow[] {
    const rows = (
      serverId === null
        ? this.db.prepare('SELECT * FROM jobs ORDER BY queued_at DESC, id DESC LIMIT ?').all(limit)
        : this.db
            .prepare(
              'SELECT * FROM jobs WHERE server_id = ? ORDER BY queued_at DESC, id DESC LIMIT ?'
            )
            .all(serverId, limit)
    ) as Row[]
    return rows.map(toJob)
  }

  active(): JobRow[] {
    return (this.db.prepare(`SELECT * FROM jobs WHERE ${ACTIVE}`).all() as Row[]).map(toJob)
  }

  /** Claims the one notification for a finished job; false when it was already claimed. */
  claimNotification(serverId: string, id: string): boolean {
    const r = this.db
      .prepare(
        'UPDATE jobs SET notified = 1 WHERE server_id = ? AND id = ? AND started_here = 1 AND notified = 0'
      )
      .run(serverId, id)
    return r.changes === 1
  }
}
