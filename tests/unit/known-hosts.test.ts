import { execFileSync, spawnSync } from 'node:child_process'
import { createHmac, randomBytes } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import type { KnownHostEntry } from '../../main/core/ssh/known-hosts'
import {
  certAuthoritiesFor,
  entryMatchesHost,
  findHostKeys,
  knownHostsName,
  parseKnownHosts,
  revokedFor
} from '../../main/core/ssh/known-hosts'
import { tmpDir } from '../support/tmp'

interface TestKey {
  /** `type base64`, as it appears in known_hosts. */
  line: string
  type: string
  base64: string
  fingerprint: string
}

// Real keys from ssh-keygen, made once: generating RSA keys per test would be slow.
let keys: Record<'ed' | 'ec' | 'rsa' | 'ed2', TestKey>

beforeAll(() => {
  const dir = tmpDir()
  const make = (name: string, args: string[]): TestKey => {
    const file = path.join(dir, name)
    execFileSync('ssh-keygen', ['-q', ...args, '-N', '', '-C', '', '-f', file])
    const [type = '', base64 = ''] = fs.readFileSync(`${file}.pub`, 'utf8').trim().split(/\s+/)
    const listed = execFileSync('ssh-keygen', ['-lf', `${file}.pub`], { encoding: 'utf8' })
    return { line: `${type} ${base64}`, type, base64, fingerprint: listed.split(/\s+/)[1] ?? '' }
  }
  keys = {
    ed: make('ed', ['-t', 'ed25519']),
    ec: make('ec', ['-t', 'ecdsa']),
    rsa: make('rsa', ['-t', 'rsa', '-b', '2048']),
    ed2: make('ed2', ['-t', 'ed25519'])
  }
})

function realistic(): string {
  return [
    '# known hosts',
    `Example.com,192.0.2.10 ${keys.ed.line} laptop  key`,
    `[example.com]:2222 ${keys.ec.line}`,
    '',
    `*.internal,!secret.internal ${keys.rsa.line}`,
    `  db?.lan ${keys.ed2.line}\r`,
    `[::1]:2222 ${keys.ed2.line}`,
    `revoked.example ${keys.ec.line}`,
    `@revoked revoked.example,*.internal ${keys.ec.line}`,
    `@cert-authority *.corp ${keys.ed.line} corp CA`
  ].join('\n')
}

const lines = (entries: KnownHostEntry[]): number[] => entries.map((e) => e.line)

describe('parseKnownHosts', () => {
  it('reads plain, bracketed, wildcard and marker lines with fingerprints ssh-keygen agrees with', () => {
    const warnings: string[] = []
    const entries = parseKnownHosts(realistic(), warnings)
    expect(warnings).toEqual([])
    expect(lines(entries)).toEqual([2, 3, 5, 6, 7, 8, 9, 10])
    expect(entries[0]).toEqual({
      hosts: ['Example.com', '192.0.2.10'],
      hashed: null,
      marker: null,
      keyType: 'ssh-ed25519',
      keyBlob: Buffer.from(keys.ed.base64, 'base64'),
      fingerprint: keys.ed.fingerprint,
      comment: 'laptop  key',
      line: 2
    })
    expect(entries[1]).toMatchObject({ hosts: ['[example.com]:2222'], comment: null })
    expect(entries[1]?.fingerprint).toBe(keys.ec.fingerprint)
    expect(entries[2]?.fingerprint).toBe(keys.rsa.fingerprint)
    expect(entries[2]?.keyType).toBe('ssh-rsa')
    expect(entries[3]).toMatchObject({ hosts: ['db?.lan'], comment: null })
    expect(entries[6]).toMatchObject({ marker: '@revoked', keyType: keys.ec.type })
    expect(entries[7]).toMatchObject({ marker: '@cert-authority', comment: 'corp CA' })
  })

  it('skips malformed lines with a warning each, and never throws', () => {
    const tiny = Buffer.from([0, 0, 0, 3, 0x61]).toString('base64')
    const text = [
      'lonely-host',
      `host ${keys.ed.type}`,
      `host ${keys.ed.type} !!!notbase64`,
      `host ssh-rsa ${keys.ed.base64}`,
      `@bogus host ${keys.ed.line}`,
      `|1|c2FsdA==|aGFzaA== ${keys.ed.line}`,
      `|2|${randomBytes(20).toString('base64')}|${randomBytes(20).toString('base64')} ${keys.ed.line}`,
      'oldhost 1024 65537 1234567890',
      `host ${keys.ed.type} ${tiny}`,
      '@revoked',
      `,,, ${keys.ed.line}`,
      `good ${keys.ed.line}`
    ].join('\n')
    const warnings: string[] = []
    const entries = parseKnownHosts(text, warnings)
    expect(lines(entries)).toEqual([12])
    expect(warnings).toEqual([
      'known_hosts line 1: expected hosts, key type and key, line skipped.',
      'known_hosts line 2: expected hosts, key type and key, line skipped.',
      'known_hosts line 3: key is not valid base64, line skipped.',
      'known_hosts line 4: key type ssh-rsa does not match the key (ssh-ed25519), line skipped.',
      'known_hosts line 5: unknown marker @bogus, line skipped.',
      'known_hosts line 6: malformed hashed host name, line skipped.',
      'known_hosts line 7: unrecognised hashed host name, line skipped.',
      'known_hosts line 8: SSH-1 RSA key, line skipped.',
      'known_hosts line 9: key blob is malformed, line skipped.',
      'known_hosts line 10: expected hosts, key type and key, line skipped.',
      'known_hosts line 11: no host names, line skipped.'
    ])
    expect(() => parseKnownHosts('\u0000\n@\n|\n||||\n')).not.toThrow()
  })
})

