// Adding servers against real sshd hosts through the real API router: host-key verification
// before any credential, distinct errors for each way a login fails, nothing half-saved, and the
// pooled connection afterwards.
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import net from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createHandlers, type Handlers } from '../../main/api/router'
import { createCore, type Core } from '../../main/core/core'
import { apiCaller } from '../support/api'
import { memoryKeychain } from '../support/memory-keychain'
import { tmpDir } from '../support/tmp'
import { hostsOrSkip, type TestHost } from './support'

const hosts = hostsOrSkip()

describe.skipIf(hosts.length === 0)('adding servers (real sshd)', () => {
  let core: Core
  let api: Handlers
  let h1: TestHost
  let h2: TestHost
  let keychain: ReturnType<typeof memoryKeychain>
  let home = ''
  const { call, fails } = apiCaller(() => api)
  const base = (h: TestHost, name: string) => ({
    name,
    host: h.sshHost,
    port: h.sshPort,
    user: h.username,
    key: h.privateKeyPath
  })

  beforeAll(() => {
    ;[h1, h2] = hosts as [TestHost, TestHost]
    keychain = memoryKeychain()
    home = fs.mkdtempSync('/tmp/pier-servers-')
    core = createCore({ home, keychain })
    api = createHandlers(core)
  })
  afterAll(() => {
    core?.close()
    fs.rmSync(home, { recursive: true, force: true })
  })

  it('first contact without an accepted fingerprint stops and shows it, saving nothing', async () => {
    const err = await fails('server.add', base(h1, 'web'))
    expect(err.code).toBe('host_key_unknown')
    expect(err.message).toContain(h1.hostKeyFingerprint)
    expect(err.details).toMatchObject({
      fingerprint: h1.hostKeyFingerprint,
      keyType: 'ssh-ed25519'
    })
    expect(core.servers.list()).toEqual([])
  })

  it('a wrong accepted fingerprint is refused before any credential is sent', async () => {
    const err = await fails('server.add', {
      ...base(h1, 'web'),
      acceptFingerprint: h2.hostKeyFingerprint
    })
    expect(err.code).toBe('host_key_changed')
    expect(err.message).toContain(h1.hostKeyFingerprint)
    expect(core.servers.list()).toEqual([])
  })

  it('adds with the accepted fingerprint and a key file, then runs over the pooled connection', async () => {
    const added = (await call('server.add', {
      ...base(h1, 'web'),
      acceptFingerprint: h1.hostKeyFingerprint
    })) as {
      server: { id: string; hostKeyFingerprint: string; authMethod: string }
    }
    expect(added.server).toMatchObject({
      hostKeyFingerprint: h1.hostKeyFingerprint,
      authMethod: 'keyfile'
    })
    const link = core.pool.link(added.server.id)
    const r = await link.exec('hostname')
    expect(r.stdout.trim()).toBe(h1.name)
    const ping = (await call('server.ping', { name: 'web' })) as { state: string }
    expect(ping.state).toBe('ready')
  })

  it('refuses a duplicate name without contacting anything', async () => {
    const err = await fails('server.add', { ...base(h2, 'web'), trustNew: true })
    expect(err.code).toBe('already_exists')
  })

  it('gives a distinct error for each way a login fails, within a bounded time', async () => {
    const refused = await new Promise<number>((resolve) => {
      const srv = net.createServer().listen(0, '127.0.0.1', () => {
        const port = (srv.address() as net.AddressInfo).port
        srv.close(() => resolve(port))
      })
    })
    const wrongKey = `${tmpDir()}/other`
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', wrongKey])
    const cases: Array<[string, Record<string, unknown>, string]> = [
      ['refused port', { ...base(h1, 'x1'), port: refused, trustNew: true }, 'connection_refused'],
      ['wrong user', { ...base(h1, 'x2'), user: 'nobody', trustNew: true }, 'auth_failed'],
      ['wrong key', { ...base(h1, 'x6'), key: wrongKey, trustNew: true }, 'auth_failed'],
      [
        'missing key file',
        { ...base(h1, 'x3'), key: '/nonexistent/key', trustNew: true },
        'key_unreadable'
      ],
      [
        'DNS failure',
        { ...base(h1, 'x4'), host: 'no-such-host.invalid', trustNew: true },
        'dns_failed'
      ],
      ['not a key', { ...base(h1, 'x5'), key: '/etc/hostname', trustNew: true }, 'key_unreadable']
    ]
    for (const [label, input, code] of cases) {
      const started = Date.now()
      const err = await fails('server.add', input)
      expect(err.code, label).toBe(code)
      expect(err.hint, label).not.toBe('')
      expect(Date.now() - started, label).toBeLessThan(20_000)
    }
    expect(core.servers.list().map((s) => s.name)).toEqual(['web'])
    expect(keychain.entries.size).toBe(0)
  })

  it('hostile names and hosts are rejected before any connection', async () => {
    for (const [field, value] of [
      ['name', 'a;id'],
      ['name', '$(id)'],
      ['host', 'h;id'],
      ['host', '-oProxyCommand=id'],
      ['user', 'u$(id)'],
      ['user', 'a\nb']
    ] as const) {
      const err = await fails('server.add', { ...base(h2, 'ok'), [field]: value, trustNew: true })
      expect(err.code, `${field}=${JSON.stringify(value)}`).toBe('invalid_input')
    }
  })

  it('30 concurrent commands on one server all succeed within the channel budget', async () => {
    const server = core.servers.get('web')
    const link = core.pool.link(server.id)
    const results = await Promise.all(Array.from({ length: 30 }, (_, i) => link.exec(`echo ${i}`)))
    expect(results.map((r) => r.stdout.trim())).toEqual(
      Array.from({ length: 30 }, (_, i) => String(i))
    )
  })

  it('remove forgets the server and its connection', async () => {
    await call('server.remove', { name: 'web' })
    expect(core.servers.list()).toEqual([])
    expect(core.pool.status(core.servers.list()[0]?.id ?? 'none')).toBeNull()
  })
})
