// Runs in: main, CLI, headless server.
// Opens the local state database. A file we cannot read, or one written by a newer Pier, stops
// with an error that names the file: silently recreating it would throw away the user's servers.
import fs from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import { PierError } from '../errors'
import { MIGRATIONS, type Migration } from './migrations'

export type Db = Database.Database

export interface OpenOptions {
  migrations?: Migration[]
  /** Path to a better-sqlite3 .node built for another runtime (Electron), see scripts/start.mjs. */
  nativeBinding?: string
}

export function openDatabase(file: string, options: OpenOptions = {}): Db {
  const migrations = options.migrations ?? MIGRATIONS
  let db: Db
  try {
    if (file !== ':memory:') fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 })
    db = new Database(file, options.nativeBinding ? { nativeBinding: options.nativeBinding } : {})
  } catch (err) {
    throw new PierError(
      'db_unavailable',
      `Cannot open the Pier database at ${file}: ${(err as Error).message}`,
      'Check that the folder exists and is writable, or point PIER_HOME (or --home) at another folder.',
      { cause: err }
    )
  }
  try {
    db.pragma('busy_timeout = 5000')
    db.pragma('journal_mode = WAL')
    db.pragma('foreign_keys = ON')
    migrate(db, migrations, file)
    return db
  } catch (err) {
    db.close()
    if (err instanceof PierError) throw err
    const code = (err as { code?: string }).code
    if (code === 'SQLITE_NOTADB' || code?.startsWith('SQLITE_CORRUPT')) {
      throw new PierError(
        'db_corrupt',
        `The Pier database at ${file} is damaged or is not a database (${code}).`,
        `Pier will not reset it. Move the file aside (for example to ${file}.broken) and start again, or restore it from a copy.`,
        { cause: err }
      )
    }
    throw err
  }
}

export function schemaVersion(db: Db): number {
  const row = db.prepare('SELECT MAX(version) AS v FROM schema_migrations').get() as {
    v: number | null
  }
  return row.v ?? 0
}

function migrate(db: Db, migrations: Migration[], file: string): void {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version    INTEGER PRIMARY KEY,
    name       TEXT NOT NULL,
    applied_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
  )`)
  // IMMEDIATE takes the write lock before reading the version, so a CLI and the app opening a
  // fresh data folder at once apply the steps once, one after the other; all pending steps are
  // one transaction, so a failure leaves the previous, consistent schema.
  const apply = db.transaction(() => {
    const current = schemaVersion(db)
    if (current > migrations.length) {
      throw new PierError(
        'db_too_new',
        `The Pier database at ${file} has schema version ${current}, but this Pier only knows up to ${migrations.length}.`,
        'It was written by a newer Pier. Update Pier, or use another data folder with PIER_HOME (or --home).'
      )
    }
    for (const step of migrations.filter((m) => m.version > current)) {
      db.exec(step.sql)
      db.prepare('INSERT INTO schema_migrations (version, name) VALUES (?, ?)').run(
        step.version,
        step.name
      )
    }
  })
  apply.immediate()
}
