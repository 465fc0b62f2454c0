// Backups under stress, on a real single-node swarm with the PostgreSQL image built from Debian's
// packages: a password with quotes, `$`, backticks, a backslash and spaces, end to end; two runs
// of the same backup at once (the cron entry's command started twice while a table lock holds
// the first dump up, and "run now" on top); and a backup disk that fills up (a small tmpfs over
// the database's backup folder, mounted inside the host by the harness).
import fs from 'node:fs'
import path from 'node:path'
import type { Client } from 'ssh2'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createCore, type Core } from '../../main/core/core'
import type { PierError } from '../../main/core/errors'
import type { BackupRecord } from '../../main/core/databases/model'
import type { TunnelEvent } from '../../main/core/databases/service'
import { ensureDbImage, smallDisk } from '../hosts/harness'
import { memoryKeychain } from '../support/memory-keychain'
import { ensureSwarm } from './apps-support'
import { psql, watchPs } from './databases-support'
import { connectSsh, execOn, hostsOrSkip, recordHarnessServer, type TestHost } from './support'

const hosts = hostsOrSkip()

const PASSWORD = `it's "$HOME" $(id) \`id\` ;x & y \\ end`
const DISK_KIB = 1024
// The cron entry's command, exactly as the crontab line runs it.
const CRON_RUN = 'sh "$HOME/.pier/cron/run.sh" backup-pgx'

