// Apps on a real single-node swarm: an image app deployed by deploy.sh as a durable job, reached
// over HTTP; an unhealthy release rolled back by swarm; manual rollback; queued deploys; a cut
// link mid-deploy; and a secret that never shows in ps, the job log or Pier's own files.
import fs from 'node:fs'
import path from 'node:path'
import type { Client } from 'ssh2'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createCore, type Core } from '../../main/core/core'
import type { PierError } from '../../main/core/errors'
import { cutLink, restoreLink } from '../hosts/harness'
import { memoryKeychain } from '../support/memory-keychain'
import { ensureSwarm, fetchOnHost, leaveSwarm } from './apps-support'
import { connectSsh, execOn, hostsOrSkip, type TestHost, recordHarnessServer } from './support'

const hosts = hostsOrSkip()
const PORT = 18_080
const SECRET = 's3cr3t-$(id)-"q"-#x'
const GREETING = 'hi $HOME "quoted" #not-a-comment\nsecond line'
const HEALTH = "printf 'GET / HTTP/1.0\\r\\n\\r\\n' | nc -w 2 127.0.0.1 8080 | grep -q 200"
// Shows the env in the page, so the test sees what the container got.
const COMMAND = [
  'sh',
  '-c',
  'printf "%s\\n" "$GREETING" > /tmp/index.html; printf "token=%s\\n" "$TOKEN" >> /tmp/index.html; exec httpd -f -p 8080 -h /tmp'
]

/** What swarm says about the app's service and tasks, for failure messages. */
async function serviceState(conn: Client): Promise<string> {
  const r = await execOn(
    conn,
    [
      "docker service inspect web_app --format '{{json .UpdateStatus}}'",
      "docker service ps --no-trunc --format '{{.Name}} {{.DesiredState}} {{.CurrentState}} {{.Error}}' web_app | head -n 6",
      'docker ps -a --format "{{.ID}} {{.Names}} {{.Status}} {{.Ports}}" | head -n 8',
      'c=$(docker ps -aq --filter label=com.docker.swarm.service.name=web_app | head -n 1); docker inspect --format "{{json .State.Health}}" $c | cut -c1-1500'
    ].join('; echo ---; ')
  )
  return r.stdout + r.stderr
}

