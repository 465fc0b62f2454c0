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
