// Durable jobs on a real host: they run detached from SSH, survive a cut link, serialize on a
// lock key, end as a whole process group on cancel, and their logs follow byte for byte.
import fs from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createCore, type Core } from '../../main/core/core'
import type { JobStatus } from '../../main/core/jobs/model'
import { cutLink, restoreLink } from '../hosts/harness'
import { HOSTILE } from '../support/hostile'
import { memoryKeychain } from '../support/memory-keychain'
import { connectSsh, execOn, hostsOrSkip, type TestHost, recordHarnessServer } from './support'

const hosts = hostsOrSkip()

describe.skipIf(hosts.length === 0)('durable jobs (real host)', () => {
  let core: Core
  let home = ''
  let h2: TestHost
  const finished: string[] = []

  const waitFor = async (
    id: string,
    states: JobStatus['state'][],
    timeout = 60_000
  ): Promise<JobStatus> => {
    let last: JobStatus | undefined
    await expect
      .poll(
        async () => {
          last = await core.jobs.status('h2', id)
          return states.includes(last.state)
        },
        { timeout, interval: 250 }
      )
      .toBe(true)
    return last as JobStatus
  }
  const serverFile = async (path: string): Promise<Buffer> => {
    const conn = await connectSsh(h2)
    const r = await new Promise<Buffer>((resolve, reject) =>
      conn.exec(`cat ${path}`, (err, stream) => {
        if (err) return reject(err)
        const out: Buffer[] = []
        stream.on('data', (d: Buffer) => out.push(d))
        stream.on('close', () => resolve(Buffer.concat(out)))
      })
    )
    conn.end()
    return r
  }

  beforeAll(async () => {
    h2 = hosts[1] as TestHost
    home = fs.mkdtempSync('/tmp/pier-jobs-')
    // 1 s keepalives: a cut link is noticed in about 3 s.
    // The tracker runs as in the app, polling fast so the tests need not wait long.
    core = createCore({
      home,
      keychain: memoryKeychain(),
      sshKeepaliveMs: 1000,
      trackJobs: true,
      jobPollMs: 300
    })
    core.onJobFinished((f) => finished.push(f.job.id))
    recordHarnessServer(core, h2, 'h2')
  })
  afterAll(async () => {
    await restoreLink(h2.name)
    core?.close()
    fs.rmSync(home, { recursive: true, force: true })
  })

  it('runs a job with literal arguments and records a timestamped log and its end state', async () => {
    const args = HOSTILE.slice(0, 12)
    const { id } = await core.jobs.start('h2', {
      key: 'args',
      script: 'for a in "$@"; do printf "[%s]\\n" "$a"; done; echo done >&2',
      args
    })
    const job = await waitFor(id, ['succeeded', 'failed'])
    expect(job).toMatchObject({ state: 'succeeded', exitCode: 0, key: 'args' })
    let log = ''
    for await (const c of core.jobs.logs('h2', id)) log += c.data
    const lines = log.trimEnd().split('\n')
    expect(lines.every((l) => /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ /.test(l))).toBe(true)
    // Each argument comes back as one line, literally (the multi-line ones span lines).
    expect(log.replace(/^\S+ /gm, '')).toBe(args.map((a) => `[${a}]\n`).join('') + 'done\n')
    const conn = await connectSsh(h2)
    const pwned = await execOn(conn, 'ls /tmp | grep -c pwned || true')
    conn.end()
    expect(pwned.stdout.trim()).toBe('0')
  })

  it("keeps running through a cut link; the app re-attaches and its copy equals the server's log byte for byte", async () => {
    const { id } = await core.jobs.start('h2', {
      key: 'long',
      title: 'Twenty seconds',
      script: 'i=0; while [ $i -lt 40 ]; do echo "tick $i ünï"; i=$((i+1)); sleep 0.5; done'
    })
    const serverId = core.servers.get('h2').id
    // A second reader, the way `pier job logs --follow` reads: raw bytes across the cut.
    const chunks: Buffer[] = []
    const follow = (async () => {
      for await (const c of core.jobs.logBytes('h2', id, { follow: true })) chunks.push(c.bytes)
    })()
    await new Promise((r) => setTimeout(r, 5000))
    const before = core.jobTracker.localBytes(serverId, id)
    expect(before).toBeGreaterThan(0)
    await cutLink(h2.name)
    await new Promise((r) => setTimeout(r, 10_000))
    await restoreLink(h2.name)
    await follow
    const job = await waitFor(id, ['succeeded'])
    expect(job.exitCode).toBe(0)
    const server = await serverFile(`.pier/jobs/${id}/log`)
    expect(server.toString().trimEnd().split('\n')).toHaveLength(40)
    expect(Buffer.concat(chunks).equals(server)).toBe(true)
    // The tracker's local copy catches up to the same bytes, and its row ends as succeeded.
    const local = core.jobTracker.logPath(serverId, id)
    await expect.poll(() => fs.readFileSync(local).equals(server), { timeout: 15_000 }).toBe(true)
    await expect
      .poll(() => core.jobs.history('h2').find((j) => j.id === id)?.state, { timeout: 15_000 })
      .toBe('succeeded')
    const row = core.jobs.history('h2').find((j) => j.id === id)
    expect(row).toMatchObject({ title: 'Twenty seconds', startedHere: true, exitCode: 0 })
    expect(row?.localBytes).toBe(server.length)
    await expect.poll(() => finished.filter((f) => f === id).length).toBe(1)
  })

  it('reports the step and progress a script prints, in the status and the local history', async () => {
    const { id } = await core.jobs.start('h2', {
      key: 'steps',
      script: [
        'echo "::pier step Building image"',
        'echo "::pier progress 40"',
        'sleep 3',
        `printf '%s\\n' '::pier step Pushing "quoted" \\ step'`,
        'echo "::pier progress 250"'
      ].join('\n')
    })
    await expect
      .poll(async () => {
        const j = await core.jobs.status('h2', id)
        return `${j.step}|${j.progress}`
      })
      .toBe('Building image|40')
    const done = await waitFor(id, ['succeeded'])
    // Over 100 is clamped; quotes and backslashes survive the trip through JSON.
    expect(done).toMatchObject({ step: 'Pushing "quoted" \\ step', progress: 100 })
    await expect.poll(() => core.jobs.history('h2').find((j) => j.id === id)?.progress).toBe(100)
  })

  it('hands secrets to the script as 0600 files, never on a command line, and removes them', async () => {
    const secret = 'tok $(touch /tmp/pwned-secret) `id` ; "x"\nline2'
    const { id } = await core.jobs.start('h2', {
      key: 'secrets',
      secrets: { API_TOKEN: secret },
      script: [
        'stat -c "mode %a" "$PIER_SECRETS/API_TOKEN"',
        'stat -c "dir %a" "$PIER_SECRETS"',
        'if ps -eo args | grep -v grep | grep -q "touch /tmp/pwned-secret"; then echo "on a command line"; fi',
        'cat "$PIER_SECRETS/API_TOKEN" | base64 -w0; echo'
      ].join('\n')
    })
    await waitFor(id, ['succeeded'])
    let log = ''
    for await (const c of core.jobs.logs('h2', id)) log += c.data
    const body = log.replace(/^\S+ /gm, '')
    expect(body).toContain('mode 600\n')
    expect(body).toContain('dir 700\n')
    expect(body).not.toContain('on a command line')
    expect(body).toContain(Buffer.from(secret).toString('base64'))
    const conn = await connectSsh(h2)
    const left = await execOn(
      conn,
      `test -e ~/.pier/jobs/${id}/secrets && echo left || echo gone; ls /tmp | grep -c pwned-secret || true`
    )
    conn.end()
    expect(left.stdout).toBe('gone\n0\n')
    await expect(
      core.jobs.start('h2', { key: 'secrets', secrets: { 'bad;name': 'x' }, script: 'true' })
    ).rejects.toThrow(/secret name/)
  })

  it('a job whose runner was killed outright is reported failed, and its secrets are removed', async () => {
    const { id } = await core.jobs.start('h2', {
      key: 'vanish',
      secrets: { KEEP: 'x' },
      script: 'sleep 300'
    })
    const running = await waitFor(id, ['running'])
    const conn = await connectSsh(h2)
    // As a reboot would: everything in the job's group dies with no chance to clean up.
    await execOn(conn, `kill -KILL -${running.pid}`)
    const job = await waitFor(id, ['failed'])
    expect(job.reason).toMatch(/process is gone/)
    const left = await execOn(conn, `test -e ~/.pier/jobs/${id}/secrets && echo left || echo gone`)
    conn.end()
    expect(left.stdout).toBe('gone\n')
    await expect
      .poll(() => core.jobs.history('h2').find((j) => j.id === id)?.state, { timeout: 15_000 })
      .toBe('failed')
  })

  it('prunes the folders of jobs that ended long ago and keeps recent and running ones', async () => {
    const old = await core.jobs.start('h2', { key: 'prune', script: 'echo old' })
    await waitFor(old.id, ['succeeded'])
    const recent = await core.jobs.start('h2', { key: 'prune', script: 'echo recent' })
    await waitFor(recent.id, ['succeeded'])
    const conn = await connectSsh(h2)
    // Make the first one 30 days old.
    await execOn(
      conn,
      `cd ~/.pier/jobs/${old.id} && sed -i "s/\\"endedAt\\":[0-9]*/\\"endedAt\\":$(($(date +%s) - 30 * 86400))/" status.json`
    )
    conn.end()
    const { removed } = await core.jobs.prune('h2', 7)
    expect(removed).toEqual([old.id])
    const ids = (await core.jobs.list('h2')).map((j) => j.id)
    expect(ids).not.toContain(old.id)
    expect(ids).toContain(recent.id)
    // The laptop keeps its history of the pruned job.
    expect(core.jobs.history('h2').some((j) => j.id === old.id)).toBe(true)
  })

  it('two jobs with one lock key run one after the other, never interleaved', async () => {
    const script = 'echo start; sleep 2; echo end'
    const a = await core.jobs.start('h2', { key: 'app-x', script })
    const b = await core.jobs.start('h2', { key: 'app-x', script })
    expect((await core.jobs.status('h2', b.id)).state).toBe('queued')
    const ja = await waitFor(a.id, ['succeeded'])
    const jb = await waitFor(b.id, ['succeeded'])
    const [first, second] = [ja, jb].sort((x, y) => (x.startedAt ?? 0) - (y.startedAt ?? 0)) as [
      JobStatus,
      JobStatus
    ]
    expect(first.endedAt).not.toBeNull()
    expect(second.startedAt as number).toBeGreaterThanOrEqual(first.endedAt as number)
  })

  it('cancel ends the whole process group (a child sleep too) and releases the lock', async () => {
    const { id } = await core.jobs.start('h2', {
      key: 'cancel-me',
      script: 'sleep 300 & echo "child $!"; wait'
    })
    await waitFor(id, ['running'])
    let child = ''
    await expect
      .poll(
        async () => {
          let log = ''
          for await (const c of core.jobs.logs('h2', id)) log += c.data
          child = /child (\d+)/.exec(log)?.[1] ?? ''
          return child
        },
        { timeout: 15_000, interval: 250 }
      )
      .not.toBe('')
    const job = await core.jobs.cancel('h2', id)
    expect(job.state).toBe('cancelled')
    // Ended means gone or a zombie: orphans wait for the host's init to reap them.
    const conn = await connectSsh(h2)
    const probe = `if [ -d /proc/${child} ] && ! grep -q '^State:.*Z' /proc/${child}/status; then echo alive; else echo gone; fi`
    await expect
      .poll(async () => (await execOn(conn, probe)).stdout.trim(), { timeout: 5000 })
      .toBe('gone')
    conn.end()
    const next = await core.jobs.start('h2', { key: 'cancel-me', script: 'echo free' })
    expect((await waitFor(next.id, ['succeeded'])).state).toBe('succeeded')
  })

  it('a job past its timeout fails with that reason', async () => {
    const { id } = await core.jobs.start('h2', { key: 'slow', script: 'sleep 30', timeoutSec: 1 })
    const job = await waitFor(id, ['failed', 'succeeded'], 20_000)
    expect(job).toMatchObject({ state: 'failed', reason: 'timed out after 1s' })
  })

  it('lists jobs newest first and refuses hostile lock keys', async () => {
    const jobs = await core.jobs.list('h2')
    expect(jobs.length).toBeGreaterThanOrEqual(6)
    for (const key of ['a;id', '$(id)', '../x', 'A', '']) {
      await expect(core.jobs.start('h2', { key, script: 'true' })).rejects.toThrow()
    }
  })
})