describe.skipIf(hosts.length === 0)('apps (real host, single-node swarm)', () => {
  let core: Core
  let home = ''
  let h1: TestHost
  let conn: Client

  beforeAll(async () => {
    h1 = hosts[0] as TestHost
    await ensureSwarm(h1)
    home = fs.mkdtempSync('/tmp/pier-apps-')
    core = createCore({
      home,
      keychain: memoryKeychain(),
      sshKeepaliveMs: 1000,
      trackJobs: true,
      jobPollMs: 300
    })
    recordHarnessServer(core, h1, 'h1')
    conn = await connectSsh(h1)
  })
  afterAll(async () => {
    await restoreLink(h1.name)
    for (const a of core?.apps.list() ?? []) await core.apps.remove(a.name).catch(() => undefined)
    conn?.end()
    core?.close()
    await leaveSwarm(h1)
    fs.rmSync(home, { recursive: true, force: true })
  }, 300_000)

  it('deploys an image app that answers over HTTP, with env values literal and the secret delivered unseen', async () => {
    core.apps.create({
      name: 'web',
      server: 'h1',
      image: 'busybox:local',
      spec: {
        env: { GREETING },
        command: COMMAND,
        ports: [{ published: PORT, target: 8080, protocol: 'tcp' }],
        healthcheck: { cmd: HEALTH, intervalSec: 2, timeoutSec: 2, retries: 2, startPeriodSec: 1 },
        memoryMb: 64,
        // busybox httpd as PID 1 ignores SIGTERM: don't wait 10 s for it at every update.
        stopGraceSec: 1,
        cpus: 0.5
      },
      secretValues: { TOKEN: SECRET }
    })
    // Watch the server's process table for the whole deploy.
    const ps = execOn(
      conn,
      'i=0; while [ $i -lt 150 ]; do ps -eo args; i=$((i+1)); sleep 0.1; done'
    )
    const r = await core.apps.deploy('web', { wait: true })
    expect(r).toMatchObject({ state: 'succeeded', release: 1, kind: 'deploy' })
    const page = await fetchOnHost(conn, PORT)
    expect(page).toBe(`${GREETING}\ntoken=${SECRET}\n`)

    expect((await ps).stdout).not.toContain('s3cr3t')
    let log = ''
    for await (const c of core.jobs.logs('h1', r.jobId)) log += c.data
    expect(log).toContain('::pier step wait')
    expect(log).not.toContain('s3cr3t')
    // Nothing of Pier's on the laptop holds it either: SQLite (with WAL) and the local job logs.
    await expect
      .poll(() => core.jobs.history('h1').find((j) => j.id === r.jobId)?.localBytes, {
        timeout: 15_000
      })
      .toBeGreaterThan(0)
    const files = fs.readdirSync(home, { recursive: true, withFileTypes: true })
    for (const f of files.filter((x) => x.isFile())) {
      expect(fs.readFileSync(path.join(f.parentPath, f.name)).includes('s3cr3t')).toBe(false)
    }
    // The server keeps the release and the compose file, without the secret.
    const layout = await execOn(
      conn,
      'cd ~/.pier/apps/web && cat current && ls releases && cat releases/1.compose.json'
    )
    expect(layout.stdout).toMatch(/^1\n1\.compose\.json\n1\.json\n/)
    expect(layout.stdout).not.toContain('s3cr3t')
    const svc = await execOn(
      conn,
      'docker service inspect web_app --format \'{{index .Spec.Labels "pier.app"}} {{.Spec.UpdateConfig.Order}} {{.Spec.UpdateConfig.FailureAction}}\''
    )
    expect(svc.stdout.trim()).toBe('web stop-first rollback')
  }, 300_000)

  it('an unhealthy release is rolled back by swarm: the job fails with the reason, the old release keeps serving', async () => {
    core.apps.update('web', {
      spec: {
        healthcheck: { cmd: 'exit 1', intervalSec: 1, timeoutSec: 1, retries: 1, startPeriodSec: 0 }
      }
    })
    try {
      const r = await core.apps.deploy('web', { wait: true })
      expect(r.state).toBe('failed')
      expect(r.reason).toMatch(/rolled back/)
      expect(r.release).toBeNull()
      // The job ends once the old tasks run again, so the old release answers straight away.
      expect(await fetchOnHost(conn, PORT), await serviceState(conn)).toContain('token=')
      const releases = await core.apps.releases('web')
      expect(releases.map((x) => [x.number, x.current])).toEqual([[1, true]])
    } finally {
      // Back to a healthy config for the next tests, whatever happened here.
      core.apps.update('web', {
        spec: {
          healthcheck: { cmd: HEALTH, intervalSec: 2, timeoutSec: 2, retries: 2, startPeriodSec: 1 }
        }
      })
    }
  }, 300_000)

  it('rolls back by hand to the previous release: its image and its config', async () => {
    core.apps.update('web', { spec: { env: { GREETING: 'version two' } } })
    const two = await core.apps.deploy('web', { wait: true })
    expect(two, two.reason ?? '').toMatchObject({ state: 'succeeded', release: 2 })
    expect(await fetchOnHost(conn, PORT)).toContain('version two')
    const back = await core.apps.rollback('web', { wait: true })
    expect(back).toMatchObject({ state: 'succeeded', release: 3, kind: 'rollback' })
    expect(await fetchOnHost(conn, PORT)).toContain(GREETING)
    const releases = await core.apps.releases('web')
    const byNumber = new Map(releases.map((x) => [x.number, x]))
    expect(byNumber.get(3)?.imageId).toBe(byNumber.get(1)?.imageId)
    expect(byNumber.get(3)?.config.spec.env.GREETING).toBe(GREETING)
    expect(byNumber.get(3)?.current).toBe(true)
  }, 300_000)

  it('two deploys of one app queue on its lock and never interleave', async () => {
    const a = await core.apps.deploy('web')
    const b = await core.apps.deploy('web')
    const ra = await core.apps.wait('web', a.jobId)
    const rb = await core.apps.wait('web', b.jobId)
    expect([ra.state, rb.state], `${ra.reason ?? ''} / ${rb.reason ?? ''}`).toEqual([
      'succeeded',
      'succeeded'
    ])
    const jobs = await core.jobs.list('h1')
    const ja = jobs.find((j) => j.id === a.jobId)
    const jb = jobs.find((j) => j.id === b.jobId)
    expect(ja?.key).toBe('app-web')
    expect(jb?.startedAt ?? 0).toBeGreaterThanOrEqual(ja?.endedAt ?? Infinity)
    expect(rb.release).toBe((ra.release ?? 0) + 1)
  }, 300_000)

  it('a cut link mid-deploy: the deploy completes on the server and Pier re-attaches to its success', async () => {
    core.apps.update('web', { spec: { env: { GREETING: 'after the cut' } } })
    const d = await core.apps.deploy('web')
    await expect
      .poll(async () => (await core.jobs.status('h1', d.jobId)).state, { timeout: 30_000 })
      .toBe('running')
    await cutLink(h1.name)
    await new Promise((r) => setTimeout(r, 8000))
    await restoreLink(h1.name)
    const r = await core.apps.wait('web', d.jobId)
    expect(r.state, r.reason ?? '').toBe('succeeded')
    expect(r.release).not.toBeNull()
    expect(await fetchOnHost(conn, PORT)).toContain('after the cut')
  }, 300_000)

  it('refuses hostile names, env keys, ports and volumes with a clear message', () => {
    const bad = (f: () => unknown) => {
      try {
        f()
      } catch (e) {
        return (e as PierError | Error).message
      }
      return 'accepted'
    }
    expect(
      bad(() => core.apps.create({ name: '$(id)', server: 'h1', image: 'busybox:local', spec: {} }))
    ).toMatch(/app name/)
  })
})
