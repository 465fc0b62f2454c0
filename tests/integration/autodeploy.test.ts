// Auto-deploy without a webhook, on real hosts: a git repository on the second host (reached
// with the app's deploy key, restricted to git-shell there), the first host's own cron polling
// it while no Pier process runs, the same deploy job the laptop starts (seen afterwards by a new
// core in the releases and the job list), a failed ls-remote that never deploys, and a CI key
// whose forced command only deploys, whatever plain `ssh` asks for.
import { execFile } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import type { Client } from 'ssh2'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createCore, type Core } from '../../main/core/core'
import { createHandlers } from '../../main/api/router'
import { dispatchCall } from '../../main/api/dispatch'
import { PierError } from '../../main/core/errors'
import { shQuote } from '../../main/core/ssh/quote'
import { memoryKeychain } from '../support/memory-keychain'
import { HOSTILE } from '../support/hostile'
import { ensureSwarm, fetchOnHost, leaveSwarm } from './apps-support'
import { connectSsh, execOn, hostsOrSkip, recordHarnessServer, type TestHost } from './support'

const hosts = hostsOrSkip()
const PORT = 18_097
const SECRET = 'ad-s3cret-value-7f1e'
const HEALTH = `printf 'GET / HTTP/1.0\\r\\n\\r\\n' | nc -w 2 127.0.0.1 8080 | grep -q 200`

/** Plain OpenSSH from the test runner, as a CI job would run it. */
function sshWith(
  host: TestHost,
  keyFile: string,
  command: string
): Promise<{ code: number; out: string }> {
  const args = [
    '-i',
    keyFile,
    '-p',
    String(host.sshPort),
    '-o',
    'IdentitiesOnly=yes',
    '-o',
    'BatchMode=yes',
    '-o',
    'StrictHostKeyChecking=no',
    '-o',
    'UserKnownHostsFile=/dev/null',
    '-o',
    'LogLevel=ERROR',
    `${host.username}@${host.sshHost}`,
    command
  ]
  return new Promise((resolve) => {
    execFile('ssh', args, { timeout: 240_000 }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : 255) : 0
      resolve({ code, out: stdout + stderr })
    })
  })
}

