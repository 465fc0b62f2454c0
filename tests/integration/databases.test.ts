// Databases and backups on a real single-node swarm with images built from Debian's packages
// (PostgreSQL, MariaDB, Redis; Debian has no MongoDB): create, reach through the SSH tunnel with
// a real client, back up as a job and by a real cron, pull with an interrupted transfer resumed,
// restore into the same database (after a safety backup) and into a new one, refuse a damaged
// file, record a failed dump as failed, keep exactly N, and never show a password in ps or logs.
import { createHash } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import type { Client } from 'ssh2'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createCore, type Core } from '../../main/core/core'
import type { PierError } from '../../main/core/errors'
import type { TunnelEvent } from '../../main/core/databases/service'
import { ensureDbImage } from '../hosts/harness'
import { HOSTILE } from '../support/hostile'
import { memoryKeychain } from '../support/memory-keychain'
import { ensureSwarm } from './apps-support'
import { psql, redis, watchPs } from './databases-support'
import { connectSsh, execOn, hostsOrSkip, recordHarnessServer, type TestHost } from './support'

const hosts = hostsOrSkip()

describe.skipIf(hosts.length === 0)('databases and backups (real host, single-node swarm)', () => {
  let core: Core
  let home = ''
  let h1: TestHost
  let conn: Client
  const images: Record<string, string> = {}
  const tunnels: AbortController[] = []
  const jobIds: string[] = []

  const sh = async (cmd: string): Promise<string> => {
    const r = await execOn(conn, cmd)
    if (r.code !== 0) throw new Error(`${cmd}: ${r.stderr}`)
    return r.stdout.trim()
  }
  const openTunnel = async (name: string): Promise<TunnelEvent> => {
    const c = new AbortController()
    tunnels.push(c)
    const it = core.databases.tunnel(name, { localPort: 0, signal: c.signal })
    const first = await it.next()
    // Keep the generator going (it waits for the abort) without blocking the test.
    void it.next()
    return first.value as TunnelEvent
  }
  const rejection = async (p: Promise<unknown>): Promise<PierError> => {
    try {
      await p
    } catch (err) {
      return err as PierError
    }
    throw new Error('expected a rejection')
  }

  beforeAll(async () => {
    h1 = hosts[0] as TestHost
    await ensureSwarm(h1)
    for (const e of ['postgres', 'mariadb', 'redis'] as const)
      images[e] = await ensureDbImage(h1.name, e)
    home = fs.mkdtempSync('/tmp/pier-db-')
    core = createCore({ home, keychain: memoryKeychain(), sshKeepaliveMs: 1000 })
    recordHarnessServer(core, h1, 'h1')
    conn = await connectSsh(h1)
  }, 900_000)

  afterAll(async () => {
    tunnels.forEach((c) => c.abort())
    for (const d of core?.databases.known() ?? [])
      await core.databases.remove(d.name, { deleteData: true }).catch(() => undefined)
    conn?.end()
    core?.close()
    if (home) fs.rmSync(home, { recursive: true, force: true })
  }, 300_000)

  it('rejects hostile database names before anything reaches the server', async () => {
    for (const name of [...HOSTILE, 'Upper', 'a_b', 'x'.repeat(31), 'ends-', '1abc']) {
      const err = await rejection(
        core.databases.create({ name, server: 'h1', engine: 'postgres', image: images.postgres })
      )
      expect(err.code, name.slice(0, 40)).toBe('invalid_input')
    }
    const bad = await rejection(
      core.databases.create({ name: 'ok', server: 'h1', engine: 'sqlite' })
    )
    expect(bad.code).toBe('invalid_input')
    expect(core.databases.known()).toEqual([])
  })

  let pgPassword = ''
  it('creates a PostgreSQL database and reaches it with psql through the SSH tunnel', async () => {
    const db = await core.databases.create({
      name: 'pg1',
      server: 'h1',
      engine: 'postgres',
      version: '15',
      image: images.postgres
    })
    expect(db).toMatchObject({ name: 'pg1', engine: 'postgres', image: images.postgres })
    pgPassword = core.databases.password('pg1')
    expect(pgPassword).toMatch(/^[A-Za-z0-9_-]{32}$/)
    // The password is nowhere in the service's spec or the compose file kept on the server.
    const spec = await sh(
      'docker service inspect db-pg1_db; cat ~/.pier/databases/pg1/compose.json'
    )
    expect(spec).not.toContain(pgPassword)
    expect(spec).toContain('POSTGRES_PASSWORD_FILE')
    // Nor in Pier's own SQLite file.
    expect(fs.readFileSync(path.join(home, 'pier.db')).includes(Buffer.from(pgPassword))).toBe(
      false
    )

    const t = await openTunnel('pg1')
    expect(t.address).toMatch(/^127\.0\.0\.1:\d+$/)
    await psql(t.port, 'pg1', pgPassword, 'create table items (id int primary key, note text)')
    await psql(
      t.port,
      'pg1',
      pgPassword,
      'insert into items select g, md5(g::text) || repeat(md5((g * 7)::text), 4) from generate_series(1, 40000) g'
    )
    expect(await psql(t.port, 'pg1', pgPassword, 'select count(*) from items')).toBe('40000')
    // A wrong password is refused: the tunnel reaches the real server, which checks.
    await expect(psql(t.port, 'pg1', 'wrong', 'select 1')).rejects.toThrow(
      /password authentication failed/
    )

    const [listed] = await core.databases.list()
    expect(listed).toMatchObject({ name: 'pg1', replicas: '1/1', running: true, error: null })
    expect(listed?.sizeBytes).toBeGreaterThan(1_000_000)
    expect(listed?.connection).toMatchObject({
      host: 'db-pg1_db',
      port: 5432,
      user: 'pier',
      database: 'pg1'
    })
  }, 300_000)

  let firstId = ''
  it('backs up as a job: a good manifest record whose sha256 is the file on the server; no password in ps or the log', async () => {
    const ps = watchPs(conn, pgPassword)
    const run = await core.backups.run('pg1', { wait: true })
    const hits = await ps.stop()
    expect(hits).toEqual([])
    expect(run.state, run.reason ?? '').toBe('succeeded')
    const rec = run.record
    expect(rec).toMatchObject({
      status: 'ok',
      engine: 'postgres',
      version: '15',
      trigger: 'job',
      error: null
    })
    firstId = rec?.id ?? ''
    const onServer = await sh(`sha256sum ~/.pier/backups/pg1/${rec?.file} | cut -c1-64`)
    expect(onServer).toBe(rec?.sha256)
    expect(Number(await sh(`wc -c < ~/.pier/backups/pg1/${rec?.file}`))).toBe(rec?.size)
    // Nothing half-written is left behind.
    expect(await sh('ls -A ~/.pier/backups/pg1 | grep -c "^\\.tmp-" || true')).toBe('0')
    let log = ''
    for await (const c of core.jobs.logs('h1', run.jobId)) log += c.data
    expect(log).toContain(`backup ${rec?.id}`)
    expect(log).not.toContain(pgPassword)
    jobIds.push(run.jobId)
  }, 300_000)

  let pulled = ''
  it('pulls a backup: a cut transfer resumes, and the file is byte-identical and checksum-verified', async () => {
    const [rec] = await core.backups.list('pg1')
    expect(rec?.size).toBeGreaterThan(200_000)
    const cut = await rejection(core.backups.pull('pg1', { latest: true, stopAfter: 65_536 }))
    expect(cut.message).toMatch(/stopped/)
    const part = path.join(home, 'backups', 'pg1', `${rec?.file}.part`)
    const partSize = fs.statSync(part).size
    expect(partSize).toBeGreaterThanOrEqual(65_536)
    expect(partSize).toBeLessThan(rec?.size ?? 0)

    const p = await core.backups.pull('pg1', { latest: true })
    expect(p.resumedFrom).toBe(partSize)
    expect(p).toMatchObject({ id: rec?.id, sha256: rec?.sha256, size: rec?.size })
    expect(p.path).toBe(path.join(home, 'backups', 'pg1', rec?.file ?? ''))
    expect(fs.existsSync(part)).toBe(false)
    const local = createHash('sha256').update(fs.readFileSync(p.path)).digest('hex')
    expect(local).toBe(await sh(`sha256sum ~/.pier/backups/pg1/${rec?.file} | cut -c1-64`))
    pulled = p.path
    // --to DIR puts it elsewhere; the same bytes.
    const other = fs.mkdtempSync('/tmp/pier-db-to-')
    const q = await core.backups.pull('pg1', { id: rec?.id, to: other })
    expect(q.path.startsWith(other)).toBe(true)
    expect(fs.readFileSync(q.path).equals(fs.readFileSync(p.path))).toBe(true)
    fs.rmSync(other, { recursive: true })
  }, 300_000)

  it('refuses to restore a damaged file (checksum) and restores nothing without --yes', async () => {
    const dir = fs.mkdtempSync('/tmp/pier-db-bad-')
    const bad = path.join(dir, path.basename(pulled))
    const bytes = fs.readFileSync(pulled)
    const mid = Math.floor(bytes.length / 2)
    bytes.writeUInt8(bytes.readUInt8(mid) ^ 0xff, mid)
    fs.writeFileSync(bad, bytes)
    fs.copyFileSync(`${pulled}.json`, `${bad}.json`)
    const err = await rejection(core.backups.restore('pg1', { from: bad, yes: true }))
    expect(err.code).toBe('checksum_mismatch')
    const noYes = await rejection(core.backups.restore('pg1', { from: pulled }))
    expect(noYes.code).toBe('confirmation_required')
    fs.rmSync(dir, { recursive: true })
    // Neither attempt started a backup or a restore.
    expect((await core.backups.list('pg1')).length).toBe(1)
  }, 120_000)

  it('restores into the existing database after a safety backup, and into a new one', async () => {
    const t = (await openTunnel('pg1')).port
    await psql(t, 'pg1', pgPassword, 'drop table items')
    const ps = watchPs(conn, pgPassword)
    const r = await core.backups.restore('pg1', { from: pulled, yes: true })
    expect(await ps.stop()).toEqual([])
    expect(r.created).toBe(false)
    expect(r.safetyBackup).toMatch(/^\d{8}T\d{6}Z-/)
    expect(r.summary).toMatch(/restored into pg1: 1 tables/)
    expect(await psql(t, 'pg1', pgPassword, 'select count(*) from items')).toBe('40000')
    const records = await core.backups.list('pg1')
    expect(records.find((x) => x.id === r.safetyBackup)?.status).toBe('ok')

    const n = await core.backups.restore('pg1', { from: pulled, into: 'pg-copy' })
    expect(n).toMatchObject({ db: 'pg-copy', created: true, safetyBackup: null })
    const t2 = (await openTunnel('pg-copy')).port
    const pw2 = core.databases.password('pg-copy')
    expect(pw2).not.toBe(pgPassword)
    expect(await psql(t2, 'pg_copy', pw2, 'select count(*), max(id) from items')).toBe(
      '40000|40000'
    )
  }, 600_000)

  it('records a dump that fails (database stopped) as failed, keeping the good ones', async () => {
    const before = await core.backups.list('pg1')
    await sh('docker service scale --detach=false db-pg1_db=0 >/dev/null 2>&1')
    const run = await core.backups.run('pg1', { wait: true })
    await sh('docker service scale --detach=false db-pg1_db=1 >/dev/null 2>&1')
    expect(run.state).toBe('failed')
    expect(run.reason).toMatch(/not running/)
    const after = await core.backups.list('pg1')
    expect(after.length).toBe(before.length + 1)
    const failed = after.find((r) => !before.some((b) => b.id === r.id))
    expect(failed).toMatchObject({ status: 'failed', file: null, sha256: null })
    expect(failed?.error).toMatch(/not running/)
    expect(
      after
        .filter((r) => r.status === 'ok')
        .map((r) => r.id)
        .sort()
    ).toEqual(
      before
        .filter((r) => r.status === 'ok')
        .map((r) => r.id)
        .sort()
    )
  }, 300_000)

  it('a dump killed midway leaves no file listed as good and the previous good one stays', async () => {
    // A dump that outlives the kill: a big table and a slow pipe make pg_dump run for a while.
    const t = (await openTunnel('pg1')).port
    await psql(
      t,
      'pg1',
      pgPassword,
      'create table big as select g, repeat(md5(g::text), 20) s from generate_series(1, 300000) g'
    )
    const good = (await core.backups.list('pg1')).filter((r) => r.status === 'ok')
    const started = await core.backups.run('pg1', { wait: false })
    await expect
      .poll(async () => sh(`cat ~/.pier/jobs/${started.jobId}/step 2>/dev/null || true`), {
        timeout: 30_000,
        interval: 100
      })
      .toBe('dump')
    await core.jobs.cancel('h1', started.jobId)
    const after = await core.backups.list('pg1')
    const goodAfter = after.filter((r) => r.status === 'ok')
    expect(goodAfter.map((r) => r.id).sort()).toEqual(good.map((r) => r.id).sort())
    const files = (await sh('ls ~/.pier/backups/pg1'))
      .split('\n')
      .filter((f) => f !== 'manifest.jsonl')
    expect(files.sort()).toEqual(goodAfter.map((r) => r.file).sort())
    await psql(t, 'pg1', pgPassword, 'drop table big')
  }, 300_000)

  it('retention keeps exactly N good backups, never the newest, and a failure deletes nothing', async () => {
    await core.backups.schedule('pg1', '0 0 1 1 *', 2)
    for (let i = 0; i < 3; i++)
      expect((await core.backups.run('pg1', { wait: true })).state).toBe('succeeded')
    const list = await core.backups.list('pg1')
    const good = list.filter((r) => r.status === 'ok')
    expect(good.length).toBe(2)
    expect(good[0]?.id).toBe(list.filter((r) => r.status !== 'failed')[0]?.id)
    expect(list.find((r) => r.id === firstId)?.status).toBe('pruned')
    const files = (await sh('ls ~/.pier/backups/pg1'))
      .split('\n')
      .filter((f) => f !== 'manifest.jsonl')
    expect(files.sort()).toEqual(good.map((r) => r.file).sort())
    // A failing run after that prunes nothing.
    await sh('docker service scale --detach=false db-pg1_db=0 >/dev/null 2>&1')
    expect((await core.backups.run('pg1', { wait: true })).state).toBe('failed')
    await sh('docker service scale --detach=false db-pg1_db=1 >/dev/null 2>&1')
    const again = (await core.backups.list('pg1')).filter((r) => r.status === 'ok')
    expect(again.map((r) => r.id)).toEqual(good.map((r) => r.id))
  }, 600_000)

  it('a real cron fires the backup entry', async () => {
    await core.backups.schedule('pg1', '* * * * *', 5)
    const crontab = await sh('crontab -l')
    expect(crontab).toContain('* * * * * sh "$HOME/.pier/cron/run.sh" backup-pg1')
    await expect
      .poll(
        async () =>
          (await core.backups.list('pg1')).some((r) => r.trigger === 'cron' && r.status === 'ok'),
        {
          timeout: 100_000,
          interval: 3000
        }
      )
      .toBe(true)
    await core.backups.unschedule('pg1')
    expect(await sh('crontab -l 2>/dev/null || true')).not.toContain('backup-pg1')
  }, 180_000)

  it('verifies a pulled backup in a throwaway container', async () => {
    const v = await core.backups.verify(pulled, { engine: 'postgres', server: 'h1' })
    expect(v).toMatchObject({ ok: true, count: 1, engine: 'postgres' })
    expect(await sh('docker ps -a --format "{{.Names}}" | grep -c pier-verify || true')).toBe('0')
  }, 300_000)

  it('MariaDB: create, back up, pull, drop, restore; text with quotes and $ round-trips, the password never shows in ps', async () => {
    await core.databases.create({
      name: 'maria1',
      server: 'h1',
      engine: 'mariadb',
      version: '10.11',
      image: images.mariadb
    })
    const pw = core.databases.password('maria1')
    const q = (sql: string) =>
      sh(
        `docker exec $(docker ps -q --filter label=com.docker.swarm.service.name=db-maria1_db) sh -c 'MYSQL_PWD=$(cat /run/secrets/password) mariadb -uroot -N maria1 -e "$1"' sh '${sql.replace(/'/g, `'\\''`)}'`
      )
    await q(
      "create table t (id int primary key, v text); insert into t values (1, 'it''s $HOME \"q\"'), (2, 'b')"
    )
    const ps = watchPs(conn, pw)
    const run = await core.backups.run('maria1', { wait: true })
    expect(await ps.stop()).toEqual([])
    expect(run.record?.status).toBe('ok')
    const p = await core.backups.pull('maria1', { latest: true })
    await q('drop table t')
    const r = await core.backups.restore('maria1', { from: p.path, yes: true })
    expect(r.summary).toMatch(/restored into maria1: 1 tables/)
    expect(await q('select v from t order by id')).toBe('it\'s $HOME "q"\nb')
  }, 600_000)

  it('Redis: create, reach through the tunnel, back up (BGSAVE), pull, flush, restore the RDB', async () => {
    await core.databases.create({
      name: 'cache1',
      server: 'h1',
      engine: 'redis',
      version: '7',
      image: images.redis
    })
    const pw = core.databases.password('cache1')
    const t = await openTunnel('cache1')
    const set = await redis(t.port, [
      ['AUTH', pw],
      ['SET', 'greeting', 'hi $HOME "q"'],
      ['RPUSH', 'l', 'a', 'b', 'c']
    ])
    expect(set).toBe('+OK\r\n+OK\r\n:3\r\n+OK\r\n')
    expect(await redis(t.port, [['PING']])).toMatch(/NOAUTH/)
    const run = await core.backups.run('cache1', { wait: true })
    expect(run.record).toMatchObject({ status: 'ok', engine: 'redis' })
    const p = await core.backups.pull('cache1', { latest: true })
    expect(await redis(t.port, [['AUTH', pw], ['FLUSHALL'], ['DBSIZE']])).toBe(
      '+OK\r\n+OK\r\n:0\r\n+OK\r\n'
    )
    const r = await core.backups.restore('cache1', { from: p.path, yes: true })
    expect(r.summary).toMatch(/restored into cache1: 2 keys/)
    // The container moved (scaled to 0 and back): the tunnel finds its new address.
    const got = await redis(t.port, [
      ['AUTH', pw],
      ['GET', 'greeting'],
      ['LRANGE', 'l', '0', '-1']
    ])
    expect(got).toBe('+OK\r\n$12\r\nhi $HOME "q"\r\n*3\r\n$1\r\na\r\n$1\r\nb\r\n$1\r\nc\r\n+OK\r\n')
  }, 600_000)
})