describe('findHostKeys on plain entries', () => {
  let entries: KnownHostEntry[] = []
  beforeAll(() => {
    entries = parseKnownHosts(realistic())
  })

  it('matches names and addresses case-insensitively on port 22', () => {
    expect(lines(findHostKeys(entries, 'example.com', 22))).toEqual([2])
    expect(lines(findHostKeys(entries, 'EXAMPLE.com', 22))).toEqual([2])
    expect(lines(findHostKeys(entries, '192.0.2.10', 22))).toEqual([2])
  })

  it('uses [host]:port for other ports, and only that', () => {
    expect(lines(findHostKeys(entries, 'example.com', 2222))).toEqual([3])
    expect(findHostKeys(entries, 'example.com', 2200)).toEqual([])
    expect(lines(findHostKeys(entries, '::1', 2222))).toEqual([7])
    expect(findHostKeys(entries, '::1', 22)).toEqual([])
  })

  it('honours wildcards and negations', () => {
    expect(lines(findHostKeys(entries, 'api.internal', 22))).toEqual([5])
    expect(findHostKeys(entries, 'secret.internal', 22)).toEqual([])
    expect(findHostKeys(entries, 'api.internal', 2222)).toEqual([])
    expect(lines(findHostKeys(entries, 'db1.lan', 22))).toEqual([6])
    expect(findHostKeys(entries, 'db12.lan', 22)).toEqual([])
  })

  it('never trusts a revoked key or a CA key', () => {
    expect(findHostKeys(entries, 'revoked.example', 22)).toEqual([])
    expect(lines(revokedFor(entries, 'revoked.example', 22))).toEqual([9])
    expect(lines(revokedFor(entries, 'api.internal', 22))).toEqual([9])
    expect(revokedFor(entries, 'example.com', 22)).toEqual([])
    expect(findHostKeys(entries, 'build.corp', 22)).toEqual([])
    expect(lines(certAuthoritiesFor(entries, 'build.corp', 22))).toEqual([10])
    expect(certAuthoritiesFor(entries, 'example.com', 22)).toEqual([])
  })
})

describe('hashed entries', () => {
  it('finds what ssh-keygen -H hashed, and agrees with ssh-keygen -F', () => {
    const dir = tmpDir()
    const file = path.join(dir, 'known_hosts')
    fs.writeFileSync(file, `${realistic()}\n`)
    execFileSync('ssh-keygen', ['-H', '-f', file], { stdio: 'ignore' })
    const warnings: string[] = []
    const entries = parseKnownHosts(fs.readFileSync(file, 'utf8'), warnings)
    expect(warnings).toEqual([])
    const hashed = entries.filter((e) => e.hashed !== null)
    // Example.com and 192.0.2.10 become two lines; [example.com]:2222, [::1]:2222 and
    // revoked.example are hashed; wildcard and marker lines are left alone.
    expect(hashed.length).toBe(5)
    expect(hashed.every((e) => e.hosts === null && e.hashed?.salt.length === 20)).toBe(true)

    const port22 = findHostKeys(entries, 'example.com', 22)
    expect(port22.map((e) => e.fingerprint)).toEqual([keys.ed.fingerprint])
    expect(port22[0]?.hashed).not.toBeNull()
    const port2222 = findHostKeys(entries, 'example.com', 2222)
    expect(port2222.map((e) => e.fingerprint)).toEqual([keys.ec.fingerprint])
    expect(port2222[0]?.hashed).not.toBeNull()
    expect(findHostKeys(entries, 'Example.COM', 22)).toEqual(port22)
    expect(findHostKeys(entries, 'example.com', 2200)).toEqual([])

    const queries: Array<[string, number]> = [
      ['example.com', 22],
      ['example.com', 2222],
      ['example.com', 2200],
      ['192.0.2.10', 22],
      ['::1', 2222],
      ['api.internal', 22],
      ['secret.internal', 22],
      ['db1.lan', 22],
      ['revoked.example', 22],
      ['build.corp', 22],
      ['nowhere.example', 22]
    ]
    for (const [host, port] of queries) {
      const ours = lines(entries.filter((e) => entryMatchesHost(e, host, port)))
      expect(ours, `${host}:${port}`).toEqual(keygenFind(file, knownHostsName(host, port)))
    }
  })

  it('matches a hand-built |1|salt|hash line, and only for its own name', () => {
    const salt = randomBytes(20)
    const hash = createHmac('sha1', salt).update('[db.example]:2201').digest()
    const text = `|1|${salt.toString('base64')}|${hash.toString('base64')} ${keys.ed.line}`
    const entries = parseKnownHosts(text)
    expect(entries[0]).toMatchObject({ hosts: null, hashed: { salt, hash } })
    expect(findHostKeys(entries, 'db.example', 2201)).toHaveLength(1)
    expect(findHostKeys(entries, 'db.example', 22)).toEqual([])
    expect(findHostKeys(entries, 'db.example', 2202)).toEqual([])
  })
})

describe('knownHostsName', () => {
  it('brackets only non-default ports', () => {
    expect(knownHostsName('Example.com', 22)).toBe('example.com')
    expect(knownHostsName('example.com', 2222)).toBe('[example.com]:2222')
    expect(knownHostsName('2001:db8::1', 2222)).toBe('[2001:db8::1]:2222')
  })
})

// Line numbers `ssh-keygen -F name -f file` reports, whatever the marker.
function keygenFind(file: string, name: string): number[] {
  const res = spawnSync('ssh-keygen', ['-F', name, '-f', file], { encoding: 'utf8' })
  return [...res.stdout.matchAll(/^# Host \S+ found: line (\d+)/gm)].map((m) => Number(m[1]))
}
