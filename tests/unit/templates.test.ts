// Dokploy-format templates: every helper (lengths, alphabets, defaults), variable references and
// cycles, literal --set values, HS256 JWTs checked with their secret, mounts and domains, and
// the templates Pier ships, rendered.
import { createHmac } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import type { PierError } from '../../main/core/errors'
import { Expander, type ExpandContext } from '../../main/core/templates/expand'
import { builtinTemplate, builtinTemplates } from '../../main/core/templates/builtin'
import { cryptoRng, JWT_EXP, type Rng } from '../../main/core/templates/helpers'
import {
  mountPath,
  renderTemplate,
  renderWithVariables,
  type TemplateFiles
} from '../../main/core/templates/render'
import { nameFromDir } from '../../main/core/templates/service'
import { HOSTILE } from '../support/hostile'

const NOW = Date.UTC(2026, 10, 28, 12, 0, 0)

/** A deterministic RNG that counts what it is asked for. */
function countingRng(): Rng & { calls: number } {
  let state = 1
  const next = () => (state = (state * 1103515245 + 12345) % 2 ** 31)
  const rng = {
    calls: 0,
    bytes(n: number) {
      rng.calls++
      return Buffer.from(Array.from({ length: n }, () => next() % 256))
    },
    int(min: number, max: number) {
      rng.calls++
      return min + (next() % (max - min))
    },
    uuid() {
      rng.calls++
      return '00000000-0000-4000-8000-' + String(next()).padStart(12, '0').slice(0, 12)
    }
  }
  return rng
}

const ctx = (rng: Rng = cryptoRng): ExpandContext => ({
  rng,
  nowMs: NOW,
  name: 'demo',
  serverIp: '203.0.113.7'
})
const expand = (text: string, vars: Record<string, string> = {}, set = {}, rng?: Rng) =>
  new Expander(vars, set, ctx(rng)).expand(text)

const err = (fn: () => unknown): PierError => {
  try {
    fn()
  } catch (e) {
    return e as PierError
  }
  throw new Error('expected an error')
}

const b64urlJson = (s: string): Record<string, unknown> =>
  JSON.parse(Buffer.from(s, 'base64url').toString('utf8')) as Record<string, unknown>

function verifyJwt(token: string, secret: string): Record<string, unknown> {
  const [h, p, sig] = token.split('.') as [string, string, string]
  const want = createHmac('sha256', secret).update(`${h}.${p}`).digest('base64url')
  expect(sig).toBe(want)
  expect(b64urlJson(h)).toEqual({ alg: 'HS256', typ: 'JWT' })
  return b64urlJson(p)
}