describe.skipIf(hosts.length < 2)('auto-deploy by the server itself (real hosts)', () => {
  let core: Core
  let home = ''
  let h1: TestHost
  let h2: TestHost
  let c1: Client
  let c2: Client
  let keyDir = ''
  const keychain = memoryKeychain()
  const ctx = { transport: 'test' as const, signal: new AbortController().signal }

  const pushCommit = async (text: string): Promise<string> => {
    const r = await execOn(
      c2,
      [
        'set -e',
        'cd ~/pier-ad-test/work',
        `echo ${shQuote(text)} > site/index.html`,
        `git -c user.name=t -c user.email=t@t commit -q -am ${shQuote(text)}`,
        'git push -q ~/pier-ad-test/site.git main',
        'git rev-parse HEAD'
      ].join('\n')
    )
    expect(r.code, r.stderr).toBe(0)
    return r.stdout.trim()
  }
  const jobCount = async (): Promise<number> =>
    Number((await execOn(c1, 'ls ~/.pier/jobs | wc -l')).stdout.trim())

  beforeAll(async () => {
    h1 = hosts[0] as TestHost
    h2 = hosts[1] as TestHost
    await ensureSwarm(h1)
    home = fs.mkdtempSync('/tmp/pier-autodeploy-')
    keyDir = fs.mkdtempSync('/tmp/pier-autodeploy-key-')
    core = createCore({ home, keychain, sshKeepaliveMs: 1000 })
    recordHarnessServer(core, h1, 'h1')
    c1 = await connectSsh(h1)
    c2 = await connectSsh(h2)
    const setup = await execOn(
      c2,
      [
        'set -e',
        'rm -rf ~/pier-ad-test && mkdir -p ~/pier-ad-test',
        'git init -q --bare ~/pier-ad-test/site.git',
        'git init -q ~/pier-ad-test/work && cd ~/pier-ad-test/work',
        'git checkout -q -b main',
        'mkdir site && echo "auto v1" > site/index.html',
        `printf 'FROM busybox:local\\nCOPY site /site\\nCMD ["httpd", "-f", "-p", "8080", "-h", "/site"]\\n' > Dockerfile`,
        'git add -A && git -c user.name=t -c user.email=t@t commit -q -m one',
        'git push -q ~/pier-ad-test/site.git main',
        'git -C ~/pier-ad-test/site.git symbolic-ref HEAD refs/heads/main',
        'cd ~/pier-ad-test/site.git && pwd'
      ].join('\n')
    )
    expect(setup.code, setup.stderr).toBe(0)
    const app = core.apps.create({
      name: 'adapp',
      server: 'h1',
      git: `${h2.username}@${h2.ip}:${setup.stdout.trim()}`,
      ref: 'main',
      secretValues: { AD_TOKEN: SECRET },
      spec: {
        ports: [{ published: PORT, target: 8080, protocol: 'tcp' }],
        healthcheck: { cmd: HEALTH, intervalSec: 2, timeoutSec: 2, retries: 2, startPeriodSec: 1 },
        stopGraceSec: 1
      }
    })
    const line = `command="git-shell -c \\"$SSH_ORIGINAL_COMMAND\\"",no-port-forwarding,no-pty,no-agent-forwarding ${app.deployKey}`
    await execOn(c2, `printf '%s\\n' ${shQuote(line)} >> ~/.ssh/authorized_keys`)
    const first = await core.apps.deploy('adapp', { wait: true })
    expect(first, first.reason ?? '').toMatchObject({ state: 'succeeded', release: 1 })
    expect(await fetchOnHost(c1, PORT)).toBe('auto v1\n')
  }, 300_000)

  afterAll(async () => {
    const last = core
    for (const a of last?.apps.list() ?? []) await last.apps.remove(a.name).catch(() => undefined)
    await execOn(
      c2,
      "sed -i '/pier-deploy-adapp/d' ~/.ssh/authorized_keys; rm -rf ~/pier-ad-test"
    ).catch(() => undefined)
    await execOn(c1, 'crontab -r 2>/dev/null; rm -rf ~/.pier/cron ~/.pier/bin').catch(
      () => undefined
    )
    c1?.end()
    c2?.end()
    last?.close()
    await leaveSwarm(h1)
    fs.rmSync(home, { recursive: true, force: true })
    fs.rmSync(keyDir, { recursive: true, force: true })
  }, 300_000)

  it('a push is deployed by the server’s own cron while no Pier process runs', async () => {
    const handlers = createHandlers(core)
    const on = (await dispatchCall(
      handlers,
      'app.autodeploy',
      { name: 'adapp', every: '1' },
      ctx
    )) as { everyMin: number; schedule: string; ref: string }
    expect(on).toMatchObject({ everyMin: 1, schedule: '* * * * *', ref: 'main' })
    const crontab = (await execOn(c1, 'crontab -l')).stdout
    expect(crontab).toContain('* * * * * sh "$HOME/.pier/cron/run.sh" autodeploy-adapp\n')
    expect(crontab).not.toContain(SECRET)
    // What the cron run needs is on the server, private to the user; the secret only as a file.
    const modes = await execOn(
      c1,
      'cd ~/.pier/apps/adapp/autodeploy && stat -c "%a %n" . job job/secrets job/secrets/* job/args'
    )
    expect(modes.stdout.trim().split('\n')).toEqual([
      '700 .',
      '700 job',
      '700 job/secrets',
      '600 job/secrets/COMPOSE',
      '600 job/secrets/DEPLOY_KEY',
      '600 job/args'
    ])
    const leaks = await execOn(
      c1,
      `grep -rl ${shQuote(SECRET)} ~/.pier/cron ~/.pier/apps/adapp --exclude=COMPOSE 2>/dev/null; true`
    )
    expect(leaks.stdout).toBe('')

    const sha = await pushCommit('auto v2')
    const before = await jobCount()
    // The laptop side is gone: no Pier process, no connection of Pier's to the server.
    core.close()
    let served = ''
    let current = ''
    try {
      // Served first, recorded once swarm reports the update converged: wait for both.
      for (let i = 0; i < 90 && (served !== 'auto v2\n' || current !== '2'); i++) {
        await new Promise((r) => setTimeout(r, 2000))
        served = await fetchOnHost(c1, PORT)
        current = (await execOn(c1, 'cat ~/.pier/apps/adapp/current 2>/dev/null')).stdout.trim()
      }
      if (served !== 'auto v2\n' || current !== '2') {
        const dump = await execOn(
          c1,
          'crontab -l; cat ~/.pier/cron/autodeploy-adapp/status.json ~/.pier/cron/autodeploy-adapp/log; ' +
            'cat ~/.pier/apps/adapp/autodeploy/status.json; ' +
            'for d in ~/.pier/jobs/*/; do cat "$d/status.json"; tail -n 5 "$d/log"; done'
        )
        console.log('diagnostics:\n' + dump.stdout + dump.stderr)
      }
    } finally {
      // A new core on the same home (also when the wait failed, for the tests after this one).
      core = createCore({ home, keychain, sshKeepaliveMs: 1000 })
    }
    expect(served).toBe('auto v2\n')
    expect(current).toBe('2')
    expect(await jobCount()).toBe(before + 1)
    const record = (await execOn(c1, 'cat ~/.pier/apps/adapp/releases/2.json')).stdout
    expect(JSON.parse(record)).toMatchObject({ number: 2, commit: sha })
    const cronLog = (await execOn(c1, 'cat ~/.pier/cron/autodeploy-adapp/log')).stdout
    expect(cronLog).toContain(`main moved to ${sha}: started deploy job`)
    expect(cronLog).not.toContain(SECRET)

    // The new core sees the server's release and its job like any other.
    const rel = (await core.apps.releases('adapp'))[0]
    expect(rel).toMatchObject({ number: 2, commit: sha, current: true })
    const job = (await core.jobs.list('h1')).find((j) => j.id === rel?.jobId)
    expect(job).toMatchObject({ key: 'app-adapp', state: 'succeeded' })
    // Named by the server, since no laptop started it.
    expect(job?.title).toBe(`Auto-deploy adapp at ${sha.slice(0, 7)}`)
    core.jobs.sync(core.servers.get('h1').id, await core.jobs.list('h1'))
    expect(core.jobs.history('h1').find((j) => j.id === rel?.jobId)?.title).toBe(
      `Auto-deploy adapp at ${sha.slice(0, 7)}`
    )
    let log = ''
    for await (const c of core.jobs.logs('h1', rel?.jobId ?? '')) log += c.data
    expect(log).toContain(`commit ${sha}`)
    expect(log).not.toContain(SECRET)
    const status = await core.autodeploy.get('adapp')
    expect(status.seen).toBe(sha)
    expect(status.lastPoll?.commit).toBe(sha)

    // The next poll finds nothing new and starts nothing.
    const again = await execOn(c1, 'sh ~/.pier/cron/autodeploy-adapp/script adapp')
    expect(again.code, again.stdout).toBe(0)
    expect(again.stdout).toContain(`unchanged: main is at ${sha}`)
    expect(await jobCount()).toBe(before + 1)
  }, 300_000)

  it('a repository that cannot be asked is logged and never deploys', async () => {
    await execOn(c2, 'mv ~/pier-ad-test/site.git ~/pier-ad-test/away.git')
    try {
      const before = await jobCount()
      const r = await execOn(c1, 'sh ~/.pier/cron/autodeploy-adapp/script adapp')
      expect(r.code).toBe(1)
      expect(r.stdout).toMatch(/error: git ls-remote failed/)
      expect(await jobCount()).toBe(before)
      const status = await core.autodeploy.get('adapp')
      expect(status.lastPoll).toMatchObject({ result: 'error', jobId: null })
    } finally {
      await execOn(c2, 'mv ~/pier-ad-test/away.git ~/pier-ad-test/site.git')
    }
  }, 120_000)

  it('a change to the app re-arms the server’s copy of the deploy job', async () => {
    const handlers = createHandlers(core)
    await dispatchCall(handlers, 'app.update', { name: 'adapp', env: ['AD_COLOR=teal'] }, ctx)
    const compose = await execOn(c1, 'sed -n 4p ~/.pier/apps/adapp/autodeploy/job/args | base64 -d')
    expect(compose.stdout).toContain('AD_COLOR')
    expect(compose.stdout).toContain('teal')
  }, 120_000)

  it('a CI key only ever deploys its app, whatever command ssh sends', async () => {
    const handlers = createHandlers(core)
    const key = (await dispatchCall(handlers, 'app.ciKey', { name: 'adapp' }, ctx)) as {
      privateKey: string
      authorizedKeysLine: string
      publicKey: string
    }
    expect(key.privateKey).toMatch(/BEGIN OPENSSH PRIVATE KEY/)
    // The private half is in no file of Pier's and no keychain entry. (The first lines of an
    // OpenSSH key are a header and the public key, which every such key shares or shows.)
    const secretLines = key.privateKey
      .trim()
      .split('\n')
      .slice(2, -1)
      .filter((l) => l.length > 20)
    expect(secretLines.length).toBeGreaterThan(0)
    const stored = [
      ...keychain.entries.values(),
      fs.readFileSync(core.paths.database, 'latin1'),
      fs.existsSync(core.paths.database + '-wal')
        ? fs.readFileSync(core.paths.database + '-wal', 'latin1')
        : ''
    ]
    for (const l of secretLines) expect(stored.some((v) => v.includes(l))).toBe(false)
    const auth = (await execOn(c1, 'grep pier-ci-adapp ~/.ssh/authorized_keys')).stdout
    expect(auth.trim()).toBe(key.authorizedKeysLine)
    expect(auth).toMatch(
      /^command="sh \\"\$HOME\/\.pier\/bin\/pier-deploy\\" 'adapp'",no-pty,no-port-forwarding,no-agent-forwarding,no-X11-forwarding,no-user-rc ssh-ed25519 /
    )
    const keyFile = path.join(keyDir, 'ci_key')
    fs.writeFileSync(keyFile, key.privateKey, { mode: 0o600 })

    const sha = await pushCommit('auto v3')
    // Asked to print the password file, the key deploys instead; cat never runs.
    const r = await sshWith(h1, keyFile, 'cat /etc/passwd; id')
    expect(r.out).not.toMatch(/root:x:0:0/)
    expect(r.out).not.toMatch(/uid=\d+/)
    expect(r.out).toContain(`pier-deploy: deploying adapp at ${sha}`)
    expect(r.out).toMatch(/deployed adapp release 3/)
    expect(r.code, r.out).toBe(0)
    expect(await fetchOnHost(c1, PORT)).toBe('auto v3\n')
    const rel = (await core.apps.releases('adapp'))[0]
    expect(rel).toMatchObject({ number: 3, commit: sha })
    const ciJob = (await core.jobs.list('h1')).find((j) => j.id === rel?.jobId)
    expect(ciJob?.title).toBe(`CI deploy adapp at ${sha.slice(0, 7)}`)

    // Revoked, the key opens nothing.
    await dispatchCall(handlers, 'app.ciKey', { name: 'adapp', revoke: true }, ctx)
    const denied = await sshWith(h1, keyFile, 'true')
    expect(denied.code).toBe(255)
    expect(denied.out).toMatch(/Permission denied/)
    expect(
      (await execOn(c1, 'grep -c pier-ci-adapp ~/.ssh/authorized_keys; true')).stdout.trim()
    ).toBe('0')
  }, 300_000)

  it('refuses apps with nothing to poll, hostile names and bad intervals', async () => {
    core.apps.create({ name: 'adimage', server: 'h1', image: 'busybox:local', spec: {} })
    const handlers = createHandlers(core)
    const refused = await dispatchCall(
      handlers,
      'app.autodeploy',
      { name: 'adimage', every: 5 },
      ctx
    )
      .then(() => null)
      .catch((e: unknown) => e)
    expect(refused).toBeInstanceOf(PierError)
    expect((refused as PierError).message).toMatch(/no repository to poll/)
    for (const every of ['0', 'abc', '1441', '-1', '1.5'])
      await expect(
        dispatchCall(handlers, 'app.autodeploy', { name: 'adapp', every }, ctx)
      ).rejects.toThrow()
    const crontab = (await execOn(c1, 'crontab -l')).stdout
    expect(crontab).not.toContain('autodeploy-adimage')
    for (const name of HOSTILE) {
      const err = await dispatchCall(handlers, 'app.autodeploy', { name, every: 1 }, ctx)
        .then(() => null)
        .catch((e: unknown) => e)
      expect(err, JSON.stringify(name).slice(0, 40)).not.toBeNull()
      const ci = await dispatchCall(handlers, 'app.ciKey', { name }, ctx)
        .then(() => null)
        .catch((e: unknown) => e)
      expect(ci).not.toBeNull()
    }
    // pier-deploy itself refuses a name that is not an app's, even when run by hand.
    for (const name of [';id', '$(id)', '../adapp', 'a\nid', 'adapp/../x']) {
      const r = await execOn(c1, `sh ~/.pier/bin/pier-deploy ${shQuote(name)}`)
      expect(r.code).toBe(1)
      expect(r.stderr).toContain('not set up for this app')
      expect(r.stdout).not.toMatch(/uid=/)
    }
    expect((await execOn(c1, 'crontab -l')).stdout).toBe(crontab)
  }, 120_000)

  it('--off removes the poller; app removal takes its crontab line along', async () => {
    const handlers = createHandlers(core)
    const off = (await dispatchCall(
      handlers,
      'app.autodeploy',
      { name: 'adapp', off: true },
      ctx
    )) as {
      everyMin: number | null
    }
    expect(off.everyMin).toBeNull()
    expect((await execOn(c1, 'crontab -l 2>/dev/null; true')).stdout).not.toContain(
      'autodeploy-adapp'
    )
    expect((await execOn(c1, 'ls ~/.pier/apps/adapp/autodeploy 2>&1; true')).stdout).toMatch(
      /No such file/
    )
    await dispatchCall(handlers, 'app.autodeploy', { name: 'adapp', every: 30 }, ctx)
    expect((await execOn(c1, 'crontab -l')).stdout).toContain(
      '*/30 * * * * sh "$HOME/.pier/cron/run.sh" autodeploy-adapp'
    )
    await core.apps.remove('adapp')
    expect((await execOn(c1, 'crontab -l 2>/dev/null; true')).stdout).not.toContain(
      'autodeploy-adapp'
    )
  }, 120_000)
})
