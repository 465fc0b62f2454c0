// Stack input rules: names, compose service names, the env-file format (literal values), and
// the parser for what stack-ps.sh prints.
import { describe, expect, it } from 'vitest'
import type { PierError } from '../../main/core/errors'
import { composeServices, rebaseTemplateFiles } from '../../main/core/stacks/compose'
import { formatEnvFile, parseEnvFile } from '../../main/core/stacks/env-file'
import { parseStackPs, stackName, statusOf } from '../../main/core/stacks/model'
import { HOSTILE } from '../support/hostile'

const err = (fn: () => unknown): PierError => {
  try {
    fn()
  } catch (e) {
    return e as PierError
  }
  throw new Error('expected an error')
}

describe('stack names', () => {
  it('accepts short lowercase names and refuses every hostile one', () => {
    expect(stackName.parse('shop-2')).toBe('shop-2')
    for (const bad of [...HOSTILE, 'Shop', '2shop', 'shop-', 'a_b', 'a'.repeat(41)])
      expect(stackName.safeParse(bad).success, JSON.stringify(bad.slice(0, 20))).toBe(false)
  })
})

describe('compose services', () => {
  it('lists the service names of a valid file', () => {
    expect(
      composeServices('services:\n  web: {image: busybox}\n  db.main:\n    image: x\n', 's')
    ).toEqual(['web', 'db.main'])
  })

  it('refuses hostile service names, non-maps, no services, bad YAML and long names', () => {
    for (const bad of HOSTILE.filter((h) => !h.includes('\n') && h !== '')) {
      const yaml = `services:\n  ${JSON.stringify(bad)}:\n    image: busybox\n`
      // Rejected either way: as a name, or (a 10,000-character key) by the YAML parser.
      expect(err(() => composeServices(yaml, 's')).message).toMatch(/service name|not valid YAML/)
    }
    expect(
      err(() => composeServices(`services:\n  ${'a'.repeat(60)}:\n    image: x\n`, 'stack')).hint
    ).toContain('63')
    expect(err(() => composeServices('services: {}\n', 's')).message).toContain('no services')
    expect(err(() => composeServices('version: "3"\n', 's')).message).toContain('no services')
    expect(err(() => composeServices('services:\n  web: busybox\n', 's')).message).toContain(
      'not a map'
    )
    expect(err(() => composeServices('services:\n  web: [\n', 's')).message).toContain(
      'not valid YAML'
    )
    expect(err(() => composeServices('services:\n  a: {}\n  a: {}\n', 's')).message).toContain(
      'not valid YAML'
    )
  })

  it('moves Dokploy ../files/ bind sources next to the compose file, keeping comments', () => {
    const src =
      '# keep me\nservices:\n  web:\n    image: x # and me\n    volumes:\n      - ../files/a.conf:/a.conf\n      - data:/data\n'
    const out = rebaseTemplateFiles(src)
    expect(out).toContain('- ./files/a.conf:/a.conf')
    expect(out).toContain('- data:/data')
    expect(out).toContain('# keep me')
    expect(out).toContain('# and me')
    expect(rebaseTemplateFiles('services:\n  web: {image: x}\n')).toBe(
      'services:\n  web: {image: x}\n'
    )
  })
})

describe('env files', () => {
  it('values are literal to the end of the line: quotes, #, $, spaces', () => {
    const text = [
      '# a comment',
      '',
      'A=it\'s "quoted" # not a comment',
      'B=$HOME ${X} $(id) `id`',
      '  export C= spaced  ',
      'D=',
      'E=a=b'
    ].join('\n')
    expect(parseEnvFile(text)).toEqual({
      A: 'it\'s "quoted" # not a comment',
      B: '$HOME ${X} $(id) `id`',
      C: ' spaced  ',
      D: '',
      E: 'a=b'
    })
  })

  it('round-trips every one-line hostile value exactly', () => {
    const env = Object.fromEntries(
      HOSTILE.filter((h) => !/[\r\n\0]/.test(h)).map((v, i) => [`V${i}`, v])
    )
    expect(parseEnvFile(formatEnvFile(env))).toEqual(env)
  })

  it('refuses lines without "=", bad names, reserved names and values spanning lines', () => {
    expect(err(() => parseEnvFile('JUSTNAME')).message).toContain('line 1')
    expect(err(() => parseEnvFile('OK=1\n$(id)=x')).message).toContain('line 2')
    expect(err(() => parseEnvFile('PIER_X=1')).code).toBe('invalid_input')
    expect(err(() => formatEnvFile({ A: 'two\nlines' })).message).toContain('spans lines')
    expect(err(() => formatEnvFile({ 'A B': 'x' })).code).toBe('invalid_input')
  })
})

describe('stack-ps output', () => {
  it('reads services, replicas and the stopped mark', () => {
    const ps = parseStackPs(
      [
        'service shop web replicated 1/1',
        'service shop worker replicated 0/2 (max 1 per node)',
        'stopped idle',
        'service idle app replicated 0/0',
        'service glob agent global 1/1',
        ''
      ].join('\n')
    )
    const shop = ps.get('shop')
    expect(shop?.services).toEqual([
      { name: 'web', mode: 'replicated', running: 1, desired: 1 },
      { name: 'worker', mode: 'replicated', running: 0, desired: 2 }
    ])
    expect(statusOf(false, shop?.services ?? [])).toBe('starting')
    expect(statusOf(true, ps.get('idle')?.services ?? [])).toBe('stopped')
    expect(statusOf(false, ps.get('glob')?.services ?? [])).toBe('running')
    expect(statusOf(false, [])).toBe('down')
  })
})
