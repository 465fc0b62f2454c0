// The app dies mid-job (SIGKILL, as a crash or a force-quit would), and a new one started on the
// same PIER_HOME finds the job in its history and follows it to the end, with a local log equal
// to the server's. Runs the built CLI: `pier serve` is the app, `pier job …` the scripting user.
import { spawn, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import readline from 'node:readline'
import { afterAll, describe, expect, it } from 'vitest'
import { pierCli, root } from '../e2e/serve'
import { connectSsh, execOn, hostsOrSkip, type TestHost } from './support'

const hosts = hostsOrSkip()
const home = fs.mkdtempSync('/tmp/pier-jobs-restart-')
const apps: ChildProcess[] = []
afterAll(() => {
  for (const a of apps) a.kill('SIGKILL')
  fs.rmSync(home, { recursive: true, force: true })
})

/** Starts `pier serve` on the shared home and waits until it is listening. */
async function startApp(): Promise<ChildProcess> {
  const child = spawn(process.execPath, [path.join(root, 'bin/pier.js'), 'serve', '--json'], {
    env: { ...process.env, PIER_HOME: home },
    stdio: ['ignore', 'pipe', 'pipe']
  })
  apps.push(child)
  await new Promise<void>((resolve, reject) => {
    readline.createInterface({ input: child.stdout! }).once('line', () => resolve())
    child.once('exit', (code) => reject(new Error(`pier serve exited with ${code}`)))
  })
  return child
}

async function pier(...args: string[]): Promise<string> {
  const r = await pierCli(home, ...args)
  if (r.code !== 0) throw new Error(`pier ${args.join(' ')} failed (${r.code}): ${r.stderr}`)
  return r.stdout
}

async function serverLog(host: TestHost, id: string): Promise<Buffer> {
  const conn = await connectSsh(host)
  const r = await execOn(conn, `base64 -w0 ~/.pier/jobs/${id}/log`)
  conn.end()
  return Buffer.from(r.stdout, 'base64')
}

describe.skipIf(hosts.length === 0 || !fs.existsSync(path.join(root, 'out/main/cli.js')))(
  'jobs across an app restart (built CLI, real host)',
  () => {
    const h1 = hosts[0] as TestHost

    it('a new app on the same home finds a job the killed one was following, and copies it exactly', async () => {
      await pier(
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
      )
      const serverId = (JSON.parse(await pier('server', 'list', '--json')) as { id: string }[])[0]
        ?.id as string
      const first = await startApp()
      // Started by the scripting user while the app runs: the app picks it up from SQLite.
      const id = (
        await pier(
          'job',
          'start',
          'h1',
          '--key',
          'restart',
          '--title',
          'Twenty lines',
          '--script',
          'i=1; while [ $i -le 20 ]; do echo "line $i ✓"; i=$((i+1)); sleep 0.5; done'
        )
      ).trim()
      expect(id).toMatch(/^\d{14}-[0-9a-f]{6}$/)
      const local = path.join(home, 'job-logs', serverId, `${id}.log`)
      await expect
        .poll(() => (fs.existsSync(local) ? fs.statSync(local).size : 0), { timeout: 20_000 })
        .toBeGreaterThan(0)
      first.kill('SIGKILL')
      await new Promise((r) => first.once('exit', r))
      const atKill = fs.readFileSync(local)
      expect(atKill.toString().split('\n').length).toBeLessThan(20)

      await startApp()
      await expect
        .poll(
          async () => {
            const rows = JSON.parse(await pier('job', 'history', 'h1', '--json')) as {
              id: string
              state: string
            }[]
            return rows.find((r) => r.id === id)?.state
          },
          { timeout: 40_000, interval: 500 }
        )
        .toBe('succeeded')
      const server = await serverLog(h1, id)
      expect(server.toString().trimEnd().split('\n')).toHaveLength(20)
      await expect.poll(() => fs.readFileSync(local).equals(server), { timeout: 10_000 }).toBe(true)
      // What the first app had copied is a prefix of the result: nothing was rewritten.
      expect(server.subarray(0, atKill.length).equals(atKill)).toBe(true)

      // The CLI contract of the issue: list, logs and cancel as scripts call them.
      const listed = JSON.parse(await pier('job', 'list', 'h1', '--json')) as { id: string }[]
      expect(listed.map((j) => j.id)).toContain(id)
      expect(Buffer.from(await pier('job', 'logs', 'h1', id)).equals(server)).toBe(true)
      const slow = (await pier('job', 'start', 'h1', '--script', 'sleep 120')).trim()
      const followed = pierCli(home, 'job', 'logs', 'h1', slow, '--follow')
      const cancelled = JSON.parse(await pier('job', 'cancel', 'h1', slow, '--json')) as {
        state: string
      }
      expect(cancelled.state).toBe('cancelled')
      // A follower ends when the job does.
      expect((await followed).code).toBe(0)
    })

    it('pier cron add/list/remove as scripts call them (--json)', async () => {
      const add = await pierCli(
        home,
        'cron',
        'add',
        'h1',
        'nightly',
        '--schedule',
        '30 3 * * *',
        '--script',
        'echo nightly'
      )
      expect(add.code).toBe(0)
      const entries = JSON.parse(await pier('cron', 'list', 'h1', '--json')) as {
        name: string
        schedule: string
        runs: number
      }[]
      expect(entries).toEqual([
        expect.objectContaining({ name: 'nightly', schedule: '30 3 * * *', runs: 0 })
      ])
      expect(await pier('cron', 'list', 'h1')).toMatch(/nightly\s+30 3 \* \* \*\s+never/)
      const bad = await pierCli(
        home,
        'cron',
        'add',
        'h1',
        'x',
        '--schedule',
        '* * * *',
        '--script',
        'true'
      )
      expect(bad.code).toBe(1)
      expect(bad.stderr).toMatch(/five fields/)
      await pier('cron', 'remove', 'h1', 'nightly')
      expect(JSON.parse(await pier('cron', 'list', 'h1', '--json'))).toEqual([])
    })
  }
)
