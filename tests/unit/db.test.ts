import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { openDatabase, schemaVersion } from '../../main/core/db/open'
import { MIGRATIONS, parseMigrations } from '../../main/core/db/migrations'
import { PierError } from '../../main/core/errors'
import { ServerRepository } from '../../main/core/servers/repository'
import { tmpDir } from '../support/tmp'

describe('migrations', () => {
  it('are numbered 1..n from their file names', () => {
    expect(MIGRATIONS.map((m) => m.version)).toEqual(MIGRATIONS.map((_, i) => i + 1))
    const parsed = parseMigrations({ './m/002_b.sql': 'B', './m/001_a.sql': 'A' })
    expect(parsed.map((m) => [m.version, m.name, m.sql])).toEqual([
      [1, 'a', 'A'],
      [2, 'b', 'B']
    ])
  })

  it('refuse gaps and bad names', () => {
    expect(() => parseMigrations({ './001_a.sql': '', './003_c.sql': '' })).toThrow(/without gaps/)
    expect(() => parseMigrations({ './1-a.sql': '' })).toThrow(/001_name/)
  })
})

describe('openDatabase', () => {
  it('creates the schema with WAL and foreign keys, and reopens without re-applying', () => {
    const file = path.join(tmpDir(), 'nested', 'pier.db')
    const db = openDatabase(file)
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal')
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1)
    expect(schemaVersion(db)).toBe(MIGRATIONS.length)
    new ServerRepository(db).insert({ name: 'web', host: 'h', username: 'u', authMethod: 'agent' })
    db.close()
    const again = openDatabase(file)
    expect(new ServerRepository(again).list().map((s) => s.name)).toEqual(['web'])
    expect(again.prepare('SELECT COUNT(*) AS n FROM schema_migrations').get()).toEqual({
      n: MIGRATIONS.length
    })
    again.close()
  })

  it('applies pending migrations in one transaction: a failing step leaves the old schema', () => {
    const file = path.join(tmpDir(), 'pier.db')
    const steps = [
      { version: 1, name: 'one', sql: 'CREATE TABLE t1 (x INTEGER);' },
      { version: 2, name: 'two', sql: 'CREATE TABLE t2 (x INTEGER); THIS IS NOT SQL;' }
    ]
    expect(() => openDatabase(file, { migrations: steps })).toThrow()
    const db = openDatabase(file, { migrations: steps.slice(0, 0) })
    expect(schemaVersion(db)).toBe(0)
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all()
    expect(tables).not.toContainEqual({ name: 't1' })
    db.close()
  })

  it('refuses a database from a newer Pier with a clear error', () => {
    const file = path.join(tmpDir(), 'pier.db')
    openDatabase(file).close()
    const few = MIGRATIONS.slice(0, MIGRATIONS.length - 1)
    const err = (() => {
      try {
        openDatabase(file, { migrations: few })
      } catch (e) {
        return e
      }
    })()
    expect(err).toBeInstanceOf(PierError)
    expect((err as PierError).code).toBe('db_too_new')
    expect((err as PierError).hint).toMatch(/Update Pier/)
  })

  it('refuses a damaged file and leaves it exactly as it was', () => {
    const file = path.join(tmpDir(), 'pier.db')
    const junk = Buffer.from(
      'this is not a sqlite database, but it is the user’s file\n'.repeat(200)
    )
    fs.writeFileSync(file, junk)
    expect(() => openDatabase(file)).toThrow(expect.objectContaining({ code: 'db_corrupt' }))
    expect(fs.readFileSync(file).equals(junk)).toBe(true)
  })

  it('enforces the servers table constraints', () => {
    const db = openDatabase(path.join(tmpDir(), 'pier.db'))
    const repo = new ServerRepository(db)
    repo.insert({ name: 'a', host: 'h', username: 'u', authMethod: 'key' })
    expect(() => repo.insert({ name: 'a', host: 'h2', username: 'u', authMethod: 'key' })).toThrow(
      /UNIQUE/
    )
    expect(() =>
      repo.insert({ name: 'b', host: 'h', port: 70000, username: 'u', authMethod: 'key' })
    ).toThrow(/CHECK/)
    db.close()
  })
})
