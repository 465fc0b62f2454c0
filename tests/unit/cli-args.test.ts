import { describe, expect, it } from 'vitest'
import { flagsToInput, parseArgs, UsageError } from '../../main/cli/args'
import { methodFor } from '../../main/cli/commands'
import { human, table } from '../../main/cli/format'

describe('parseArgs', () => {
  it('separates words, global flags and command flags', () => {
    const isBool = (n: string) => n === 'follow'
    expect(
      parseArgs(['server', 'list', '--json', '--home', '/x', '--tail', '50', '--follow'], isBool)
    ).toEqual({
      words: ['server', 'list'],
      json: true,
      home: '/x',
      help: false,
      version: false,
      flags: { tail: '50', follow: true }
    })
    expect(parseArgs(['--home=/y', 'a', '--', '--not-a-flag']).words).toEqual(['a', '--not-a-flag'])
    // A boolean flag before the command words does not swallow one of them.
    expect(parseArgs(['--follow', 'docker', 'logs'], isBool)).toMatchObject({
      words: ['docker', 'logs'],
      flags: { follow: true }
    })
    expect(parseArgs(['--follow=false'], isBool).flags).toEqual({ follow: false })
  })

  it("takes --VALUE after a command as the command's --version, alone as Pier's version", () => {
    expect(parseArgs(['db', 'create', 'x', '--version', '16'])).toMatchObject({
      version: false,
      flags: { version: '16' }
    })
    expect(parseArgs(['db', 'create', 'x', '--version=8.4']).flags).toEqual({ version: '8.4' })
    expect(parseArgs(['--version']).version).toBe(true)
    expect(parseArgs(['--version', 'db']).version).toBe(true)
    expect(parseArgs(['db', 'list', '--version']).version).toBe(true)
    expect(parseArgs(['db', 'list', '--version', '--json']).version).toBe(true)
  })

  it('rejects malformed options with a usage error', () => {
    expect(() => parseArgs(['-x'])).toThrow(UsageError)
    expect(() => parseArgs(['--home'])).toThrow(/needs a value/)
    expect(() => parseArgs(['--$(id)'])).toThrow(UsageError)
    expect(() => parseArgs(['--home='])).toThrow(/needs a folder/)
    expect(() => parseArgs(['--port'])).toThrow(/needs a value/)
    expect(() => parseArgs(['--follow=yes'], (n) => n === 'follow')).toThrow(/takes no value/)
  })

  it('maps kebab-case flags to camelCase input fields', () => {
    expect(flagsToInput({ 'dry-run': true, 'max-age2': '3' })).toEqual({
      dryRun: true,
      maxAge2: '3'
    })
  })

  it('maps words to contract methods', () => {
    expect(methodFor(['server', 'list'])).toBe('server.list')
    expect(methodFor(['server'])).toBeUndefined()
    expect(methodFor(['__proto__', 'x'])).toBeUndefined()
  })
})

describe('format', () => {
  it('aligns tables and neutralises control characters', () => {
    const out = table(
      [{ a: 'x\u001b[2Jy', b: null }],
      [
        ['a', 'A'],
        ['b', 'B']
      ]
    )
    expect(out.split('\n')).toEqual(['A       B', 'x�[2Jy  -'])
    expect(human([])).toBe('(none)')
    expect(human({ k: 1, long: 'v' })).toBe('k:    1\nlong: v')
  })
})