describe('template helpers', () => {
  it('password: 16 by default, N when asked, lowercase letters and digits', () => {
    expect(expand('${password}')).toMatch(/^[a-z0-9]{16}$/)
    expect(expand('${password:32}')).toMatch(/^[a-z0-9]{32}$/)
    expect(expand('${password:1}')).toMatch(/^[a-z0-9]$/)
    // Drawn uniformly: over many characters every symbol of the alphabet shows up.
    expect(new Set(expand('${password:4000}')).size).toBe(36)
    expect(expand('${password}')).not.toBe(expand('${password}'))
  })

  it('base64: N random bytes (32 by default) encoded', () => {
    const v = expand('${base64}')
    expect(Buffer.from(v, 'base64')).toHaveLength(32)
    expect(v).toHaveLength(44)
    expect(Buffer.from(expand('${base64:64}'), 'base64')).toHaveLength(64)
    expect(expand('${base64:3}')).toMatch(/^[A-Za-z0-9+/]{4}$/)
  })

  it('hash: N hex characters, 8 by default, odd lengths too', () => {
    expect(expand('${hash}')).toMatch(/^[0-9a-f]{8}$/)
    expect(expand('${hash:64}')).toMatch(/^[0-9a-f]{64}$/)
    expect(expand('${hash:7}')).toMatch(/^[0-9a-f]{7}$/)
  })

  it('refuses lengths that are not 1-4096', () => {
    for (const bad of ['${password:0}', '${password:abc}', '${base64:99999}', '${hash:-1}'])
      expect(err(() => expand(bad)).code).toBe('invalid_input')
  })

  it('uuid, timestamps, randomPort, username, email', () => {
    expect(expand('${uuid}')).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/
    )
    expect(expand('${timestamp}')).toBe(String(NOW))
    expect(expand('${timestampms}')).toBe(String(NOW))
    expect(expand('${timestamps}')).toBe(String(NOW / 1000))
    expect(expand('${timestampms:2030-01-01T00:00:00Z}')).toBe(String(Date.UTC(2030, 0, 1)))
    expect(expand('${timestamps:2030-01-01T00:00:00Z}')).toBe(String(Date.UTC(2030, 0, 1) / 1000))
    expect(err(() => expand('${timestamps:not a date}')).message).toContain('not a date')
    for (let i = 0; i < 200; i++) {
      const port = Number(expand('${randomPort}'))
      expect(port).toBeGreaterThanOrEqual(1024)
      expect(port).toBeLessThanOrEqual(65535)
    }
    expect(expand('${username}')).toMatch(/^[a-z]+-[a-z]+-[0-9]{4}$/)
    expect(expand('${email}')).toMatch(/^[a-z]+\.[a-z]+\.[0-9]{4}@example\.com$/)
  })

  it('domain: a preview name under sslip.io for the server IP (127.0.0.1 when unknown)', () => {
    expect(expand('${domain}')).toMatch(/^demo-[0-9a-f]{6}-203-0-113-7\.sslip\.io$/)
    const x = new Expander({}, {}, { ...ctx(), serverIp: null })
    expect(x.expand('${domain}')).toMatch(/^demo-[0-9a-f]{6}-127-0-0-1\.sslip\.io$/)
  })

  it('draws every random value from the RNG it is given (node:crypto by default)', () => {
    for (const helper of [
      'password',
      'base64',
      'hash',
      'uuid',
      'randomPort',
      'jwt',
      'username',
      'email',
      'domain'
    ]) {
      const rng = countingRng()
      expand('${' + helper + '}', {}, {}, rng)
      expect(rng.calls, helper).toBeGreaterThan(0)
    }
    // Same seed, same values: nothing else feeds them.
    expect(expand('${password}${hash}${uuid}', {}, {}, countingRng())).toBe(
      expand('${password}${hash}${uuid}', {}, {}, countingRng())
    )
    const src = fs.readFileSync(
      path.join(__dirname, '../../main/core/templates/helpers.ts'),
      'utf8'
    )
    expect(src).not.toMatch(/Math\.random/)
    expect(src).toMatch(/from 'node:crypto'/)
  })
})

describe('JWT', () => {
  it('${jwt}: HS256 with a random secret and the default claims', () => {
    const token = expand('${jwt}')
    const [, p] = token.split('.') as [string, string]
    expect(b64urlJson(p)).toEqual({ iat: NOW / 1000, exp: JWT_EXP, iss: 'pier' })
  })

  it('${jwt:secret:payload}: signed with the variable, payload from the variable', () => {
    const vars = {
      jwt_secret: '${password:40}',
      anon_payload: '{"role":"anon","iss":"supabase"}',
      anon_key: '${jwt:jwt_secret:anon_payload}'
    }
    const x = new Expander(vars, {}, ctx())
    const secret = x.variable('jwt_secret')
    expect(secret).toMatch(/^[a-z0-9]{40}$/)
    const claims = verifyJwt(x.variable('anon_key'), secret)
    expect(claims).toEqual({ role: 'anon', iss: 'supabase', iat: NOW / 1000, exp: JWT_EXP })
  })

  it('a literal secret, a payload that is no JSON object, and ${jwt:N}', () => {
    const claims = verifyJwt(expand('${jwt:plain-secret:not-json}'), 'plain-secret')
    expect(claims).toEqual({ iat: NOW / 1000, exp: JWT_EXP, iss: 'pier' })
    expect(expand('${jwt:16}')).toMatch(/^[0-9a-f]{32}$/)
    expect(err(() => expand('${jwt:s:p}', { p: '{broken}' })).message).toContain('not valid JSON')
  })
})

