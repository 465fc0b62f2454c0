// Runs in: main, CLI, headless server.
// One SSH login attempt, with the host key judged before any credential is sent (ssh2 checks the
// host key during key exchange, before authentication) and every failure turned into a distinct
// error that says what to do. Reconnects and sharing live in link.ts.
import type { Duplex } from 'node:stream'
import ssh2, { type Client, type ConnectConfig, type ServerHostKeyAlgorithm } from 'ssh2'
import { PierError } from '../errors'
import {
  hostKeyAlgorithms,
  judgeHostKey,
  presentedKey,
  type HostKeyVerdict,
  type PinnedKey,
  type PresentedKey
} from './host-key'

export interface AuthMaterial {
  privateKey?: string | Buffer
  passphrase?: string
  /** Path of the ssh-agent socket (SSH_AUTH_SOCK). */
  agent?: string
  password?: string
}

export interface ConnectTarget {
  host: string
  port: number
  username: string
  auth: AuthMaterial
  pinned: readonly PinnedKey[]
  /** Asked only for a key of a type never accepted before; a changed key is always refused. */
  acceptUnknown: (presented: PresentedKey) => boolean
  /** An already-open stream to the server's sshd (a ProxyJump channel). */
  sock?: Duplex
  readyTimeoutMs?: number
  /** Keepalive probe interval; a link is declared dead after KEEPALIVE_COUNT_MAX misses. */
  keepaliveIntervalMs?: number
}

export interface Connected {
  client: Client
  hostKey: PresentedKey
}

// Electron's BoringSSL has no chacha20-poly1305; AES-GCM is fast everywhere with AES-NI.
const CIPHERS = [
  'aes128-gcm@openssh.com',
  'aes256-gcm@openssh.com',
  'aes128-ctr',
  'aes192-ctr',
  'aes256-ctr'
] as const

export const KEEPALIVE_INTERVAL_MS = 15_000
export const KEEPALIVE_COUNT_MAX = 3

function where(t: ConnectTarget): string {
  return `${t.username}@${t.host}:${t.port}`
}

function classify(
  err: Error & { level?: string; code?: string },
  t: ConnectTarget,
  verdict: HostKeyVerdict | undefined,
  accepted: boolean
): PierError {
  if (verdict && !accepted) {
    if (verdict.kind === 'changed') {
      return new PierError(
        'host_key_changed',
        `The host key of ${t.host}:${t.port} has CHANGED: Pier accepted ${verdict.pinned.fingerprint}, the server now shows ${verdict.presented.fingerprint} (${verdict.presented.keyType}). Someone may be intercepting the connection, or the server was reinstalled.`,
        'Check the new fingerprint on the server itself (ssh-keygen -lf /etc/ssh/ssh_host_*_key.pub). Only if it matches, choose "I have verified the change" (pier server trust-key).',
        {
          cause: err,
          details: {
            keyType: verdict.presented.keyType,
            fingerprint: verdict.presented.fingerprint,
            pinnedFingerprint: verdict.pinned.fingerprint
          }
        }
      )
    }
    return new PierError(
      'host_key_unknown',
      `${t.host}:${t.port} presented a host key Pier has not seen: ${verdict.presented.keyType} ${verdict.presented.fingerprint}.`,
      'Compare it with `ssh-keygen -lf /etc/ssh/ssh_host_*_key.pub` on the server, then accept it (--accept-fingerprint with that value).',
      {
        cause: err,
        details: { keyType: verdict.presented.keyType, fingerprint: verdict.presented.fingerprint }
      }
    )
  }
  if (err.level === 'client-authentication') {
    return new PierError(
      'auth_failed',
      `${where(t)} refused every credential Pier offered.`,
      'Check the user name and that this key (or password) is allowed for it on the server, e.g. in ~/.ssh/authorized_keys.',
      { cause: err }
    )
  }
  switch (err.code) {
    case 'ECONNREFUSED':
      return new PierError(
        'connection_refused',
        `${t.host}:${t.port} refused the connection.`,
        'Check the port and that sshd runs on the server (and that no firewall rejects it).',
        { cause: err }
      )
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return new PierError(
        'dns_failed',
        `The name ${t.host} could not be resolved.`,
        'Check the spelling of the host name, or use its IP address.',
        { cause: err }
      )
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
    case 'ETIMEDOUT':
      return new PierError(
        'host_unreachable',
        `${t.host}:${t.port} cannot be reached (${err.code}).`,
        'Check the address and your network connection.',
        { cause: err }
      )
  }
  if (/timed out/i.test(err.message)) {
    return new PierError(
      'timeout',
      `${t.host}:${t.port} did not complete the SSH handshake in time.`,
      'Check the address and port; a firewall that drops packets looks like this.',
      { cause: err }
    )
  }
  return new PierError(
    'connection_lost',
    `SSH to ${where(t)} failed: ${err.message}`,
    'Check the server and your network, then try again.',
    { cause: err }
  )
}

export function connect(t: ConnectTarget): Promise<Connected> {
  const client = new ssh2.Client()
  let verdict: HostKeyVerdict | undefined
  let accepted = false
  return new Promise((resolve, reject) => {
    let settled = false
    client.once('ready', () => {
      settled = true
      // Without it, Nagle + delayed ACKs add ~40 ms to every small request over the connection.
      client.setNoDelay(true)
      resolve({ client, hostKey: (verdict as HostKeyVerdict).presented })
    })
    client.on('error', (err: Error & { level?: string; code?: string }) => {
      if (settled) return
      settled = true
      client.end()
      reject(classify(err, t, verdict, accepted))
    })
    client.once('close', () => {
      if (settled) return
      settled = true
      reject(
        classify(new Error('the connection closed during the handshake'), t, verdict, accepted)
      )
    })
    const config: ConnectConfig = {
      host: t.host,
      port: t.port,
      username: t.username,
      sock: t.sock as ConnectConfig['sock'],
      readyTimeout: t.readyTimeoutMs ?? 15_000,
      keepaliveInterval: t.keepaliveIntervalMs ?? KEEPALIVE_INTERVAL_MS,
      keepaliveCountMax: KEEPALIVE_COUNT_MAX,
      algorithms: {
        cipher: [...CIPHERS],
        serverHostKey: hostKeyAlgorithms(t.pinned) as ServerHostKeyAlgorithm[]
      },
      hostVerifier: (key: Buffer): boolean => {
        verdict = judgeHostKey(presentedKey(key), t.pinned)
        accepted =
          verdict.kind === 'match' ||
          (verdict.kind === 'unknown' && t.acceptUnknown(verdict.presented))
        return accepted
      },
      ...(t.auth.privateKey !== undefined
        ? { privateKey: t.auth.privateKey, passphrase: t.auth.passphrase }
        : {}),
      ...(t.auth.agent ? { agent: t.auth.agent } : {}),
      ...(t.auth.password !== undefined ? { password: t.auth.password, tryKeyboard: true } : {})
    }
    if (t.auth.password !== undefined) {
      client.on('keyboard-interactive', (_name, _instr, _lang, prompts, finish) => {
        finish(prompts.map(() => t.auth.password as string))
      })
    }
    try {
      client.connect(config)
    } catch (err) {
      settled = true
      reject(classify(err as Error, t, verdict, accepted))
    }
  })
}
