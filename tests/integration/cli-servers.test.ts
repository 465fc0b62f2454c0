// The `pier server …` commands exactly as scripts call them (the contract in the Servers issue),
// run as the built CLI in a child process against a real host.
import fs from 'node:fs'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { runPier, type CliResult } from './cli-support'
import { hostsOrSkip, type TestHost } from './support'

const hosts = hostsOrSkip()
const root = path.resolve(import.meta.dirname, '../..')
const home = fs.mkdtempSync('/tmp/pier-cli-servers-')
const keyring = process.env.PIER_KEYRING_READY === '1'
afterAll(() => fs.rmSync(home, { recursive: true, force: true }))

const pier = (args: string[], stdin?: string): Promise<CliResult> => runPier(home, args, { stdin })

describe.skipIf(hosts.length === 0 || !fs.existsSync(path.join(root, 'out/main/cli.js')))(
  'pier server (CLI, real host)',
  () => {
    const h1 = hosts[0] as TestHost
    const where = ['--host', h1.sshHost, '--port', String(h1.sshPort), '--user', h1.username]

    it('first contact without a fingerprint: non-zero exit, and the fingerprint is printed', async () => {
      const r = await pier(['server', 'add', 'web', ...where, '--key', h1.privateKeyPath])
      expect(r.code).not.toBe(0)
      expect(r.stderr).toContain(h1.hostKeyFingerprint)
      expect(r.stderr).toContain('ssh-ed25519')
      const json = await pier([
        'server',
        'add',
        'web',
        ...where,
        '--key',
        h1.privateKeyPath,
        '--json'
      ])
      expect(JSON.parse(json.stdout).error).toMatchObject({
        code: 'host_key_unknown',
        details: { fingerprint: h1.hostKeyFingerprint }
      })
      expect(JSON.parse((await pier(['server', 'list', '--json'])).stdout)).toEqual([])
    })

    it('adds with --accept-fingerprint and lists it', async () => {
      const r = await pier([
        'server',
        'add',
        'web',
        ...where,
        '--key',
        h1.privateKeyPath,
        '--accept-fingerprint',
        h1.hostKeyFingerprint,
        '--json'
      ])
      expect(r.code, r.stderr).toBe(0)
      expect(JSON.parse(r.stdout)).toMatchObject({
        server: { name: 'web' },
        hostKey: { fingerprint: h1.hostKeyFingerprint }
      })
      const list = JSON.parse((await pier(['server', 'list', '--json'])).stdout) as Array<{
        name: string
      }>
      expect(list.map((s) => s.name)).toEqual(['web'])
    })

    it('check --json carries docker.version, swarm.state, os and arch', async () => {
      const r = await pier(['server', 'check', 'web', '--json'])
      expect(r.code, r.stderr).toBe(0)
      const check = JSON.parse(r.stdout)
      expect(check.docker.version).toMatch(/^\d+\./)
      expect(check.swarm.state).toMatch(/^(inactive|active)$/)
      expect(check.os).toMatch(/Debian/)
      expect(check.arch).toMatch(/^(x86_64|aarch64)$/)
      const human = await pier(['server', 'check', 'web'])
      expect(human.stdout).toMatch(/Docker \d+\./)
    })

    it.skipIf(!keyring)(
      '--passphrase-stdin reads the passphrase from stdin, never argv',
      async () => {
        const r = await pier(
          [
            'server',
            'add',
            'enc',
            ...where,
            '--key',
            h1.encryptedKeyPath,
            '--passphrase-stdin',
            '--trust-new',
            '--json'
          ],
          `${h1.keyPassphrase}\n`
        )
        expect(r.code, r.stderr).toBe(0)
        expect((await pier(['server', 'remove', 'enc'])).code).toBe(0)
      }
    )

    it('remove forgets it', async () => {
      const r = await pier(['server', 'remove', 'web'])
      expect(r.code).toBe(0)
      expect(r.stdout).toContain('Removed web')
      expect(JSON.parse((await pier(['server', 'list', '--json'])).stdout)).toEqual([])
    })
  }
)