describe.skipIf(hosts.length === 0)('backups under stress (real host, single-node swarm)', () => {
  let core: Core
  let home = ''
  let h1: TestHost
  let conn: Client
  let image = ''
  let mounted = false
  const tunnels: AbortController[] = []

  const sh = async (cmd: string): Promise<string> => {
    const r = await execOn(conn, cmd)
    if (r.code !== 0) throw new Error(`${cmd}: ${r.stderr}`)
    return r.stdout.trim()
  }
  // SQL run inside the database's container as its own user (local trust, no password needed).
  const inDb = async (sql: string): Promise<string> =>
    sh(
      `docker exec "$(docker ps -q --filter label=com.docker.swarm.service.name=db-pgx_db)" psql -U pier -d pgx -tAX -c '${sql.replace(/'/g, `'\\''`)}'`
    )
  const openTunnel = async (name: string): Promise<TunnelEvent> => {
    const c = new AbortController()
    tunnels.push(c)
    const it = core.databases.tunnel(name, { localPort: 0, signal: c.signal })
    const first = await it.next()
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
  const good = (list: BackupRecord[]): string[] =>
    list
      .filter((r) => r.status === 'ok')
      .map((r) => r.id)
      .sort()
  const filesOnServer = async (): Promise<string[]> =>
    (await sh('ls -A ~/.pier/backups/pgx')).split('\n').filter((f) => f !== 'manifest.jsonl')

  beforeAll(async () => {
    h1 = hosts[0] as TestHost
    await ensureSwarm(h1)
    image = await ensureDbImage(h1.name, 'postgres')
    home = fs.mkdtempSync('/tmp/pier-dbf-')
    core = createCore({ home, keychain: memoryKeychain(), sshKeepaliveMs: 1000 })
    recordHarnessServer(core, h1, 'h1')
    conn = await connectSsh(h1)
    // The backup folder is a 1 MiB disk of its own from the start: small backups fit, a big
    // one does not.
    await sh('mkdir -p ~/.pier/backups/pgx')
    await smallDisk(h1.name, '.pier/backups/pgx', DISK_KIB)
    mounted = true
    expect(await sh('df -Pk ~/.pier/backups/pgx | awk "NR == 2 { print \\$2 }"')).toBe(
      String(DISK_KIB)
    )
  }, 900_000)

  afterAll(async () => {
    tunnels.forEach((c) => c.abort())
    if (mounted) await smallDisk(h1.name, '.pier/backups/pgx', 'off').catch(() => undefined)
    for (const d of core?.databases.known() ?? [])
      await core.databases.remove(d.name, { deleteData: true }).catch(() => undefined)
    conn?.end()
    core?.close()
    if (home) fs.rmSync(home, { recursive: true, force: true })
  }, 300_000)

  it('a password with quotes, $, backticks, a backslash and spaces works end to end', async () => {
    for (const bad of ['two\nlines-password', 'tab\there-password', 'short']) {
      const err = await rejection(
        core.databases.create({
          name: 'pgbad',
          server: 'h1',
          engine: 'postgres',
          image,
          password: bad
        })
      )
      expect(err.code).toBe('invalid_input')
    }
    expect(core.databases.known()).toEqual([])

    await core.databases.create({
      name: 'pgx',
      server: 'h1',
      engine: 'postgres',
      version: '15',
      image,
      password: PASSWORD
    })
    expect(core.databases.password('pgx')).toBe(PASSWORD)
    const spec = await sh(
      'docker service inspect db-pgx_db; cat ~/.pier/databases/pgx/compose.json'
    )
    expect(spec).not.toContain(PASSWORD)
    // Also not JSON-escaped: a part without quotes or backslashes.
    expect(spec).not.toContain('$(id) `id` ;x & y')
    expect(fs.readFileSync(path.join(home, 'pier.db')).includes(Buffer.from(PASSWORD))).toBe(false)

    // A real client through the tunnel logs in with it; one character less is refused.
    const t = (await openTunnel('pgx')).port
    await psql(t, 'pgx', PASSWORD, 'create table items (id int primary key, note text)')
    await psql(
      t,
      'pgx',
      PASSWORD,
      'insert into items select g, md5(g::text) from generate_series(1, 2000) g'
    )
    await expect(psql(t, 'pgx', PASSWORD.slice(0, -1), 'select 1')).rejects.toThrow(
      /password authentication failed/
    )

    const ps = watchPs(conn, PASSWORD)
    const run = await core.backups.run('pgx', { wait: true })
    expect(run.state, run.reason ?? '').toBe('succeeded')
    const pulled = await core.backups.pull('pgx', { latest: true })
    expect(pulled.sha256).toBe(run.record?.sha256)
    await psql(t, 'pgx', PASSWORD, 'drop table items')
    const r = await core.backups.restore('pgx', { from: pulled.path, yes: true })
    expect(await ps.stop()).toEqual([])
    expect(r.summary).toMatch(/restored into pgx: 1 tables/)
    expect(await psql(t, 'pgx', PASSWORD, 'select count(*), max(id) from items')).toBe('2000|2000')
    let log = ''
    for await (const c of core.jobs.logs('h1', run.jobId)) log += c.data
    expect(log).toContain(`backup ${run.record?.id}`)
    expect(log).not.toContain(PASSWORD)
  }, 600_000)

  it('two runs of the cron entry at once: the second skips with a logged reason, "run now" is turned away, one good backup', async () => {
    await core.backups.schedule('pgx', '0 0 1 1 *', 5)
    const before = await core.backups.list('pgx')
    // pg_dump takes a share lock on every table: an open transaction holding an exclusive lock
    // on items keeps the first dump waiting for as long as the test needs.
    await sh(
      `nohup docker exec "$(docker ps -q --filter label=com.docker.swarm.service.name=db-pgx_db)" psql -U pier -d pgx -c "begin; lock table items in access exclusive mode; select pg_sleep(600); commit" </dev/null >/dev/null 2>&1 &`
    )
    await expect
      .poll(
        () =>
          inDb(
            "select count(*) from pg_locks l join pg_class c on c.oid = l.relation where c.relname = 'items' and l.mode = 'AccessExclusiveLock' and l.granted"
          ),
        { timeout: 30_000, interval: 200 }
      )
      .toBe('1')
    const first = execOn(conn, CRON_RUN)
    try {
      await expect
        .poll(
          () =>
            inDb(
              "select count(*) from pg_stat_activity where application_name = 'pg_dump' and wait_event_type = 'Lock'"
            ),
          { timeout: 30_000, interval: 200 }
        )
        .toBe('1')

      const second = await execOn(conn, CRON_RUN)
      expect(second.code).toBe(0)
      expect(await sh('cat ~/.pier/cron/backup-pgx/skipped')).toMatch(
        /^\d+ skipped: the previous run of backup-pgx is still going/
      )
      // "Run now" is another way in: the backup's own lock turns it away, with the reason.
      const now = await core.backups.run('pgx', { wait: true })
      expect(now.state).toBe('failed')
      expect(now.reason).toMatch(/another backup of pgx is still running/)
      expect(now.record).toBeNull()
    } finally {
      await inDb(
        "select count(pg_cancel_backend(pid)) from pg_stat_activity where query like '%pg_sleep(600)%' and pid <> pg_backend_pid()"
      )
    }
    expect((await first).code).toBe(0)

    const after = await core.backups.list('pgx')
    const added = after.filter((r) => !before.some((b) => b.id === r.id))
    expect(added).toHaveLength(1)
    expect(added[0]).toMatchObject({ status: 'ok', trigger: 'cron', error: null })
    const entry = (await core.cron.list('h1')).find((e) => e.name === 'backup-pgx')
    expect(entry).toMatchObject({ runs: 1, skipped: 1, lastExitCode: 0, running: false })
    expect(await sh('cat ~/.pier/cron/backup-pgx/log')).toContain(`backup ${added[0]?.id}`)
    expect((await filesOnServer()).sort()).toEqual(
      after
        .filter((r) => r.status === 'ok')
        .map((r) => r.file)
        .sort()
    )
  }, 300_000)

  it('a backup that does not fit on the disk fails with "No space left on device"; nothing older is deleted', async () => {
    // Keep 1: were retention to run after the failure, it would delete all but one good backup.
    await core.backups.schedule('pgx', '0 0 1 1 *', 1)
    const before = await core.backups.list('pgx')
    expect(good(before).length).toBeGreaterThanOrEqual(3)
    const filesBefore = (await filesOnServer()).sort()
    // About 6.6 MB of random hex: several times the disk, compressed or not.
    await inDb(
      'create table big as select g, md5(random()::text) || md5(random()::text) s from generate_series(1, 100000) g'
    )

    const run = await core.backups.run('pgx', { wait: true })
    expect(run.state).toBe('failed')
    expect(run.reason).toMatch(/No space left on device/)
    expect(run.record).toBeNull()
    // The same through the cron entry.
    expect((await execOn(conn, CRON_RUN)).code).toBe(0)
    const entry = (await core.cron.list('h1')).find((e) => e.name === 'backup-pgx')
    expect(entry?.lastExitCode).toBe(1)
    expect(await sh('cat ~/.pier/cron/backup-pgx/log')).toMatch(/error: No space left on device/)

    const after = await core.backups.list('pgx')
    const failed = after.filter((r) => !before.some((b) => b.id === r.id))
    expect(failed.map((r) => r.trigger).sort()).toEqual(['cron', 'job'])
    for (const f of failed) {
      expect(f).toMatchObject({ status: 'failed', file: null, sha256: null, size: null })
      expect(f.error).toMatch(/^No space left on device: the backup did not fit/)
    }
    // Every good backup is still there, on the disk too, and nothing half-written is left.
    expect(good(after)).toEqual(good(before))
    expect((await filesOnServer()).sort()).toEqual(filesBefore)

    // With room again the next backup succeeds, and only then does retention keep exactly 1.
    await inDb('drop table big')
    const ok = await core.backups.run('pgx', { wait: true })
    expect(ok.state, ok.reason ?? '').toBe('succeeded')
    const last = await core.backups.list('pgx')
    expect(good(last)).toEqual([ok.record?.id])
    expect(await filesOnServer()).toEqual([ok.record?.file])
  }, 600_000)
})
