// Importing ~/.ssh/config and ~/.ssh/known_hosts, then using what was imported: a bastion and a
// server behind it reached with ProxyJump through the bastion's pooled connection.
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createCore, type Core } from '../../main/core/core'
import { memoryKeychain } from '../support/memory-keychain'
import { hostsOrSkip, type TestHost } from './support'

const hosts = hostsOrSkip()

describe.skipIf(hosts.length === 0)('import from ~/.ssh/config (real hosts)', () => {
  let core: Core
  let dir = ''
  let h1: TestHost
  let h2: TestHost

  beforeAll(() => {
    ;[h1, h2] = hosts as [TestHost, TestHost]
    dir = fs.mkdtempSync('/tmp/pier-import-')
    fs.mkdirSync(path.join(dir, '.ssh'))
    fs.writeFileSync(
      path.join(dir, '.ssh/config'),
      [
        'Host Bastion',
        `  HostName ${h1.sshHost}`,
        `  Port ${h1.sshPort}`,
        `  User ${h1.username}`,
        `  IdentityFile ${h1.privateKeyPath}`,
        '',
        'Host inner',
        `  HostName ${h2.ip}`,
        `  User ${h2.username}`,
        `  IdentityFile ${h2.privateKeyPath}`,
        '  ProxyJump Bastion',
        '',
        'Host *.example',
        '  User nobody',
        ''
      ].join('\n')
    )
    const known = path.join(dir, '.ssh/known_hosts')
    fs.writeFileSync(
      known,
      `[${h1.sshHost}]:${h1.sshPort} ${h1.hostPublicKey}\n${h2.ip} ${h2.hostPublicKey}\n`
    )
    // Hashed, as Debian and Ubuntu write known_hosts by default.
    execFileSync('ssh-keygen', ['-H', '-f', known], { stdio: 'ignore' })
    expect(fs.readFileSync(known, 'utf8')).toMatch(/^\|1\|/)
    core = createCore({ home: path.join(dir, 'pier'), keychain: memoryKeychain() })
  })

  afterAll(() => {
    core?.close()
    fs.rmSync(dir, { recursive: true, force: true })
  })

  it('imports concrete hosts with their pinned keys, and skips patterns', () => {
    const result = core.servers.importSshConfig({
      file: path.join(dir, '.ssh/config'),
      knownHosts: path.join(dir, '.ssh/known_hosts'),
      home: dir
    })
    expect(result.imported.map((s) => [s.name, s.pinnedKeys, s.proxyJump])).toEqual([
      ['bastion', 1, null],
      ['inner', 1, 'bastion']
    ])
    const inner = core.servers.get('inner')
    expect(inner).toMatchObject({
      host: h2.ip,
      port: 22,
      hostKeyFingerprint: h2.hostKeyFingerprint
    })
  })

  it('a second import skips what exists', () => {
    const again = core.servers.importSshConfig({
      file: path.join(dir, '.ssh/config'),
      knownHosts: path.join(dir, '.ssh/known_hosts'),
      home: dir
    })
    expect(again.imported).toEqual([])
    expect(again.skipped.map((s) => s.alias)).toEqual(['Bastion', 'inner'])
  })

  it('reaches the inner server through the bastion (ProxyJump), verifying both host keys', async () => {
    const link = core.pool.link(core.servers.get('inner').id)
    const r = await link.exec('hostname')
    expect(r.stdout.trim()).toBe(h2.name)
    expect(core.pool.status(core.servers.get('bastion').id)?.state).toBe('ready')
  })
})
