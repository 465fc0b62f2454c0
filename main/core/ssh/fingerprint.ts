// Runs in: main, CLI, headless server.
// Host-key fingerprints exactly as OpenSSH prints them (`ssh-keygen -lf`): "SHA256:" and the
// unpadded base64 of the SHA-256 of the key blob. Users compare these by eye with what their
// provider or `ssh-keygen` shows, so the format must match to the character.
import { createHash } from 'node:crypto'

export function sha256Fingerprint(keyBlob: Buffer): string {
  return `SHA256:${createHash('sha256').update(keyBlob).digest('base64').replace(/=+$/, '')}`
}

/** The key type named inside an SSH public key blob (its first length-prefixed string). */
export function keyTypeOf(keyBlob: Buffer): string {
  if (keyBlob.length < 4) throw new Error('key blob too short')
  const len = keyBlob.readUInt32BE(0)
  if (len === 0 || len > 64 || keyBlob.length < 4 + len) throw new Error('malformed key blob')
  return keyBlob.subarray(4, 4 + len).toString('ascii')
}
