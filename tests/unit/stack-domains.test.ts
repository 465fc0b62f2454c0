// Domains of compose stack services: the overlay that joins a stack's services to the proxy
// network, the Caddyfile route by tasks.<stack>_<service>, which TLS a template's domain gets,
// the migration that lets a domain target a stack, and the checks on STACK/SERVICE targets.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { parse } from 'yaml'
import { afterEach, describe, expect, it } from 'vitest'
import { createCore, type Core } from '../../main/core/core'
import { openDatabase } from '../../main/core/db/open'
import { MIGRATIONS } from '../../main/core/db/migrations'
import type { PierError } from '../../main/core/errors'
import { renderCaddyfile, RenderError } from '../../main/core/proxy/caddyfile'
import { templateTls } from '../../main/core/proxy/service'
import { composeInfo, proxyOverlay } from '../../main/core/stacks/proxy-overlay'
import { StackRepository } from '../../main/core/stacks/repository'
import { memoryKeychain } from '../support/memory-keychain'

const COMPOSE = `version: "3.8"
services:
  web:
    image: busybox
  api:
    image: busybox
    networks: [inner]
networks:
  inner: {}
`

describe('proxy overlay', () => {
  it('adds the proxy network, keeps "default" for services without networks, and the version', () => {
    const info = composeInfo(COMPOSE)
    expect(info).toEqual({ version: '3.8', networked: ['api'] })
    const doc = parse(proxyOverlay(info, ['web', 'api', 'web'])) as Record<string, unknown>
    expect(doc).toEqual({
      version: '3.8',
      services: {
        api: { networks: { pier: {} } },
        web: { networks: { default: {}, pier: {} } }
      },
      networks: { pier: { external: true } }
    })
  })

  it('is empty without services, and has no version when the compose file has none', () => {
    expect(proxyOverlay(composeInfo(COMPOSE), [])).toBe('')
    const doc = parse(proxyOverlay(composeInfo('services:\n  a:\n    image: x\n'), ['a'])) as {
      version?: string
    }
    expect(doc.version).toBeUndefined()
  })

  it('writes any service name as a literal YAML key', () => {
    const name = 'a: {b: c}\n#x'
    const doc = parse(proxyOverlay({ version: null, networked: [] }, [name])) as {
      services: Record<string, unknown>
    }
    expect(Object.keys(doc.services)).toEqual([name])
  })
})

describe('Caddyfile routes to stack services', () => {
  it('routes by tasks.<stack>_<service>', () => {
    const text = renderCaddyfile([
      { domain: 'shop.test', path: '/', tls: 'internal', service: 'tasks.shop_web', port: 8080 }
    ])
    expect(text).toContain('name tasks.shop_web')
    expect(text).toContain('port 8080')
  })

  it('refuses service names that are not tasks.<stack>_<service> or <app>_app', () => {
    for (const service of ['tasks.shop_web}', 'tasks.shop_we b', 'task.shop_web', 'tasks.Shop_web'])
      expect(() =>
        renderCaddyfile([{ domain: 'shop.test', path: '/', tls: 'auto', service, port: 80 }])
      ).toThrow(RenderError)
  })
})

describe('template domains TLS', () => {
  it('uses the internal CA where ACME cannot issue, ACME elsewhere', () => {
    expect(templateTls('shop.test')).toBe('internal')
    expect(templateTls('a.b.localhost')).toBe('internal')
    expect(templateTls('shop-abc123-10-235-0-2.sslip.io')).toBe('internal')
    expect(templateTls('shop-abc123-192-168-1-9.sslip.io')).toBe('internal')
    expect(templateTls('shop-abc123-203-0-113-7.sslip.io')).toBe('auto')
    expect(templateTls('shop.example.com')).toBe('auto')
    expect(templateTls('testing.com')).toBe('auto')
  })
})

