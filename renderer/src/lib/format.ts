// Runs in: renderer.
// Display formatting for server fields. Pure functions, so the table and its tests agree.
import type { ServerSummary } from '../../../main/api/contract'

/** `host:port`, with IPv6 literals bracketed as ssh and URLs write them. */
export function formatAddress(host: string, port: number): string {
  const h = host.includes(':') && !host.startsWith('[') ? `[${host}]` : host
  return `${h}:${port}`
}

const AUTH_LABELS: Record<ServerSummary['authMethod'], string> = {
  agent: 'SSH agent',
  key: 'Stored key',
  keyfile: 'Key file',
  password: 'Password'
}

export function authLabel(method: ServerSummary['authMethod']): string {
  return AUTH_LABELS[method]
}

/**
 * `SHA256:AbCdEfGh…wXyZ`: enough of both ends to compare at a glance; the table puts the full
 * value in a tooltip, because a fingerprint is only checked properly in full.
 */
export function shortenFingerprint(fingerprint: string, head = 8, tail = 4): string {
  const colon = fingerprint.indexOf(':')
  const prefix = colon >= 0 ? fingerprint.slice(0, colon + 1) : ''
  const body = fingerprint.slice(prefix.length)
  if (body.length <= head + tail + 1) return fingerprint
  return `${prefix}${body.slice(0, head)}…${body.slice(-tail)}`
}

/** `ssh-ed25519` → `ED25519`, the way `ssh-keygen -l` names key types. */
export function keyTypeLabel(type: string | null): string {
  if (!type) return ''
  return type
    .replace(/^ssh-/, '')
    .replace(/^ecdsa-sha2-nistp(\d+)$/, 'ECDSA-$1')
    .toUpperCase()
}

/** `deploy@web.example.net:22`: the login as a person would type it for ssh. */
export function formatLogin(user: string, host: string, port: number): string {
  return `${user}@${formatAddress(host, port)}`
}

/**
 * The .pub file on the server whose `ssh-keygen -lf` output matches a host key of this type, so
 * the instruction names the right file instead of a glob the user has to pick from.
 */
export function hostKeyFile(keyType: string | null): string {
  if (!keyType) return '/etc/ssh/ssh_host_ed25519_key.pub'
  if (keyType.includes('ed25519')) return '/etc/ssh/ssh_host_ed25519_key.pub'
  if (keyType.startsWith('ecdsa')) return '/etc/ssh/ssh_host_ecdsa_key.pub'
  if (keyType.includes('rsa')) return '/etc/ssh/ssh_host_rsa_key.pub'
  return `/etc/ssh/ssh_host_*_key.pub`
}

/** Whole and tenth milliseconds, as ping prints them. */
export function formatLatency(ms: number): string {
  return ms < 10 ? `${ms.toFixed(1)} ms` : `${Math.round(ms)} ms`
}

const KB_PER_MB = 1024
const KB_PER_GB = 1024 * 1024

export function formatKb(kb: number | null): string {
  if (kb === null) return 'unknown'
  if (kb >= KB_PER_GB) return `${(kb / KB_PER_GB).toFixed(1)} GB`
  return `${Math.round(kb / KB_PER_MB)} MB`
}

/**
 * The size `ssh-keygen -l` prints first for a key of this type, for the example line next to a
 * fingerprint; empty when the type alone does not tell (RSA keys come in many sizes).
 */
export function keyBits(keyType: string | null): string {
  if (!keyType) return ''
  if (keyType.includes('ed25519')) return '256'
  const ecdsa = /^ecdsa-sha2-nistp(\d+)$/.exec(keyType)
  return ecdsa?.[1] ?? ''
}
