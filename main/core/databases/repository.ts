// Runs in: main, CLI, headless server.
// The databases table. Passwords are not here: they live in the OS keychain.
import type { Db } from '../db/open'
import { engine, type Engine } from './model'

export interface DbRow {
  id: string
  name: string
  serverId: string
  engine: Engine
  version: string
  image: string
  schedule: string | null
  keep: number
  autoPull: boolean
  createdAt: number
}

interface Raw {
  id: string
  name: string
  server_id: string
  engine: string
  version: string
  image: string
  schedule: string | null
  keep: number
  auto_pull: number
  created_at: number
}

const toRow = (r: Raw): DbRow => ({
  id: r.id,
  name: r.name,
  serverId: r.server_id,
  engine: engine.parse(r.engine),
  version: r.version,
  image: r.image,
  schedule: r.schedule,
  keep: r.keep,
  autoPull: r.auto_pull === 1,
  createdAt: r.created_at
})

export class DbRepository {
  constructor(private readonly db: Db) {}

  list(): DbRow[] {
    return (this.db.prepare('SELECT * FROM databases ORDER BY name').all() as Raw[]).map(toRow)
  }

  get(name: string): DbRow | null {
    const r = this.db.prepare('SELECT * FROM databases WHERE name = ?').get(name) as Raw | undefined
    return r ? toRow(r) : null
  }

  insert(row: DbRow): void {
    this.db
      .prepare(
        `INSERT INTO databases (id, name, server_id, engine, version, image, schedule, keep, auto_pull, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`
      )
      .run(
        row.id,
        row.name,
        row.serverId,
        row.engine,
        row.version,
        row.image,
        row.schedule,
        row.keep,
        row.autoPull ? 1 : 0,
        row.createdAt
      )
  }

  setSchedule(id: string, schedule: string | null, keep: number): void {
    this.db
      .prepare('UPDATE databases SET schedule = ?, keep = ? WHERE id = ?')
      .run(schedule, keep, id)
  }

  setAutoPull(id: string, on: boolean): void {
    this.db.prepare('UPDATE databases SET auto_pull = ? WHERE id = ?').run(on ? 1 : 0, id)
  }

  remove(id: string): void {
    this.db.prepare('DELETE FROM databases WHERE id = ?').run(id)
  }
}