describe('migration 016: domains for stack services', () => {
  const dirs: string[] = []
  afterEach(() => {
    for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true })
  })

  it('keeps app domains and lets a domain target exactly one app or stack service', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pier-mig14-'))
    dirs.push(dir)
    const file = path.join(dir, 'pier.db')
    const before = MIGRATIONS.filter((m) => m.name !== 'stack_domains' && m.version < 14)
    const old = openDatabase(file, { migrations: before })
    old
      .prepare(
        "INSERT INTO servers (id, name, host, username, auth_method) VALUES ('s', 's1', 'h', 'u', 'agent')"
      )
      .run()
    old
      .prepare(
        "INSERT INTO apps (id, name, server_id, source, spec, created_at, updated_at) VALUES ('a', 'web', 's', '{}', '{}', 1, 1)"
      )
      .run()
    old
      .prepare(
        "INSERT INTO domains (id, app_id, domain, path, tls, port, preview, created_at) VALUES ('d', 'a', 'web.test', '/', 'internal', 8080, 0, 5)"
      )
      .run()
    old.close()
    const db = openDatabase(file)
    expect(db.prepare('SELECT id, app_id, stack_id, domain, port FROM domains').all()).toEqual([
      { id: 'd', app_id: 'a', stack_id: null, domain: 'web.test', port: 8080 }
    ])
    new StackRepository(db).upsert({
      id: 'k',
      name: 'shop',
      serverId: 's',
      template: null,
      services: ['web'],
      createdAt: 1,
      updatedAt: 1
    })
    const ins = db.prepare(
      "INSERT INTO domains (id, app_id, stack_id, service, domain, tls, created_at) VALUES (?, ?, ?, ?, ?, 'auto', 1)"
    )
    expect(() => ins.run('x1', 'a', 'k', 'web', 'x1.test')).toThrow(/CHECK/)
    expect(() => ins.run('x2', null, null, null, 'x2.test')).toThrow(/CHECK/)
    expect(() => ins.run('x3', null, 'k', null, 'x3.test')).toThrow(/CHECK/)
    ins.run('x4', null, 'k', 'web', 'x4.test')
    // The stack's domains go with the stack.
    db.prepare("DELETE FROM stacks WHERE id = 'k'").run()
    expect(db.prepare('SELECT id FROM domains ORDER BY id').all()).toEqual([{ id: 'd' }])
    db.close()
  })
})

describe('STACK/SERVICE targets', () => {
  let core: Core | null = null
  const dirs: string[] = []
  afterEach(() => {
    core?.close()
    core = null
    for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true })
  })

  function withStack(services: string[]): Core {
    const home = fs.mkdtempSync(path.join(os.tmpdir(), 'pier-sd-'))
    dirs.push(home)
    core = createCore({ home, keychain: memoryKeychain() })
    const s = core.servers.record({
      name: 's1',
      host: '10.1.2.3',
      port: 22,
      username: 'u',
      authMethod: 'agent',
      hostKeyType: 'ssh-ed25519',
      hostKeyFingerprint: 'SHA256:x'
    })
    // The repository only: no server is reached by these checks.
    const db = openDatabase(path.join(home, 'pier.db'))
    new StackRepository(db).upsert({
      id: 'k',
      name: 'shop',
      serverId: s.id,
      template: null,
      services,
      createdAt: 1,
      updatedAt: 1
    })
    db.close()
    return core
  }

  const code = async (p: Promise<unknown>): Promise<string> =>
    p.then(
      () => 'ok',
      (e: PierError) => `${e.code}: ${e.message}`
    )

  it('refuses a stack without a service, unknown services and names that are no DNS label', async () => {
    const c = withStack(['web', 'My_Svc', 'a.b'])
    expect(await code(c.proxy.add({ app: 'shop', domain: 'shop.test' }))).toMatch(
      /^invalid_input: shop is a stack/
    )
    expect(await code(c.proxy.add({ app: 'shop/nope', domain: 'shop.test' }))).toMatch(
      /^not_found: The stack shop has no service "nope"/
    )
    expect(await code(c.proxy.add({ app: 'nostack/web', domain: 'shop.test' }))).toMatch(
      /^not_found: There is no stack named "nostack"/
    )
    for (const svc of ['My_Svc', 'a.b'])
      expect(await code(c.proxy.add({ app: `shop/${svc}`, domain: 'shop.test' }))).toMatch(
        /^invalid_input: The service name .* cannot take a domain/
      )
    for (const hostile of ['web;id', 'web$(id)', 'web`id`', 'web\nx', '../web', 'wéb'])
      expect(await code(c.proxy.add({ app: `shop/${hostile}`, domain: 'shop.test' }))).toMatch(
        /^(not_found|invalid_input):/
      )
    expect(c.proxy.list()).toEqual([])
  })

  it('checks a template domain before a deploy starts', () => {
    const c = withStack(['web'])
    expect(() =>
      c.proxy.checkStackDomains('shop', [{ service: 'web', port: 80, host: 'a b.test', path: '/' }])
    ).toThrow(/is not a domain/)
    expect(() =>
      c.proxy.checkStackDomains('shop', [{ service: 'W_1', port: 80, host: 'a.test', path: '/' }])
    ).toThrow(/cannot take a domain/)
    expect(() =>
      c.proxy.checkStackDomains('shop', [
        { service: 'web', port: 80, host: 'a.test', path: '/x;y' }
      ])
    ).toThrow(/is not a path prefix/)
    c.proxy.checkStackDomains('shop', [{ service: 'web', port: 80, host: 'a.test', path: '/' }])
  })
})
