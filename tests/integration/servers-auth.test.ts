// Every way to sign in, and what happens to a known server when its key changes or its link
// drops: against real sshd hosts, through the real router and pool.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createHandlers, type Handlers } from '../../main/api/router'
import { createCore, type Core } from '../../main/core/core'
import { apiCaller } from '../support/api'
import { memoryKeychain } from '../support/memory-keychain'
import { cutLink, rekeyHost, restoreHostKey, restoreLink, setPasswordAuth } from '../hosts/harness'
import { tmpDir } from '../support/tmp'
import { connectSsh, execOn, hostsOrSkip, type TestHost } from './support'

const hosts = hostsOrSkip()

describe.skipIf(hosts.length === 0)('signing in and staying connected (real sshd)', () => {
  let core: Core
  let api: Handlers
  let h1: TestHost
  let h2: TestHost
  let keychain: ReturnType<typeof memoryKeychain>
  let agent: ChildProcess | undefined
  let home = ''
  const { call, fails } = apiCaller(() => api)
  // WAL mode: recent rows live in pier.db-wal until a checkpoint, so read both files.
  const dbBytes = (): Buffer =>
    Buffer.concat(
      [core.paths.database, `${core.paths.database}-wal`]
        .filter((f) => fs.existsSync(f))
        .map((f) => fs.readFileSync(f))
    )
  const at = (h: TestHost) => ({
    host: h.sshHost,
    port: h.sshPort,
    user: h.username,
    acceptFingerprint: h.hostKeyFingerprint
  })

  beforeAll(() => {
    ;[h1, h2] = hosts as [TestHost, TestHost]
    keychain = memoryKeychain()
    // 1 s keepalives: a cut link is noticed in about 3 s instead of 45 s.
    home = fs.mkdtempSync('/tmp/pier-auth-')
    core = createCore({ home, keychain, sshKeepaliveMs: 1000 })
    api = createHandlers(core)
  })
  afterAll(async () => {
    core?.close()
    agent?.kill()
    fs.rmSync(home, { recursive: true, force: true })
    await setPasswordAuth(h2.name, false)
    await restoreHostKey(h1.name)
    await restoreLink(h1.name)
  })

  it('an RSA key works against OpenSSH 9 (rsa-sha2)', async () => {
    await call('server.add', { name: 'rsa', ...at(h1), key: h1.rsaPrivateKeyPath })
    const r = await core.pool.link(core.servers.get('rsa').id).exec('id -un')
    expect(r.stdout.trim()).toBe(h1.username)
  })

  it('a passphrase key works with its passphrase, which goes to the keychain, not SQLite', async () => {
    const wrong = await fails('server.add', {
      name: 'enc',
      ...at(h1),
      key: h1.encryptedKeyPath,
      passphrase: 'nope'
    })
    expect(wrong.code).toBe('key_passphrase')
    const none = await fails('server.add', { name: 'enc', ...at(h1), key: h1.encryptedKeyPath })
    expect(none.code).toBe('key_passphrase')
    await call('server.add', {
      name: 'enc',
      ...at(h1),
      key: h1.encryptedKeyPath,
      passphrase: h1.keyPassphrase
    })
    expect([...keychain.entries.values()]).toContain(h1.keyPassphrase)
    expect(dbBytes().includes(Buffer.from(h1.keyPassphrase))).toBe(false)
    const r = await core.pool.link(core.servers.get('enc').id).exec('true')
    expect(r.code).toBe(0)
  })

  it('ssh-agent works', async () => {
    const sock = path.join(tmpDir('pier-agent-'), 'agent.sock')
    agent = spawn('ssh-agent', ['-D', '-a', sock], { stdio: 'ignore' })
    await expect.poll(() => fs.existsSync(sock)).toBe(true)
    execFileSync('ssh-add', [h1.privateKeyPath], {
      env: { ...process.env, SSH_AUTH_SOCK: sock },
      stdio: 'ignore'
    })
    const before = process.env.SSH_AUTH_SOCK
    process.env.SSH_AUTH_SOCK = sock
    try {
      const added = (await call('server.add', { name: 'agent', ...at(h1), agent: true })) as {
        server: { authMethod: string }
      }
      expect(added.server.authMethod).toBe('agent')
    } finally {
      process.env.SSH_AUTH_SOCK = before
    }
  })

  it("a password is used once to install Pier's key, then forgotten", async () => {
    await setPasswordAuth(h2.name, true)
    const wrong = await fails('server.add', { name: 'pw', ...at(h2), password: 'wrong-password' })
    expect(wrong.code).toBe('auth_failed')
    const added = (await call('server.add', { name: 'pw', ...at(h2), password: h2.password })) as {
      installedKey: boolean
      server: { authMethod: string }
    }
    expect(added).toMatchObject({ installedKey: true, server: { authMethod: 'key' } })
    expect([...keychain.entries.values()]).not.toContain(h2.password)
    // Asked to, Pier keeps it, in the keychain only; removing the server drops it again.
    await call('server.add', {
      name: 'pw-kept',
      ...at(h2),
      password: h2.password,
      keepPassword: true
    })
    expect([...keychain.entries.values()]).toContain(h2.password)
    expect(dbBytes().includes(Buffer.from(h2.password))).toBe(false)
    await call('server.remove', { name: 'pw-kept' })
    expect([...keychain.entries.values()]).not.toContain(h2.password)
    await setPasswordAuth(h2.name, false)
    // With passwords off again, the pooled connection logs in with Pier's key.
    const r = await core.pool.link(core.servers.get('pw').id).exec('hostname')
    expect(r.stdout.trim()).toBe(h2.name)
    const conn = await connectSsh(h2)
    const keys = await execOn(conn, 'cat ~/.ssh/authorized_keys')
    conn.end()
    expect(keys.stdout).toMatch(/ssh-ed25519 \S+ pier@/)
  })

  it('check reports the host as it is, with Docker and Swarm', async () => {
    const report = (await call('server.check', { name: 'rsa' })) as {
      os: string
      arch: string
      docker: { version: string | null; access: string }
      swarm: { state: string }
      readiness: Array<{ id: string; status: string; fix: string | null }>
    }
    expect(report.os).toMatch(/Debian/)
    expect(report.arch).toBe(execFileSync('uname', ['-m'], { encoding: 'utf8' }).trim())
    expect(report.docker.version).toMatch(/^\d+\.\d+/)
    expect(report.docker.access).toBe('yes')
    expect(['inactive', 'active']).toContain(report.swarm.state)
    for (const item of report.readiness)
      if (item.status !== 'ok') expect(item.fix, item.id).toBeTruthy()
  })

  it('a dropped link goes reconnecting, then ready again without anyone asking', async () => {
    const id = core.servers.get('rsa').id
    const link = core.pool.link(id)
    await link.exec('true')
    expect(link.status.state).toBe('ready')
    const states: string[] = []
    const timer = setInterval(() => {
      if (states.at(-1) !== link.status.state) states.push(link.status.state)
    }, 50)
    try {
      await cutLink(h1.name)
      await expect
        .poll(() => link.status.state, { timeout: 20_000, interval: 100 })
        .toBe('reconnecting')
      await restoreLink(h1.name)
      await expect.poll(() => link.status.state, { timeout: 30_000, interval: 100 }).toBe('ready')
    } finally {
      clearInterval(timer)
      await restoreLink(h1.name)
    }
    // The sampler may miss the last flip; the poll above already saw 'ready'.
    expect(states).toEqual(expect.arrayContaining(['ready', 'reconnecting']))
    const r = await link.exec('echo back')
    expect(r.stdout.trim()).toBe('back')
  })

  it('a changed host key is a hard stop, and trust-key re-pins only the verified key', async () => {
    const id = core.servers.get('rsa').id
    core.pool.drop(id)
    const rekeyed = await rekeyHost(h1.name)
    const err = await fails('server.ping', { name: 'rsa' })
    expect(err.code).toBe('host_key_changed')
    expect(err.message).toContain(h1.hostKeyFingerprint)
    expect(err.message).toContain(rekeyed.hostKeyFingerprint)
    const wrong = await fails('server.trustKey', {
      name: 'rsa',
      fingerprint: h1.hostKeyFingerprint
    })
    expect(wrong.code).toBe('host_key_changed')
    await call('server.trustKey', { name: 'rsa', fingerprint: rekeyed.hostKeyFingerprint })
    const ok = (await call('server.ping', { name: 'rsa' })) as { state: string }
    expect(ok.state).toBe('ready')
    await restoreHostKey(h1.name)
  })

  it("remove --from-server takes Pier's key off the server, leaving other keys", async () => {
    const removed = (await call('server.remove', { name: 'pw', fromServer: true })) as {
      keyRemovedFromServer: boolean | null
    }
    expect(removed.keyRemovedFromServer).toBe(true)
    const conn = await connectSsh(h2)
    const keys = await execOn(conn, 'cat ~/.ssh/authorized_keys; stat -c %a ~/.ssh/authorized_keys')
    conn.end()
    expect(keys.stdout).not.toMatch(/pier@/)
    expect(keys.stdout).toContain(
      fs.readFileSync(`${h2.privateKeyPath}.pub`, 'utf8').trim().split(' ')[1]
    )
    expect(keys.stdout.trim().split('\n').at(-1)).toBe('600')
    expect(core.servers.list().map((s) => s.name)).not.toContain('pw')
  })

  it('update proves a new sign-in before saving it, and drops secrets it no longer needs', async () => {
    const wrongKey = path.join(tmpDir('pier-wrong-'), 'k')
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', wrongKey])
    const refused = await fails('server.update', { name: 'enc', key: wrongKey })
    expect(refused.code).toBe('auth_failed')
    expect(core.servers.get('enc')).toMatchObject({ keyPath: h1.encryptedKeyPath })
    expect([...keychain.entries.values()]).toContain(h1.keyPassphrase)

    const updated = (await call('server.update', {
      name: 'enc',
      key: h1.privateKeyPath,
      rename: 'plain'
    })) as { name: string; keyPath: string }
    expect(updated).toMatchObject({ name: 'plain', keyPath: h1.privateKeyPath })
    expect([...keychain.entries.values()]).not.toContain(h1.keyPassphrase)
    const r = await core.pool.link(core.servers.get('plain').id).exec('id -un')
    expect(r.stdout.trim()).toBe(h1.username)
    const taken = await fails('server.update', { name: 'plain', rename: 'rsa' })
    expect(taken.code).toBe('already_exists')
  })
})
