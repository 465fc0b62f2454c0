// Domains and the proxy's Caddyfile: what a user may type (DNS names, IDNs as punycode, path
// prefixes), what the renderer refuses even when a caller skips those checks, and the file's shape.
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { flagsOf } from '../../main/cli/commands'
import { renderCaddyfile, RenderError, type Route } from '../../main/core/proxy/caddyfile'
import { combinedPem } from '../../main/core/proxy/certificate'
import { normalizeDomain, normalizePath } from '../../main/core/proxy/service'

const HOSTILE_DOMAINS = [
  'a.test; rm -rf /',
  'a.test{',
  'a}.test',
  'a.test\nb.test',
  'a .test',
  '"a.test"',
  '$(id).test',
  '`id`.test',
  '../etc/passwd',
  '*.example.com',
  'a..test',
  '-a.test',
  'a-.test',
  'localhost',
  '192.168.1.10',
  `${'a'.repeat(64)}.test`,
  `${'abcdefghi.'.repeat(26)}test`,
  '{$HOME}.test',
  'a.test#comment',
  ''
]

const HOSTILE_PATHS = [
  'api',
  '/a b',
  '/a;b',
  '/a{b}',
  '/a\nb',
  '/../etc',
  '/a/./b',
  '/$(id)',
  '/`id`',
  '/a"b',
  `/${'a'.repeat(250)}`,
  '/a//b',
  '/a#b',
  '/a*'
]

const route = (over: Partial<Route> = {}): Route => ({
  domain: 'app.example.com',
  path: '/',
  tls: 'auto',
  service: 'web_app',
  port: 80,
  ...over
})

describe('domain and path input', () => {
  it('keeps DNS names lowercase, without a trailing dot, and IDNs as punycode', () => {
    expect(normalizeDomain('App.Example.COM.')).toBe('app.example.com')
    expect(normalizeDomain(' shop.test ')).toBe('shop.test')
    expect(normalizeDomain('bücher.example')).toBe('xn--bcher-kva.example')
    expect(normalizeDomain('app.203.0.113.7.sslip.io')).toBe('app.203.0.113.7.sslip.io')
  })

  it.each(HOSTILE_DOMAINS)('refuses the domain %j with a clear message', (d) => {
    expect(() => normalizeDomain(d)).toThrow(/is not a domain: .+/)
  })

  it('says why: wildcards, IP addresses and long labels each get their own reason', () => {
    expect(() => normalizeDomain('*.example.com')).toThrow(/Wildcard/)
    expect(() => normalizeDomain('10.0.0.1')).toThrow(/IP addresses/)
    expect(() => normalizeDomain(`${'a'.repeat(64)}.test`)).toThrow(/1-63 characters/)
  })

  it('keeps path prefixes plain, dropping one trailing slash', () => {
    expect(normalizePath(undefined)).toBe('/')
    expect(normalizePath('/')).toBe('/')
    expect(normalizePath('/api/')).toBe('/api')
    expect(normalizePath('/v1/users-2_x.y~z')).toBe('/v1/users-2_x.y~z')
  })

  it.each(HOSTILE_PATHS)('refuses the path %j with a clear message', (p) => {
    expect(() => normalizePath(p)).toThrow(/is not a path prefix: .+/)
  })
})

