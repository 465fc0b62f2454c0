import { execFileSync } from 'node:child_process'
import { describe, expect, it } from 'vitest'
import { shJoin, shQuote, validateName } from '../../main/core/ssh/quote'
import { PierError } from '../../main/core/errors'
import { HOSTILE } from '../support/hostile'

// The real test of quoting is a real shell: each hostile value must come back byte for byte.
function throughShell(command: string): string {
  return execFileSync('/bin/sh', ['-c', command], { encoding: 'utf8' })
}

describe('shQuote', () => {
  it.each(HOSTILE.map((v) => [v.length > 40 ? `${v.slice(0, 20)}…(${v.length})` : v, v]))(
    'round-trips %j literally through /bin/sh',
    (_label, value) => {
      expect(throughShell(`printf '%s' ${shQuote(value)}`)).toBe(value)
    }
  )

  it('keeps safe words bare and quotes everything else', () => {
    expect(shQuote('docker')).toBe('docker')
    expect(shQuote('/var/run/docker.sock')).toBe('/var/run/docker.sock')
    expect(shQuote('a b')).toBe("'a b'")
    expect(shQuote("it's")).toBe("'it'\\''s'")
    expect(shQuote('')).toBe("''")
    expect(shQuote('A=b')).toBe("'A=b'")
    expect(throughShell(shJoin(['A=b']) + ' 2>&1; echo "rc=$?"')).toMatch(/not found[\s\S]*rc=127/)
  })

  it('refuses NUL, which no shell argument can carry', () => {
    expect(() => shQuote('a\0b')).toThrow(PierError)
  })

  it('joins an argv so that each element stays one argument', () => {
    const argv = ['printf', '%s|', ...HOSTILE.slice(0, 12)]
    const expected = HOSTILE.slice(0, 12)
      .map((v) => `${v}|`)
      .join('')
    expect(throughShell(shJoin(argv))).toBe(expected)
  })
})

describe('validateName', () => {
  it('accepts ordinary names', () => {
    for (const ok of ['web', 'api-2', 'db_main', 'a.b', '0day'])
      expect(validateName('app', ok)).toBe(ok)
  })

  it.each(HOSTILE.map((v) => [v.slice(0, 30), v]))('rejects %j with a hint', (_l, value) => {
    try {
      validateName('app', value)
      expect.unreachable(`accepted ${JSON.stringify(value)}`)
    } catch (err) {
      expect(err).toBeInstanceOf(PierError)
      expect((err as PierError).code).toBe('invalid_input')
      expect((err as PierError).hint).toMatch(/letters/)
      expect((err as PierError).message.length).toBeLessThan(200)
    }
  })

  it('rejects ".." and names longer than 63', () => {
    expect(() => validateName('app', 'a..b')).toThrow(PierError)
    expect(() => validateName('app', 'a'.repeat(64))).toThrow(PierError)
  })
})
