// The Databases and Backups pages' pure parts and the core pieces under them that need no
// server: the create form's checks (the API's own zod rules, against the hostile corpus), the
// schedule preview as typed, the client command for a tunnel, the late-backup warning, the
// local library's listing of pulled files with their verification, and the auto-pull setting
// (migration 015) with the choice of which backups a pass pulls.
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { ServerRepository } from '../../main/core/servers/repository'
import {
  clientCommand,
  createInput,
  dbFormErrors,
  emptyDbForm,
  imageOf,
  keepProblem,
  localUrl,
  overdueText,
  previewSchedule,
  statusOf,
  transferPercent,
  type BackupRecord,
  type DatabaseStatus
} from '../../renderer/src/lib/databases'
import { HOSTILE } from '../support/hostile'
import { testCore } from '../support/core'

const record = (id: string, time: number, status: 'ok' | 'failed'): BackupRecord => ({
  id,
  file: status === 'ok' ? `${id}.rdb.gz` : null,
  time,
  size: status === 'ok' ? 42 : null,
  sha256: status === 'ok' ? 'b'.repeat(64) : null,
  engine: 'redis',
  version: '7',
  durationSec: 1,
  status,
  error: status === 'ok' ? null : 'the dump failed',
  trigger: 'cron'
})

describe('the create form', () => {
  it('refuses hostile names, versions and images with the API words, and accepts good ones', () => {
    for (const bad of [...HOSTILE, 'Upper', 'a_b', 'x'.repeat(31), 'ends-', '1abc', ''])
      expect(dbFormErrors({ ...emptyDbForm('s1'), name: bad }).name, bad.slice(0, 30)).toMatch(
        /lowercase|cannot end/
      )
    // Every hostile value with a shell or path character in it (some are plain long words).
    for (const bad of HOSTILE.filter((h) => /[^A-Za-z0-9._-]/.test(h))) {
      const e = dbFormErrors({ ...emptyDbForm('s1'), name: 'ok', version: bad, image: bad })
      expect(e.version, bad.slice(0, 30)).toBeTruthy()
      if (/[^A-Za-z0-9._/:@-]/.test(bad)) expect(e.image, bad.slice(0, 30)).toBeTruthy()
    }
    const good = { ...emptyDbForm('s1'), name: 'main-db', version: '16.2', image: 'pg/x:1' }
    expect(dbFormErrors(good)).toEqual({})
    expect(dbFormErrors(good, ['main-db']).name).toMatch(/exists already/)
    expect(dbFormErrors({ ...good, server: '' }).server).toBeTruthy()
  })

  it('sends only what was filled in and shows the image that will run', () => {
    const f = { ...emptyDbForm('s1'), name: 'c', engine: 'redis' as const }
    expect(createInput(f)).toEqual({ name: 'c', server: 's1', engine: 'redis' })
    expect(imageOf(f)).toBe('redis:7')
    expect(imageOf({ ...f, version: '6' })).toBe('redis:6')
    expect(imageOf({ ...f, image: 'me/redis:1' })).toBe('me/redis:1')
    expect(createInput({ ...f, version: '6', image: 'me/redis:1' })).toEqual({
      name: 'c',
      server: 's1',
      engine: 'redis',
      version: '6',
      image: 'me/redis:1'
    })
  })
})

