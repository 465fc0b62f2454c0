// Databases: name and input checks, the backup manifest reader, the schedule preview and the
// compose file a database is deployed from (its password only ever as a secret file).
import { describe, expect, it } from 'vitest'
import { redisConf, renderDbCompose } from '../../main/core/databases/compose'
import { backupOverdue, describeSchedule, nextRuns } from '../../main/core/databases/cron-preview'
import { latestGood, parseManifest } from '../../main/core/databases/manifest'
import { dbName, dbPassword, engine } from '../../main/core/databases/model'
import { flagsOf } from '../../main/cli/commands'
import { checkName, newPassword } from '../../main/core/databases/service'
import { HOSTILE } from '../support/hostile'

const rec = (id: string, time: number, status: 'ok' | 'failed', extra: object = {}) =>
  JSON.stringify({
    id,
    file: status === 'ok' ? `${id}.pgdump.zst` : null,
    time,
    size: status === 'ok' ? 100 : null,
    sha256: status === 'ok' ? 'a'.repeat(64) : null,
    engine: 'postgres',
    version: '16',
    durationSec: 1,
    status,
    error: status === 'ok' ? null : 'the dump failed (exit 1)',
    trigger: 'cron',
    ...extra
  })

describe('database names and engines', () => {
  it('accepts short DNS-safe names only', () => {
    for (const ok of ['a', 'pg1', 'my-db', 'x'.repeat(30)])
      expect(dbName.safeParse(ok).success).toBe(true)
    for (const bad of [...HOSTILE, 'A', '1db', 'my_db', 'db-', 'x'.repeat(31), 'db.1'])
      expect(dbName.safeParse(bad).success, JSON.stringify(bad.slice(0, 30))).toBe(false)
  })
  it('says what is wrong in a PierError', () => {
    expect(() => checkName('$(id)')).toThrow(/not a valid database name/)
    try {
      checkName('x'.repeat(500))
    } catch (err) {
      expect((err as { code: string }).code).toBe('invalid_input')
      expect((err as Error).message.length).toBeLessThan(200)
    }
  })
  it('knows the five engines', () => {
    expect(engine.options).toEqual(['postgres', 'mysql', 'mariadb', 'mongo', 'redis'])
    expect(engine.safeParse('sqlite').success).toBe(false)
  })
  it('makes distinct 32-character passwords without shell or URL metacharacters', () => {
    const a = newPassword()
    expect(a).toMatch(/^[A-Za-z0-9_-]{32}$/)
    expect(newPassword()).not.toBe(a)
  })
  it('takes a chosen password with quotes, $ and spaces literally, and refuses control characters', () => {
    for (const ok of [`it's "$HOME" $(id) \`x\` ;a b\\`, 'ünïcödé 名前 🚀 pass', ' spaced out '])
      expect(dbPassword.parse(ok)).toBe(ok)
    for (const bad of [
      'a\nid-and-more',
      'tab\there!!',
      'nul\u0000byte!',
      'short',
      'x'.repeat(201)
    ]) {
      const r = dbPassword.safeParse(bad)
      expect(r.success, JSON.stringify(bad).slice(0, 30)).toBe(false)
    }
    // Only from standard input on the command line, never as a --password argument.
    expect(flagsOf('db.create').names).toContain('password-stdin')
    expect(flagsOf('db.create').names).not.toContain('password')
  })
})

describe('the backup manifest', () => {
  it('reads records newest first and marks pruned ones', () => {
    const text = [
      rec('20260101T030000Z-aaaa', 100, 'ok'),
      rec('20260102T030000Z-bbbb', 200, 'failed'),
      rec('20260103T030000Z-cccc', 300, 'ok'),
      '{"id":"20260101T030000Z-aaaa","status":"pruned","time":301}',
      ''
    ].join('\n')
    const m = parseManifest(text)
    expect(m.skipped).toBe(0)
    expect(m.records.map((r) => [r.id.slice(-4), r.status])).toEqual([
      ['cccc', 'ok'],
      ['bbbb', 'failed'],
      ['aaaa', 'pruned']
    ])
    expect(latestGood(m.records)?.id).toBe('20260103T030000Z-cccc')
  })
  it('skips a half-written last line and anything malformed', () => {
    const full = rec('20260101T030000Z-aaaa', 100, 'ok')
    const m = parseManifest([full, '{"id":"x"', 'not json', full.slice(0, 40)].join('\n'))
    expect(m.records).toHaveLength(1)
    expect(m.skipped).toBe(3)
  })
  it('has no good backup when every run failed or was pruned', () => {
    const m = parseManifest(rec('20260101T030000Z-aaaa', 100, 'failed'))
    expect(latestGood(m.records)).toBeNull()
    expect(parseManifest('').records).toEqual([])
  })
  it('refuses records with a bad id or checksum', () => {
    const m = parseManifest(
      [
        rec('../../etc/passwd', 1, 'ok'),
        rec('20260101T030000Z-aaaa', 1, 'ok', { sha256: 'xyz' })
      ].join('\n')
    )
    expect(m.records).toEqual([])
    expect(m.skipped).toBe(2)
  })
})