describe('the Caddyfile', () => {
  it('renders one site per domain with its TLS mode, longest prefix first, catch-all last', () => {
    const text = renderCaddyfile([
      route({ domain: 'b.test', tls: 'internal', service: 'site_app', port: 8080 }),
      route({ domain: 'b.test', path: '/api', tls: 'internal', service: 'api_app' }),
      route({ domain: 'b.test', path: '/api/v2', tls: 'internal', service: 'v2_app' }),
      route({ domain: 'a.test', tls: 'custom' })
    ])
    expect(text.indexOf('a.test {')).toBeLessThan(text.indexOf('b.test {'))
    expect(text).toContain(
      '\ttls /etc/pier-proxy/certs/a.test.pem /etc/pier-proxy/certs/a.test.pem\n'
    )
    const b = text.slice(text.indexOf('b.test {'))
    expect(b).toMatch(/^b\.test \{\n\ttls internal\n/)
    const order = ['path /api/v2 /api/v2/*', 'path /api /api/*', '\thandle {\n']
    const at = order.map((s) => b.indexOf(s))
    expect(at.every((i) => i > 0)).toBe(true)
    expect([...at].sort((x, y) => x - y)).toEqual(at)
    expect(b).toContain('name site_app\n\t\t\t\tport 8080')
    expect(b).toContain('dynamic a {')
    expect(b).toContain('lb_try_duration 15s')
    // A domain with only prefixes answers 404 elsewhere instead of an empty 200.
    const onlyPrefix = renderCaddyfile([route({ path: '/api' })])
    expect(onlyPrefix).toContain('\thandle {\n\t\trespond 404\n\t}')
  })

  it('is the same text for the same routes in any order, and has a global block without domains', () => {
    const rs = [route({ domain: 'x.test' }), route({ domain: 'y.test', path: '/p' })]
    expect(renderCaddyfile(rs)).toBe(renderCaddyfile([...rs].reverse()))
    const empty = renderCaddyfile([])
    expect(empty).toContain('{\n\tskip_install_trust\n}\n')
    expect(empty).not.toContain('reverse_proxy')
  })

  it.each(HOSTILE_DOMAINS)(
    'refuses to render the domain %j even if a caller skipped the checks',
    (d) => {
      expect(() => renderCaddyfile([route({ domain: d })])).toThrow(RenderError)
    }
  )

  it.each(HOSTILE_PATHS)('refuses to render the path %j', (p) => {
    expect(() => renderCaddyfile([route({ path: p })])).toThrow(RenderError)
  })

  it('refuses bad service names and ports, and one domain with two TLS modes', () => {
    for (const service of ['web', 'web_app\n}', 'Web_app', 'web_app {'])
      expect(() => renderCaddyfile([route({ service })])).toThrow(RenderError)
    for (const port of [0, 65536, 1.5, Number.NaN])
      expect(() => renderCaddyfile([route({ port })])).toThrow(RenderError)
    expect(() => renderCaddyfile([route(), route({ path: '/x', tls: 'internal' })])).toThrow(
      /different TLS modes/
    )
  })
})

describe('custom certificates', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pier-cert-'))
  const make = (name: string, cn: string): { cert: string; key: string } => {
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:P-256',
        '-nodes',
        '-subj',
        `/CN=${cn}`,
        '-addext',
        `subjectAltName=DNS:${cn}`,
        '-days',
        '2',
        '-keyout',
        path.join(dir, `${name}.key`),
        '-out',
        path.join(dir, `${name}.crt`)
      ],
      { stdio: 'ignore' }
    )
    return {
      cert: fs.readFileSync(path.join(dir, `${name}.crt`), 'utf8'),
      key: fs.readFileSync(path.join(dir, `${name}.key`), 'utf8')
    }
  }
  const good = make('good', 'shop.test')
  const other = make('other', 'shop.test')

  it('accepts a chain with its key, in one file or two, as one PEM', () => {
    const one = combinedPem('shop.test', good.cert + good.key)
    expect(one).toBe(combinedPem('shop.test', good.cert, good.key))
    expect(one).toMatch(/^-----BEGIN CERTIFICATE-----[\s\S]+-----END PRIVATE KEY-----\n$/)
  })

  it('refuses a missing key, a key of another certificate and a certificate for another name', () => {
    expect(() => combinedPem('shop.test', good.cert)).toThrow(/one PRIVATE KEY block, found 0/)
    expect(() => combinedPem('shop.test', good.cert, other.key)).toThrow(/does not belong/)
    expect(() => combinedPem('other.test', good.cert, good.key)).toThrow(
      /does not cover other.test/
    )
    expect(() => combinedPem('shop.test', 'not a pem')).toThrow(/no CERTIFICATE block/)
  })
})

describe('the domain commands', () => {
  it('take APP and an optional DOMAIN (a preview domain without it); list takes an optional APP', () => {
    expect(flagsOf('domain.add')).toMatchObject({ args: ['app', 'domain'], requiredArgs: 1 })
    expect(flagsOf('domain.add').names).toEqual(
      expect.arrayContaining(['path', 'tls', 'tls-key', 'port'])
    )
    expect(flagsOf('domain.list')).toMatchObject({ args: ['app'], requiredArgs: 0 })
    expect(flagsOf('domain.remove')).toMatchObject({ requiredArgs: 2 })
    expect(flagsOf('app.deploy')).toMatchObject({ requiredArgs: 1 })
  })
})

describe("an app's compose file with the proxy network", () => {
  it('joins the external network besides its own, only when asked', async () => {
    const { renderCompose } = await import('../../main/core/apps/compose')
    const { DEFAULT_SPEC } = await import('../../main/core/apps/model')
    const withNet = JSON.parse(renderCompose('web', DEFAULT_SPEC, { network: 'pier' })) as {
      services: { app: { networks?: string[] } }
      networks?: Record<string, unknown>
    }
    expect(withNet.services.app.networks).toEqual(['default', 'pier'])
    expect(withNet.networks).toEqual({ pier: { external: true } })
    const without = JSON.parse(renderCompose('web', DEFAULT_SPEC)) as typeof withNet
    expect(without.services.app.networks).toBeUndefined()
    expect(without.networks).toBeUndefined()
  })
})

describe('usage of optional positional words', () => {
  it('brackets the optional ones', async () => {
    const { argsUsage } = await import('../../main/cli/commands')
    expect(argsUsage(flagsOf('domain.add'))).toBe(' APP [DOMAIN]')
    expect(argsUsage(flagsOf('domain.list'))).toBe(' [APP]')
    expect(argsUsage(flagsOf('domain.remove'))).toBe(' APP DOMAIN')
  })
})
