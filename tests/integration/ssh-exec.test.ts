// Runs in a vitest worker (integration project): plain SSH against the real test hosts — who and
// where we land, exit codes, host key pinning and refused password logins.
import { execFile } from 'node:child_process'
import { createHash } from 'node:crypto'
import { promisify } from 'node:util'
import type { Client } from 'ssh2'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { connectSsh, execOn, hostNamed, hostsOrSkip } from './support'

const hosts = hostsOrSkip()
const run = promisify(execFile)

/** OpenSSH's SHA256 fingerprint of a key blob, as `ssh-keygen -l` prints it. */
function fingerprint(blob: Buffer): string {
  return `SHA256:${createHash('sha256').update(blob).digest('base64').replace(/=+$/, '')}`
}

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

      it('lands as the test user on a machine named after the host', async () => {
        expect(await execOn(conn, 'hostname')).toEqual({
          stdout: `${host.name}\n`,
          stderr: '',
          code: 0
        })
        expect(await execOn(conn, 'id -un')).toMatchObject({
          stdout: `${host.username}\n`,
          code: 0
        })
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

      it('serves the host key whose fingerprint the harness reports', async () => {
        // The key as the server presents it in a real handshake, not as testhosts.sh printed it.
        let served: Buffer | undefined
        const probe = await connectSsh(host, { onHostKey: (key) => (served = key) })
        probe.end()
        if (!served) throw new Error('the handshake presented no host key')
        expect(fingerprint(served)).toBe(host.hostKeyFingerprint)
        // ... and as OpenSSH computes it from the host's key file ("256 SHA256:... h1 (ED25519)").
        const { stdout } = await run('ssh-keygen', ['-lf', host.hostPublicKeyPath])
        expect(stdout.split(' ')[1]).toBe(fingerprint(served))
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
    const h1 = hostNamed(hosts, 'h1')
    await expect(connectSsh(h1, { password: h1.username })).rejects.toThrow(
      /authentication methods failed/i
    )
  })
})
