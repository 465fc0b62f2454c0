// Runs in a vitest worker (integration project): network and sshd failures on a real host (h2),
// as Pier will meet them — a dead link and a stopped sshd — and recovery from both.
import { afterEach, describe, expect, it } from 'vitest'
import { cutLink, restoreLink, startSshd, stopSshd } from '../hosts/harness'
import { connectSsh, execOn, hostNamed, hostsOrSkip, within, type TestHost } from './support'

const hosts = hostsOrSkip()

/** The host's name via a fresh SSH login, or the error message. */
async function freshHostname(host: TestHost): Promise<string> {
  try {
    const conn = await connectSsh(host, { readyTimeout: 4000 })
    try {
      return (await execOn(conn, 'hostname')).stdout.trim()
    } finally {
      conn.end()
    }
  } catch (error) {
    return error instanceof Error ? error.message : String(error)
  }
}

describe.skipIf(hosts.length === 0)('faults on h2', () => {
  // Whatever happens in a test, later files get a healthy h2.
  afterEach(async () => {
    await restoreLink('h2')
    await startSshd('h2')
  })

  it('a cut link stalls open sessions and new logins; restoring it heals both', async () => {
    const h2 = hostNamed(hosts, 'h2')
    const conn = await connectSsh(h2)
    try {
      expect((await execOn(conn, 'echo before')).stdout).toBe('before\n')
      await cutLink('h2')

      const stalled = execOn(conn, 'echo after')
      expect(await within(stalled, 3000)).toBe('timeout')
      const started = Date.now()
      await expect(connectSsh(h2, { readyTimeout: 4000 })).rejects.toThrow()
      expect(Date.now() - started).toBeLessThan(10_000)

      await restoreLink('h2')
      // TCP retransmits the stalled request once the cable is back: the old session survives.
      expect(await within(stalled, 30_000)).toEqual({ stdout: 'after\n', stderr: '', code: 0 })
      await expect.poll(() => freshHostname(h2), { timeout: 20_000, interval: 250 }).toBe('h2')
    } finally {
      conn.end()
    }
  })

  it('a stopped sshd refuses new logins at once but keeps established sessions', async () => {
    const h2 = hostNamed(hosts, 'h2')
    const conn = await connectSsh(h2)
    try {
      await stopSshd('h2')
      const started = Date.now()
      await expect(connectSsh(h2, { readyTimeout: 8000 })).rejects.toThrow(/before handshake/)
      // Refused, not timed out: the relay reaches the host, nothing listens on port 22.
      expect(Date.now() - started).toBeLessThan(3000)
      expect(await execOn(conn, 'hostname')).toMatchObject({ stdout: 'h2\n', code: 0 })

      await startSshd('h2')
      expect(await freshHostname(h2)).toBe('h2')
    } finally {
      conn.end()
    }
  })
})
