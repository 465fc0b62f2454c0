import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { keyTypeOf, sha256Fingerprint } from '../../main/core/ssh/fingerprint'
import { tmpDir } from '../support/tmp'

describe('sha256Fingerprint', () => {
  it.each(['ed25519', 'ecdsa', 'rsa'])('matches ssh-keygen -lf for a %s key', (type) => {
    const dir = tmpDir()
    const file = path.join(dir, 'k')
    execFileSync('ssh-keygen', ['-q', '-t', type, '-N', '', '-f', file])
    const pub = fs.readFileSync(`${file}.pub`, 'utf8').trim().split(/\s+/)
    const blob = Buffer.from(pub[1] as string, 'base64')
    const expected = execFileSync('ssh-keygen', ['-lf', `${file}.pub`], { encoding: 'utf8' }).split(
      /\s+/
    )[1]
    expect(sha256Fingerprint(blob)).toBe(expected)
    expect(keyTypeOf(blob)).toBe(pub[0])
  })

  it('refuses malformed blobs', () => {
    expect(() => keyTypeOf(Buffer.alloc(2))).toThrow()
    expect(() => keyTypeOf(Buffer.from([0, 0, 1, 0, 65]))).toThrow()
  })
})
