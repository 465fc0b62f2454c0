// Runs in a vitest worker (integration project): plain SSH against the real test hosts — who and
// where we land, exit codes, host key pinning and refused password logins.
import { createHash } from 'node:crypto'
import type { Client } from 'ssh2'
import ssh2 from 'ssh2'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { connectSsh, execOn, hostNamed, hostsOrSkip } from './support'

const hosts = hostsOrSkip()

describe.skipIf(hosts.length === 0)('ssh exec on the test hosts', () => {
  for (const host of hosts) {
    describe(host.name, () => {
      let conn: Client

      beforeAll(async () => {
        conn = await connectSsh(host)
      })
      afterAll(() => {
        conn?.end()
      })

      it('lands as deploy on a machine named after the host', async () => {
        expect(await execOn(conn, 'hostname')).toEqual({
          stdout: `${host.name}\n`,
          stderr: '',
          code: 0
        })
        expect(await execOn(conn, 'id -un')).toMatchObject({ stdout: 'deploy\n', code: 0 })
      })

      it("runs in the host's own network namespace, at its own IP only", async () => {
        const { stdout } = await execOn(conn, 'hostname -I')
        const addresses = stdout.trim().split(/\s+/)
        expect(addresses).toContain(host.ip)
        for (const other of hosts.filter((h) => h !== host))
          expect(addresses).not.toContain(other.ip)
      })

      it('reports exit codes and keeps stderr apart from stdout', async () => {
        expect(await execOn(conn, 'echo out; echo err >&2; exit 3')).toEqual({
          stdout: 'out\n',
          stderr: 'err\n',
          code: 3
        })
      })

      it('reports the fingerprint of the key it serves', () => {
        // connectSsh pins hostPublicKey, so the served key is that one; check its fingerprint.
        const key = ssh2.utils.parseKey(host.hostPublicKey)
        if (key instanceof Error) throw key
        const digest = createHash('sha256').update(key.getPublicSSH()).digest('base64')
        expect(host.hostKeyFingerprint).toBe(`SHA256:${digest.replace(/=+$/, '')}`)
      })
    })
  }

  it("refuses a connection pinned to another host's key", async () => {
    const h1 = hostNamed(hosts, 'h1')
    const h2 = hostNamed(hosts, 'h2')
    await expect(connectSsh(h1, { hostPublicKey: h2.hostPublicKey })).rejects.toThrow(
      /verification failed/i
    )
  })

  it('refuses password logins', async () => {
    await expect(connectSsh(hostNamed(hosts, 'h1'), { password: 'deploy' })).rejects.toThrow(
      /authentication methods failed/i
    )
  })
})