describe('variables', () => {
  it('a variable is expanded once and is the same everywhere it is used', () => {
    const x = new Expander({ pw: '${password:20}', url: 'pg://u:${pw}@db' }, {}, ctx())
    const pw = x.variable('pw')
    expect(x.variable('url')).toBe(`pg://u:${pw}@db`)
    expect(x.expand('${pw}/${pw}')).toBe(`${pw}/${pw}`)
  })

  it('unknown names stay as written, for compose to interpolate', () => {
    expect(expand('${NOT_A_VAR} and ${other:x}')).toBe('${NOT_A_VAR} and ${other:x}')
  })

  it('a cycle is a clear error naming the circle', () => {
    const e = err(() => new Expander({ a: '${b}', b: 'x${c}', c: '${a}' }, {}, ctx()).all())
    expect(e.code).toBe('invalid_input')
    expect(e.message).toContain('a → b → c → a')
    expect(err(() => new Expander({ me: '${me}' }, {}, ctx()).all()).message).toContain('me → me')
  })

  it('--set values are literal: ${…}, $(…) and the rest are never expanded again', () => {
    for (const v of [...HOSTILE, '${password}', '${a}', '${jwt}']) {
      const x = new Expander({ a: 'from-template', b: 'pre-${a}-post' }, { a: v }, ctx())
      expect(x.variable('b')).toBe(`pre-${v}-post`)
    }
  })

  it('a helper value is not scanned again', () => {
    // A base64 value can't hold "${", but a referenced value can; it stays literal.
    const x = new Expander({ a: '${b}', b: 'lit' }, { b: '${a}' }, ctx())
    expect(x.variable('a')).toBe('${a}')
  })
})

const TOML = `
[variables]
main_domain = "\${domain}"
db_password = "\${password:24}"
secret = "\${base64:48}"
title = "Hello"

[config]
[[config.domains]]
serviceName = "web"
port = 8080
host = "\${main_domain}"

[[config.domains]]
serviceName = "api"
port = 9000
path = "/api"

[config.env]
DB_PASSWORD = "\${db_password}"
SECRET = "\${secret}"
URL = "https://\${main_domain}"
COUNT = 3

[[config.mounts]]
filePath = "./conf/app.conf"
content = """
password = \${db_password}
title = \${title}
"""
`
const COMPOSE = `services:
  web:
    image: busybox
    volumes:
      - ../files/conf/app.conf:/etc/app.conf:ro
      - type: bind
        source: ../files/conf
        target: /conf
  api:
    image: busybox
`
const FILES: TemplateFiles = { compose: COMPOSE, toml: TOML }