describe('the schedule editor', () => {
  it('describes an expression in words with its next runs, and refuses what cron would misread', () => {
    const now = new Date('2026-01-05T10:00:00Z')
    const daily = previewSchedule('30 3 * * *', now)
    expect(daily).toMatchObject({ ok: true, text: 'every day at 03:30' })
    expect(daily.next[0]).toBe(Date.parse('2026-01-06T03:30:00Z') / 1000)
    expect(previewSchedule('*/15 * * * *', now).text).toBe('every 15 minutes')
    expect(previewSchedule('@daily', now).text).toBe('every day at 00:00')
    for (const bad of ['30 3 * *', '30 3 * * * ; rm -rf /', '30 3 * * * %', '61 * * * *', ''])
      expect(previewSchedule(bad, now).ok, bad).toBe(false)
    expect(keepProblem('3')).toBeNull()
    for (const bad of ['0', '1001', '-1', '2.5', 'x', '']) expect(keepProblem(bad)).toBeTruthy()
  })

  it('warns when the last good backup is older than the schedule implies', () => {
    const db = { schedule: '30 3 * * *', createdAt: Date.parse('2026-01-01T00:00:00Z') / 1000 }
    const at = (iso: string): number => Date.parse(iso) / 1000
    const fresh = [record('20260105T033000Z-a', at('2026-01-05T03:30:00Z'), 'ok')]
    const now = new Date('2026-01-05T12:00:00Z')
    expect(overdueText(db, fresh, now)).toBeNull()
    // The 01-04 run was good, the 01-05 one failed: a day and a half behind.
    const late = [
      record('20260105T033000Z-b', at('2026-01-05T03:30:00Z'), 'failed'),
      record('20260104T033000Z-a', at('2026-01-04T03:30:00Z'), 'ok')
    ]
    expect(overdueText(db, late, now)).toMatch(/last good backup is from 2026-01-04 03:30 UTC/)
    expect(overdueText(db, [], now)).toMatch(/No good backup yet/)
    expect(overdueText({ ...db, schedule: null }, [], now)).toBeNull()
  })
})

describe('connection details', () => {
  it('gives each engine a client command at the local port, never with the password', () => {
    expect(clientCommand({ engine: 'redis', user: null, database: null }, 5001)).toBe(
      'redis-cli -h 127.0.0.1 -p 5001 --askpass'
    )
    expect(clientCommand({ engine: 'postgres', user: 'pier', database: 'main_db' }, 5002)).toBe(
      'psql "postgresql://pier@127.0.0.1:5002/main_db"'
    )
    expect(clientCommand({ engine: 'mariadb', user: 'root', database: 'shop' }, 5003)).toBe(
      'mysql -h 127.0.0.1 -P 5003 -u root -p shop'
    )
    expect(localUrl('postgresql://pier@db-main_db:5432/main', 5002)).toBe(
      'postgresql://pier@127.0.0.1:5002/main'
    )
    expect(localUrl('redis://db-cache_db:6379', 5001)).toBe('redis://127.0.0.1:5001')
  })

  it('reads a status word off the replicas, and a transfer as a percentage', () => {
    const s = (p: Partial<DatabaseStatus>): DatabaseStatus =>
      ({ replicas: null, running: null, error: null, ...p }) as DatabaseStatus
    expect(statusOf(null).state).toBe('unknown')
    expect(statusOf(s({ replicas: '1/1', running: true }))).toEqual({
      state: 'running',
      text: 'Running 1/1'
    })
    expect(statusOf(s({ replicas: '0/1', running: false })).state).toBe('starting')
    expect(statusOf(s({ running: false })).state).toBe('down')
    expect(statusOf(s({ error: 'unreachable' })).state).toBe('unknown')
    const t = { id: 'x', kind: 'pull' as const, db: 'a', done: false }
    expect(transferPercent({ ...t, bytes: 50, total: 200 })).toBe(25)
    expect(transferPercent({ ...t, bytes: 50, total: null })).toBeNull()
  })
})

