// Runs in: main, CLI, headless server.
// The host-key decision, kept apart from ssh2 so every case is unit-tested: a key is trusted only
// when it equals one the user accepted for that type. A different key of a known type is a hard
// stop; a type never seen before is "unknown" and needs the user's yes, like a first contact.
import { keyTypeOf, sha256Fingerprint } from './fingerprint'

export interface PinnedKey {
  keyType: string
  fingerprint: string
}

export interface PresentedKey extends PinnedKey {
  /** The raw SSH public key blob, base64. */
  blob: string
}

export type HostKeyVerdict =
  | { kind: 'match'; presented: PresentedKey }
  | { kind: 'unknown'; presented: PresentedKey }
  | { kind: 'changed'; presented: PresentedKey; pinned: PinnedKey }

export function presentedKey(blob: Buffer): PresentedKey {
  return {
    keyType: keyTypeOf(blob),
    fingerprint: sha256Fingerprint(blob),
    blob: blob.toString('base64')
  }
}

export function judgeHostKey(
  presented: PresentedKey,
  pinned: readonly PinnedKey[]
): HostKeyVerdict {
  const sameType = pinned.find((p) => p.keyType === presented.keyType)
  if (!sameType) return { kind: 'unknown', presented }
  if (sameType.fingerprint === presented.fingerprint) return { kind: 'match', presented }
  return { kind: 'changed', presented, pinned: sameType }
}

/** Host-key algorithms to offer, the pinned types first, so a known server shows a known key. */
export function hostKeyAlgorithms(pinned: readonly PinnedKey[]): string[] {
  const all = [
    'ssh-ed25519',
    'ecdsa-sha2-nistp256',
    'ecdsa-sha2-nistp384',
    'ecdsa-sha2-nistp521',
    'rsa-sha2-512',
    'rsa-sha2-256',
    'ssh-rsa'
  ]
  // An "ssh-rsa" key blob is offered under the rsa-sha2-* signature algorithms.
  const algsFor = (type: string): string[] =>
    type === 'ssh-rsa' ? ['rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa'] : [type]
  const first = pinned.flatMap((p) => algsFor(p.keyType)).filter((a) => all.includes(a))
  return [...new Set([...first, ...all])]
}
