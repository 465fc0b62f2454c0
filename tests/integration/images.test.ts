// Runs in a vitest worker (integration project): a Debian bookworm image built without any
// registry (debootstrap, cached between runs) runs on a test host.
import { describe, expect, it } from 'vitest'
import { ensureDebianImage } from '../hosts/harness'
import { connectSsh, dockerOverSsh, hostNamed, hostsOrSkip, runContainer } from './support'

const hosts = hostsOrSkip()

describe.skipIf(hosts.length === 0)('images without a registry', () => {
  // A cold cache means a debootstrap from the Debian mirror, about a minute.
  it('builds or reuses debian:bookworm-local and runs it', { timeout: 300_000 }, async () => {
    const h1 = hostNamed(hosts, 'h1')
    await ensureDebianImage(h1.name, 'debian:bookworm-local')
    const conn = await connectSsh(h1)
    try {
      const result = await runContainer(dockerOverSsh(conn), 'debian:bookworm-local', [
        'cat',
        '/etc/debian_version'
      ])
      expect(result.code).toBe(0)
      expect(result.stdout).toMatch(/^12\.\d+\n$/)
    } finally {
      conn.end()
    }
  })
})