describe('the local library and auto-pull (core, no server)', () => {
  const sidecar = (db: string, r: BackupRecord, extra: object = {}) =>
    JSON.stringify({ db, server: 's1', record: r, pulledAt: r.time + 60, by: 'user', ...extra })

  it('lists pulled files with their record, whether they are intact and their last verification', () => {
    const core = testCore()
    const dir = path.join(core.paths.backups, 'cache')
    fs.mkdirSync(dir, { recursive: true })
    const a = { ...record('20260104T033000Z-a', 1_767_497_400, 'ok'), size: 5 }
    const b = { ...record('20260105T033000Z-b', 1_767_583_800, 'ok'), size: 5 }
    fs.writeFileSync(path.join(dir, a.file ?? ''), 'hello')
    fs.writeFileSync(path.join(dir, `${a.file}.json`), sidecar('cache', a))
    fs.writeFileSync(path.join(dir, b.file ?? ''), 'hello, but longer')
    fs.writeFileSync(
      path.join(dir, `${b.file}.json`),
      sidecar('cache', b, {
        by: 'auto',
        verified: { at: 1, ok: true, count: 3, reason: null, server: 's1', jobId: 'j' }
      })
    )
    // Neither a half pull nor a stray file is a library entry.
    fs.writeFileSync(path.join(dir, `${a.file}.part`), 'hel')
    fs.writeFileSync(path.join(dir, 'notes.txt'), 'x')
    fs.writeFileSync(path.join(dir, 'x.rdb.gz.json'), '{not json')
    const list = core.backups.library()
    expect(list.map((e) => [e.record.id, e.intact, e.by, e.verified?.count ?? null])).toEqual([
      [b.id, false, 'auto', 3],
      [a.id, true, 'user', null]
    ])
    expect(core.backups.library('cache')).toHaveLength(2)
    expect(core.backups.library('other')).toEqual([])
    expect(() => core.backups.library('../etc')).toThrow(/not a valid database name/)
  })

  it('stores auto-pull per database (migration 015) and a pass pulls only what is new', async () => {
    const core = testCore()
    const server = new ServerRepository(core.db).insert({
      name: 's1',
      host: 'h',
      username: 'u',
      authMethod: 'key'
    })
    core.databases.repo.insert({
      id: 'id-1',
      name: 'cache',
      serverId: server.id,
      engine: 'redis',
      version: '7',
      image: 'redis:7',
      schedule: null,
      keep: 7,
      autoPull: false,
      createdAt: 1
    })
    expect(core.databases.get('cache').autoPull).toBe(false)
    expect(core.backups.setAutoPull('cache', true).autoPull).toBe(true)
    expect(core.databases.repo.get('cache')?.autoPull).toBe(true)

    // The server's manifest and the pulls, scripted: the pass asks for both, in time order.
    const manifest = [
      record('20260106T033000Z-c', 300, 'ok'),
      record('20260105T033000Z-f', 250, 'failed'),
      record('20260105T033000Z-b', 200, 'ok'),
      record('20260104T033000Z-a', 100, 'ok')
    ]
    const pulled: string[] = []
    core.backups.list = () => Promise.resolve(manifest)
    core.backups.pull = (_db, o) => {
      pulled.push(`${o?.id}:${o?.by}`)
      return Promise.resolve({
        id: o?.id ?? '',
        path: `/x/${o?.id}`,
        sha256: '',
        size: 0,
        resumedFrom: 0
      })
    }
    // An empty library: only the newest good one, not the whole history.
    expect(await core.backups.autoPull(server.id)).toEqual(['/x/20260106T033000Z-c'])
    expect(pulled).toEqual(['20260106T033000Z-c:auto'])
    // With the 01-04 backup in the library: everything good after it, oldest first.
    const dir = path.join(core.paths.backups, 'cache')
    fs.mkdirSync(dir, { recursive: true })
    const a = manifest[3] as BackupRecord
    fs.writeFileSync(path.join(dir, a.file ?? ''), 'x'.repeat(42))
    fs.writeFileSync(path.join(dir, `${a.file}.json`), sidecar('cache', a))
    pulled.length = 0
    await core.backups.autoPull(server.id)
    expect(pulled).toEqual(['20260105T033000Z-b:auto', '20260106T033000Z-c:auto'])
    // Off: nothing.
    core.backups.setAutoPull('cache', false)
    pulled.length = 0
    expect(await core.backups.autoPull(server.id)).toEqual([])
    expect(pulled).toEqual([])
  })
})