describe('schedule preview', () => {
  it('describes common schedules in words', () => {
    expect(describeSchedule('30 3 * * *')).toBe('every day at 03:30')
    expect(describeSchedule('*/15 * * * *')).toBe('every 15 minutes')
    expect(describeSchedule('5 * * * *')).toBe('every hour at minute 5')
    expect(describeSchedule('0 */6 * * *')).toBe('every 6 hours at minute 0')
    expect(describeSchedule('0 4 * * sun')).toBe('every Sunday at 04:00')
    expect(describeSchedule('@daily')).toBe('every day at 00:00')
    expect(describeSchedule('0 2 1 * *')).toBe('on day 1 of every month at 02:00')
    expect(describeSchedule('0 2 1-7 * 1')).toBe('cron schedule "0 2 1-7 * 1"')
    expect(() => describeSchedule('61 * * * *')).toThrow(/out of range/)
  })
  it('lists the next runs', () => {
    const from = new Date(Date.UTC(2026, 0, 1, 3, 30, 0))
    expect(nextRuns('30 3 * * *', from, 2).map((d) => d.toISOString())).toEqual([
      '2026-01-02T03:30:00.000Z',
      '2026-01-03T03:30:00.000Z'
    ])
    expect(nextRuns('*/20 * * * *', from, 3).map((d) => d.toISOString().slice(11, 16))).toEqual([
      '03:40',
      '04:00',
      '04:20'
    ])
    // Day of month OR day of week when both are restricted, as cron does.
    const both = nextRuns('0 0 13 * 5', new Date(Date.UTC(2026, 1, 1)), 3).map((d) =>
      d.getUTCDate()
    )
    expect(both).toEqual([6, 13, 20])
    expect(nextRuns('@reboot', from)).toEqual([])
  })
  it('says when the last good backup is older than the schedule implies', () => {
    const t = (iso: string) => Math.floor(Date.parse(iso) / 1000)
    const created = t('2026-01-01T00:00:00Z')
    // Daily at 03:30; last good backup on the 1st: the 2nd's run + 1 h grace has passed by noon.
    expect(
      backupOverdue(
        '30 3 * * *',
        t('2026-01-01T03:30:05Z'),
        created,
        new Date('2026-01-02T12:00:00Z')
      )
    ).toBe(true)
    expect(
      backupOverdue(
        '30 3 * * *',
        t('2026-01-01T03:30:05Z'),
        created,
        new Date('2026-01-02T04:00:00Z')
      )
    ).toBe(false)
    expect(backupOverdue('30 3 * * *', null, created, new Date('2026-01-01T02:00:00Z'))).toBe(false)
  })
})

describe('the compose file of a database', () => {
  it('passes the password only as a secret file the official images read', () => {
    const pg = JSON.parse(renderDbCompose('my-db', 'postgres', 'postgres:16'))
    const svc = pg.services.db
    expect(svc.environment).toEqual({
      POSTGRES_USER: 'pier',
      POSTGRES_DB: 'my_db',
      POSTGRES_PASSWORD_FILE: '/run/secrets/password'
    })
    expect(pg.secrets.password.file).toBe('${PIER_SECRETS}/PASSWORD')
    expect(svc.volumes).toEqual([
      { type: 'volume', source: 'data', target: '/var/lib/postgresql/data' }
    ])
    expect(svc.networks).toEqual(['pier-db'])
    expect(svc.deploy.update_config.order).toBe('stop-first')
    expect(svc.ports).toBeUndefined()
    const maria = JSON.parse(renderDbCompose('m', 'mariadb', 'mariadb:11')).services.db
    expect(maria.environment.MARIADB_ROOT_PASSWORD_FILE).toBe('/run/secrets/password')
  })
  it('gives Redis its password in a config file secret', () => {
    const r = JSON.parse(renderDbCompose('c', 'redis', 'redis:7'))
    expect(r.services.db.command).toEqual(['redis-server', '/run/secrets/redis.conf'])
    expect(r.secrets.redis_conf.file).toBe('${PIER_SECRETS}/REDIS_CONF')
    expect(redisConf('a"b\\c')).toBe('requirepass "a\\"b\\\\c"\n')
  })
})