describe('renderTemplate', () => {
  it('renders env, mounts and domains; a password is the same in env and file', () => {
    const r = renderTemplate(FILES, { name: 'demo', serverIp: '198.51.100.4', nowMs: NOW })
    expect(r.env.DB_PASSWORD).toMatch(/^[a-z0-9]{24}$/)
    expect(Buffer.from(r.env.SECRET as string, 'base64')).toHaveLength(48)
    expect(r.env.COUNT).toBe('3')
    expect(r.mounts).toEqual([
      { filePath: 'conf/app.conf', content: `password = ${r.env.DB_PASSWORD}\ntitle = Hello\n` }
    ])
    const host = r.env.URL?.replace('https://', '')
    expect(host).toMatch(/^demo-[0-9a-f]{6}-198-51-100-4\.sslip\.io$/)
    // Its host is a variable (kept across deploys), not a fresh preview name.
    expect(r.domains[0]).toEqual({ service: 'web', port: 8080, host, path: '/', generated: false })
    // No host: a preview domain of its own, which a redeploy keeps rather than renaming.
    expect(r.domains[1]?.generated).toBe(true)
    expect(r.domains[1]?.host).toMatch(/\.sslip\.io$/)
    expect(r.domains[1]?.host).not.toBe(host)
    expect(r.domains[1]?.path).toBe('/api')
    expect(r.compose).toContain('- ./files/conf/app.conf:/etc/app.conf:ro')
    expect(r.compose).toContain('source: ./files/conf')
    expect(r.compose).not.toContain('../files')
  })

  it('env as a list of K=V strings (and one-key tables), comments and blanks dropped', () => {
    const toml = `[variables]\npw = "\${password:12}"\n[config]\nenv = ["A=\${pw}", "", "# note", { B = "x=y" }, "C="]\n`
    const r = renderTemplate({ compose: COMPOSE, toml }, { name: 'demo' })
    expect(Object.keys(r.env)).toEqual(['A', 'B', 'C'])
    expect(r.env.A).toMatch(/^[a-z0-9]{12}$/)
    expect(r.env.B).toBe('x=y')
    expect(r.env.C).toBe('')
  })

  it('--set overrides a variable literally; an unknown --set name is an error', () => {
    const r = renderTemplate(FILES, { name: 'demo', set: { db_password: '$(id) ${password}' } })
    expect(r.env.DB_PASSWORD).toBe('$(id) ${password}')
    expect(r.mounts[0]?.content).toContain('password = $(id) ${password}\n')
    const e = err(() => renderTemplate(FILES, { name: 'demo', set: { nope: '1' } }))
    expect(e.message).toContain('no variable "nope"')
    expect(e.hint).toContain('db_password')
  })

  it('refuses bad TOML, hostile mount paths, domains of missing services and bad env keys', () => {
    expect(
      err(() => renderTemplate({ compose: COMPOSE, toml: '[variables' }, { name: 'd' })).message
    ).toContain('not valid TOML')
    for (const p of ['../etc/passwd', 'a/../../b', '', '/', 'a\nb'])
      expect(err(() => mountPath(p)).code).toBe('invalid_input')
    expect(mountPath('/files/a//b.conf')).toBe('files/a/b.conf')
    const toml = `[config]\n[[config.domains]]\nserviceName = "ghost"\nport = 80\n`
    expect(err(() => renderTemplate({ compose: COMPOSE, toml }, { name: 'd' })).message).toContain(
      'ghost'
    )
    const envToml = `[config]\nenv = ["$(id)=1"]\n`
    expect(
      err(() => renderTemplate({ compose: COMPOSE, toml: envToml }, { name: 'd' })).message
    ).toContain('KEY=VALUE')
  })

  it('renderWithVariables returns the values it used, and they reproduce the render', () => {
    const { rendered, variables } = renderWithVariables(FILES, { name: 'demo', nowMs: NOW })
    expect(variables.db_password).toBe(rendered.env.DB_PASSWORD)
    const again = renderTemplate(FILES, { name: 'demo', set: variables, nowMs: NOW })
    expect(again.env).toEqual(rendered.env)
    expect(again.mounts).toEqual(rendered.mounts)
  })
})

describe("Pier's own templates", () => {
  it('are listed and each renders', () => {
    const ids = builtinTemplates().map((t) => t.id)
    expect(ids).toEqual(['postgres', 'static-site', 'web-and-probe'])
    for (const id of ids) {
      const files = builtinTemplate(id) as TemplateFiles
      const r = renderTemplate(files, { name: id, serverIp: '192.0.2.1' })
      expect(r.compose).not.toContain('../files')
      for (const m of r.mounts) expect(r.compose).toContain(`./files/${m.filePath}`)
    }
  })

  it('static-site: a 24-character admin password in httpd.conf; postgres: 32 in its env', () => {
    const site = renderTemplate(builtinTemplate('static-site') as TemplateFiles, { name: 'site' })
    const conf = site.mounts.find((m) => m.filePath === 'httpd.conf')?.content ?? ''
    expect(conf).toMatch(/^\/:admin:[a-z0-9]{24}\n$/)
    expect(site.domains).toHaveLength(1)
    const pg = renderTemplate(builtinTemplate('postgres') as TemplateFiles, { name: 'pg' })
    expect(pg.env.POSTGRES_PASSWORD).toMatch(/^[a-z0-9]{32}$/)
    expect(pg.env.POSTGRES_USER).toMatch(/^[a-z]+-[a-z]+-[0-9]{4}$/)
  })

  it('a stack name from a folder name', () => {
    expect(nameFromDir('/x/My App_2')).toBe('my-app-2')
    expect(nameFromDir('/x/123')).toBe('stack')
    expect(nameFromDir('/x/ünï-')).toBe('n')
  })
})
