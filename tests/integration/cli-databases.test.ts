// The `pier db …` and `pier backup …` commands exactly as the Databases issue specifies them, run
// as the built CLI in a child process against a real host (single-node swarm, a PostgreSQL image
// built from Debian's packages) with a real keychain for the database's password.
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ensureDbImage } from '../hosts/harness'
import { ensureSwarm } from './apps-support'
import { psql } from './databases-support'
import { runPier, type CliResult } from './cli-support'
import { hostsOrSkip, type TestHost } from './support'

const hosts = hostsOrSkip()
const root = path.resolve(import.meta.dirname, '../..')
const home = fs.mkdtempSync('/tmp/pier-cli-db-')
const keyring = process.env.PIER_KEYRING_READY === '1'

const pier = (args: string[]): Promise<CliResult> => runPier(home, args, { killAfterMs: 280_000 })

describe.skipIf(
  hosts.length === 0 || !keyring || !fs.existsSync(path.join(root, 'out/main/cli.js'))
)('pier db / pier backup (CLI, real host)', () => {
  const h1 = hosts[0] as TestHost
  let image = ''
  beforeAll(async () => {
    await ensureSwarm(h1)
    image = await ensureDbImage(h1.name, 'postgres')
    const r = await pier([
      'server',
      'add',
      'h1',
      '--host',
      h1.sshHost,
      '--port',
      String(h1.sshPort),
      '--user',
      h1.username,
      '--key',
      h1.privateKeyPath,
      '--accept-fingerprint',
      h1.hostKeyFingerprint
    ])
    expect(r.stderr).toBe('')
  }, 900_000)
  afterAll(async () => {
    await pier(['db', 'remove', 'clipg', '--delete-data'])
    fs.rmSync(home, { recursive: true, force: true })
  }, 120_000)

  it('refuses bad input with a clear message', async () => {
    const name = await pier(['db', 'create', '$(id)', '--server', 'h1', '--engine', 'postgres'])
    expect(name.code).toBe(1)
    expect(name.stderr).toMatch(/database name/)
    const eng = await pier(['db', 'create', 'x', '--server', 'h1', '--engine', 'oracle'])
    expect(eng.code).not.toBe(0)
    expect(eng.stderr).toMatch(/engine/)
    const cron = await pier(['backup', 'preview', '--cron', '* * *'])
    expect(cron.stderr).toMatch(/five fields/)
    expect(JSON.parse((await pier(['db', 'list', '--json'])).stdout)).toEqual([])
  })

  it('create, list, tunnel, backup run/list/pull/restore/verify/schedule, remove', async () => {
    const created = await pier([
      'db',
      'create',
      'clipg',
      '--server',
      'h1',
      '--engine',
      'postgres',
      '--version',
      '15',
      '--image',
      image
    ])
    expect(created.stderr).toBe('')
    expect(created.stdout).toMatch(/Created postgres database clipg/)
    const [listed] = JSON.parse((await pier(['db', 'list', '--json'])).stdout)
    expect(listed).toMatchObject({
      name: 'clipg',
      engine: 'postgres',
      running: true,
      replicas: '1/1'
    })
    const password = (await pier(['db', 'password', 'clipg'])).stdout.trim()
    expect(password).toMatch(/^[A-Za-z0-9_-]{32}$/)

    // The tunnel runs until Ctrl+C (SIGINT), printing where it listens.
    const tunnel = spawn(process.execPath, [
      path.join(root, 'bin/pier.js'),
      'db',
      'tunnel',
      'clipg',
      '--local-port',
      '0',
      '--home',
      home
    ])
    const port = await new Promise<number>((resolve, reject) => {
      let out = ''
      tunnel.stdout.on('data', (d: Buffer) => {
        out += d.toString()
        const m = /127\.0\.0\.1:(\d+)/.exec(out)
        if (m) resolve(Number(m[1]))
      })
      tunnel.once('exit', () => reject(new Error(`tunnel exited: ${out}`)))
    })
    await psql(
      port,
      'clipg',
      password,
      'create table t (x int); insert into t values (1), (2), (3)'
    )
    const exited = new Promise<number | null>((r) => tunnel.once('exit', (code) => r(code)))
    tunnel.kill('SIGINT')
    expect(await exited).toBe(0)

    const run = await pier(['backup', 'run', 'clipg', '--wait', '--json'])
    expect(run.stderr).toBe('')
    const record = JSON.parse(run.stdout).record
    expect(record).toMatchObject({ status: 'ok', engine: 'postgres' })
    const list = JSON.parse((await pier(['backup', 'list', 'clipg', '--json'])).stdout)
    expect(list.map((r: { id: string }) => r.id)).toEqual([record.id])

    const pulled = await pier(['backup', 'pull', 'clipg', '--latest', '--json'])
    const p = JSON.parse(pulled.stdout)
    expect(p).toMatchObject({ id: record.id, sha256: record.sha256, size: record.size })
    expect(fs.existsSync(p.path)).toBe(true)
    const plain = await pier(['backup', 'pull', 'clipg', '--id', record.id])
    expect(plain.stdout.trim()).toBe(p.path)

    // Without --yes, and no terminal to ask on: refused, nothing restored.
    const refused = await pier(['backup', 'restore', 'clipg', '--from', p.path])
    expect(refused.code).toBe(1)
    expect(refused.stderr).toMatch(/--yes/)
    const restored = await pier(['backup', 'restore', 'clipg', '--from', p.path, '--yes'])
    expect(restored.stderr).toBe('')
    expect(restored.stdout).toMatch(/restored into clipg: 1 tables; safety backup/)

    const verified = await pier([
      'backup',
      'verify',
      p.path,
      '--engine',
      'postgres',
      '--server',
      'h1',
      '--json'
    ])
    expect(JSON.parse(verified.stdout)).toMatchObject({ ok: true, count: 1 })

    const sched = await pier(['backup', 'schedule', 'clipg', '--cron', '30 3 * * *', '--keep', '3'])
    expect(sched.stdout).toMatch(/"30 3 \* \* \*", keeping 3/)
    const [withSchedule] = JSON.parse((await pier(['db', 'list', '--json'])).stdout)
    expect(withSchedule).toMatchObject({ schedule: '30 3 * * *', keep: 3 })

    const removed = await pier(['db', 'remove', 'clipg', '--delete-data'])
    expect(removed.stdout).toMatch(/Removed clipg, its volume and its backups/)
    expect(JSON.parse((await pier(['db', 'list', '--json'])).stdout)).toEqual([])
  }, 600_000)
})
