// Runs in a vitest worker (integration project): the harness's credentials and sshd knobs that the
// Servers feature tests build on — RSA and passphrase-protected client keys, password logins on
// demand, host key rotation, extra host key types, and OpenSSH's per-connection session limit.
// Every change to a host's sshd is undone in afterAll, so later files meet the hosts as `up` made
// them.
import { readFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import ssh2, { type Client, type ClientChannel } from 'ssh2'
import { afterAll, describe, expect, it } from 'vitest'
import {
  addHostKey,
  connectSsh,
  execOn,
  hostNamed,
  hostsOrSkip,
  rekeyHost,
  restoreHostKey,
  setPasswordAuth,
  sshFingerprint,
  type TestHost
} from './support'

const hosts = hostsOrSkip()

/** The fingerprint of a client key file's public half. */
async function clientKeyFingerprint(path: string, passphrase?: string): Promise<string> {
  const key = ssh2.utils.parseKey(await readFile(path), passphrase)
  if (key instanceof Error) throw key
  if (Array.isArray(key)) throw new Error(`${path} holds several keys`)
  return sshFingerprint(key.getPublicSSH())
}

/** The lines of the host's sshd log (sshd -e, CRLF), which sits next to its host key files. */
async function sshdLog(host: TestHost): Promise<string[]> {
  const text = await readFile(join(dirname(host.hostPublicKeyPath), 'sshd.log'), 'utf8')
  return text.split(/\r?\n/)
}

/**
 * Waits for sshd's "Accepted publickey ... ssh2: RSA SHA256:..." line (LogLevel VERBOSE) for
 * this key, proving which key the server saw; returns the key type it names.
 */
async function acceptedKeyType(host: TestHost, fingerprint: string): Promise<string | undefined> {
  for (let i = 0; i < 20; i++) {
    const match = (await sshdLog(host))
      .map((line) => /^Accepted publickey for \S+ from .* ssh2: (\S+) (\S+)$/.exec(line))
      .find((m) => m?.[2] === fingerprint)
    if (match) return match[1]
    await sleep(100)
  }
  return undefined
}

async function whoami(conn: Client): Promise<string> {
  const { stdout, code } = await execOn(conn, 'id -un')
  expect(code).toBe(0)
  return stdout.trim()
}

/** Opens a session channel running `cat`, which lives until we send EOF. */
function openCat(conn: Client): Promise<ClientChannel> {
  return new Promise((resolve, reject) => {
    conn.exec('cat', (error, stream) => (error ? reject(error) : resolve(stream)))
  })
}

function closeCat(stream: ClientChannel): Promise<void> {
  return new Promise((resolve) => {
    stream.on('close', () => resolve())
    stream.resume()
    stream.end()
  })
}

describe.skipIf(hosts.length === 0)('test host credentials and sshd knobs', () => {
  describe('client keys', () => {
    for (const host of hosts) {
      // OpenSSH 9 refuses ssh-rsa (SHA-1) signatures: a login proves rsa-sha2-256/512.
      it(`${host.name}: the RSA 3072 key logs in`, async () => {
        const conn = await connectSsh(host, { privateKeyPath: host.rsaPrivateKeyPath })
        try {
          expect(await whoami(conn)).toBe(host.username)
        } finally {
          conn.end()
        }
        const fp = await clientKeyFingerprint(host.rsaPrivateKeyPath)
        expect(await acceptedKeyType(host, fp)).toBe('RSA')
      })

      it(`${host.name}: the encrypted ed25519 key logs in with its passphrase only`, async () => {
        const opts = { privateKeyPath: host.encryptedKeyPath }
        const conn = await connectSsh(host, { ...opts, passphrase: host.keyPassphrase })
        try {
          expect(await whoami(conn)).toBe(host.username)
        } finally {
          conn.end()
        }
        const fp = await clientKeyFingerprint(host.encryptedKeyPath, host.keyPassphrase)
        expect(fp).not.toBe(await clientKeyFingerprint(host.privateKeyPath))
        expect(await acceptedKeyType(host, fp)).toBe('ED25519')

        await expect(connectSsh(host, opts)).rejects.toThrow(/no passphrase given/i)
        await expect(connectSsh(host, { ...opts, passphrase: 'wrong' })).rejects.toThrow(
          /bad passphrase/i
        )
      })
    }
  })

  describe('password auth (h2)', () => {
    afterAll(async () => {
      if (hosts.length > 0) await setPasswordAuth('h2', false)
    })

    it('is refused by default, accepted after password-auth on, refused after off', async () => {
      const host = hostNamed(hosts, 'h2')
      const refused = /all configured authentication methods failed/i
      // The right password: only sshd's PasswordAuthentication stands in the way.
      await expect(connectSsh(host, { password: host.password })).rejects.toThrow(refused)

      await setPasswordAuth('h2', true)
      const conn = await connectSsh(host, { password: host.password })
      try {
        expect(await whoami(conn)).toBe(host.username)
      } finally {
        conn.end()
      }
      await expect(connectSsh(host, { password: `${host.password}x` })).rejects.toThrow(refused)
      // Keys still work while passwords are on.
      const byKey = await connectSsh(host)
      expect(await whoami(byKey)).toBe(host.username)
      byKey.end()

      await setPasswordAuth('h2', false)
      await expect(connectSsh(host, { password: host.password })).rejects.toThrow(refused)
      // The other host never had it on.
      const h1 = hostNamed(hosts, 'h1')
      await expect(connectSsh(h1, { password: h1.password })).rejects.toThrow(refused)
    })
  })

  describe('host keys (h1)', () => {
    afterAll(async () => {
      if (hosts.length > 0) await restoreHostKey('h1')
    })

    it('rekey: pinned clients refuse the new key; --restore brings the old one back', async () => {
      const original = hostNamed(hosts, 'h1')
      let served: Buffer | undefined
      const onHostKey = (key: Buffer): void => {
        served = key
      }
      const before = await connectSsh(original)

      const rekeyed = await rekeyHost('h1')
      expect(rekeyed.hostKeyFingerprint).not.toBe(original.hostKeyFingerprint)
      expect(rekeyed.hostPublicKey).not.toBe(original.hostPublicKey)
      // Only the key changed; its file is rewritten in place.
      expect({ ...rekeyed, hostPublicKey: '', hostKeyFingerprint: '' }).toEqual({
        ...original,
        hostPublicKey: '',
        hostKeyFingerprint: ''
      })
      // A client pinned to the old key sees the new one in the handshake and refuses it.
      await expect(connectSsh(original, { onHostKey })).rejects.toThrow(/verification failed/i)
      expect(served && sshFingerprint(served)).toBe(rekeyed.hostKeyFingerprint)
      const conn = await connectSsh(rekeyed)
      expect(await whoami(conn)).toBe(original.username)
      conn.end()
      // The session from before the restart of sshd lives on, as with a real sshd.
      expect(await execOn(before, 'echo alive')).toMatchObject({ stdout: 'alive\n', code: 0 })
      before.end()

      // Rekeying again gives yet another key; --restore still goes back to the first.
      const again = await rekeyHost('h1')
      expect(again.hostKeyFingerprint).not.toBe(rekeyed.hostKeyFingerprint)
      expect(again.hostKeyFingerprint).not.toBe(original.hostKeyFingerprint)

      expect(await restoreHostKey('h1')).toEqual(original)
      served = undefined
      ;(await connectSsh(original, { onHostKey })).end()
      expect(served && sshFingerprint(served)).toBe(original.hostKeyFingerprint)
    })

    it('add-hostkey: clients asking for that key type get it; restore drops it', async () => {
      const host = hostNamed(hosts, 'h1')
      let served: Buffer | undefined
      const onHostKey = (key: Buffer): void => {
        served = key
      }
      const ecdsaOnly = { serverHostKey: ['ecdsa-sha2-nistp256' as const] }
      const noMatch = /no matching host key format/i
      await expect(connectSsh(host, { algorithms: ecdsaOnly })).rejects.toThrow(noMatch)

      const ecdsa = await addHostKey('h1', 'ecdsa')
      expect(ecdsa).toMatchObject({ name: 'h1', type: 'ecdsa', keyType: 'ecdsa-sha2-nistp256' })
      const conn = await connectSsh(host, {
        algorithms: ecdsaOnly,
        hostPublicKey: ecdsa.publicKey,
        onHostKey
      })
      conn.end()
      expect(served && sshFingerprint(served)).toBe(ecdsa.fingerprint)
      // Pinned to the ed25519 key, that client meets an unknown key of a known host.
      await expect(connectSsh(host, { algorithms: ecdsaOnly })).rejects.toThrow(
        /verification failed/i
      )
      // ssh2's default preference still picks ed25519, so other files are unaffected meanwhile.
      ;(await connectSsh(host, { onHostKey })).end()
      expect(served && sshFingerprint(served)).toBe(host.hostKeyFingerprint)
      // Adding the same type again keeps the key.
      expect(await addHostKey('h1', 'ecdsa')).toEqual(ecdsa)

      const rsa = await addHostKey('h1', 'rsa')
      expect(rsa.keyType).toBe('ssh-rsa')
      for (const algorithm of ['rsa-sha2-512', 'rsa-sha2-256'] as const) {
        served = undefined
        const c = await connectSsh(host, {
          algorithms: { serverHostKey: [algorithm] },
          hostPublicKey: rsa.publicKey,
          onHostKey
        })
        c.end()
        expect(served && sshFingerprint(served)).toBe(rsa.fingerprint)
      }

      expect(await restoreHostKey('h1')).toEqual(host)
      await expect(connectSsh(host, { algorithms: ecdsaOnly })).rejects.toThrow(noMatch)
    })
  })

  it('MaxSessions 10: an 11th concurrent session on one connection is refused', async () => {
    // Why Pier needs a channel budget per connection: OpenSSH's default allows 10 sessions.
    const host = hostNamed(hosts, 'h2')
    const conn = await connectSsh(host)
    try {
      const opens = await Promise.allSettled(Array.from({ length: 11 }, () => openCat(conn)))
      const open = opens.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []))
      const failed = opens.flatMap((r) => (r.status === 'rejected' ? [r.reason as Error] : []))
      expect(open).toHaveLength(10)
      expect(failed).toHaveLength(1)
      expect(failed[0]?.message).toBe('(SSH) Channel open failure: open failed')

      expect(await sshdLog(host)).toContain('no more sessions')

      // The limit counts open sessions: closing one frees a slot, but not at once. sshd frees the
      // session when it garbage-collects the closed channel, after it handled the packets that
      // arrived with our CHANNEL_CLOSE: an open sent right after ssh2's 'close' event can still
      // be refused (seen in about 1 of 5 tries). A channel budget must not count on that slot.
      const [first, ...rest] = open
      await closeCat(first as ClientChannel)
      let eleventh: ClientChannel | undefined
      for (let i = 0; i < 50 && !eleventh; i++) {
        eleventh = await openCat(conn).catch(() => sleep(20).then(() => undefined))
      }
      if (!eleventh) throw new Error('no session slot came free after closing a channel')
      await expect(openCat(conn)).rejects.toThrow(/open failed/)
      await Promise.all([...rest, eleventh].map(closeCat))
      // The connection itself never suffered.
      expect(await execOn(conn, 'echo ok')).toMatchObject({ stdout: 'ok\n', code: 0 })
    } finally {
      conn.end()
    }
  })
})
