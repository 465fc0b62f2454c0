// Domains for compose stack services through the proxy, on a real single-node swarm with Caddy
// (built from Debian's caddy package): a two-service stack whose web service gets a domain
// answers over HTTPS (Caddy's internal CA) with the Host header it was asked for, keeps talking
// to its sibling on their own network, keeps the route across a redeploy; `stack down` takes the
// route away and `stack start` brings it back; removing the stack removes its domains; a
// template's [config] domain is routed on `template deploy`; hostile service names are refused.
import fs from 'node:fs'
import path from 'node:path'
import type { Client } from 'ssh2'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createCore, type Core } from '../../main/core/core'
import type { PierError } from '../../main/core/errors'
import { HOSTILE } from '../support/hostile'
import { memoryKeychain } from '../support/memory-keychain'
import { ensureSwarm, leaveSwarm, removeProxy, useLocalCaddy } from './apps-support'
import { connectSsh, execOn, hostsOrSkip, type TestHost, recordHarnessServer } from './support'

const hosts = hostsOrSkip()

// web: a busybox httpd with a CGI script that prints the Host header it received. api: a page
// web fetches by name over their own network.
const COMPOSE = `services:
  web:
    image: busybox:local
    command:
      - sh
      - -c
      - |
        mkdir -p /www/cgi-bin
        cat > /www/cgi-bin/host <<'EOF'
        #!/bin/sh
        printf 'Content-Type: text/plain\\r\\n\\r\\nweb host=%s\\n' "$$HTTP_HOST"
        EOF
        chmod 755 /www/cgi-bin/host
        echo web-index > /www/index.html
        exec httpd -f -p 8080 -h /www
    networks: [inner]
    stop_grace_period: 1s
    deploy:
      endpoint_mode: dnsrr
  api:
    image: busybox:local
    command: ['sh', '-c', 'mkdir -p /www && echo api-says-hi > /www/index.html && exec httpd -f -p 8081 -h /www']
    networks: [inner]
    stop_grace_period: 1s
    deploy:
      endpoint_mode: dnsrr
networks:
  inner:
    driver: overlay
`

const TPL_COMPOSE = `services:
  site:
    image: busybox:local
    command: ['sh', '-c', 'mkdir -p /www && echo tpl-site > /www/index.html && exec httpd -f -p 8080 -h /www']
    stop_grace_period: 1s
    deploy:
      endpoint_mode: dnsrr
`
const TPL_TOML = `[variables]
main_domain = "tpl.test"

[config]
[[config.domains]]
serviceName = "site"
port = 8080
host = "\${main_domain}"
`

/** GET https://DOMAIN/PATH through the proxy on the host, the name pinned to 127.0.0.1. */
async function get(conn: Client, domain: string, p = '/'): Promise<string> {
  const r = await execOn(
    conn,
    `curl -sk -m 5 --resolve ${domain}:443:127.0.0.1 https://${domain}${p} || true`
  )
  return r.stdout
}

async function networksOf(conn: Client, service: string): Promise<string[]> {
  const r = await execOn(
    conn,
    `docker service inspect --format '{{range .Spec.TaskTemplate.Networks}}{{.Target}} {{end}}' ${service} | xargs -n1 -r docker network inspect --format '{{.Name}}' | sort`
  )
  return r.stdout.trim().split('\n').filter(Boolean)
}

describe.skipIf(hosts.length === 0)('stack service domains (real host, Caddy, swarm)', () => {
  let core: Core
  let home = ''
  let h1: TestHost
  let conn: Client
  let restoreCaddyImage = (): void => undefined

  beforeAll(async () => {
    h1 = hosts[0] as TestHost
    await ensureSwarm(h1)
    restoreCaddyImage = await useLocalCaddy(h1)
    home = fs.mkdtempSync('/tmp/pier-stackdomains-')
    core = createCore({ home, keychain: memoryKeychain(), sshKeepaliveMs: 1000 })
    recordHarnessServer(core, h1, 'h1')
    conn = await connectSsh(h1)
  }, 600_000)

  afterAll(async () => {
    restoreCaddyImage()
    for (const s of ['shop', 'tpl'])
      if (core?.stacks.find(s)) await core.stacks.remove(s).catch(() => undefined)
    if (conn) {
      await removeProxy(conn)
      conn.end()
    }
    core?.close()
    await leaveSwarm(h1)
    fs.rmSync(home, { recursive: true, force: true })
  }, 300_000)

  it('routes a domain to one service of a two-service stack, over HTTPS with its Host header', async () => {
    const r = await core.stacks.deploy({ name: 'shop', server: 'h1', compose: COMPOSE, wait: true })
    expect(r).toMatchObject({ state: 'succeeded', services: ['web', 'api'] })
    // Before it has a domain, the service is on its own network only.
    expect(await networksOf(conn, 'shop_web')).toEqual(['shop_inner'])

    const d = await core.proxy.add({
      app: 'shop/web',
      domain: 'Shop.Test',
      tls: 'internal',
      port: 8080
    })
    expect(d).toMatchObject({
      app: 'shop/web',
      stack: 'shop',
      service: 'web',
      domain: 'shop.test',
      targetPort: 8080,
      server: 'h1'
    })
    await expect
      .poll(() => get(conn, 'shop.test', '/cgi-bin/host'), { timeout: 90_000, interval: 1000 })
      .toBe('web host=shop.test\n')
    const cert = await execOn(
      conn,
      'curl -skv -o /dev/null --resolve shop.test:443:127.0.0.1 https://shop.test/ 2>&1 | grep -E "issuer:"'
    )
    expect(cert.stdout).toMatch(/Caddy Local Authority/)
    // Only the service with the domain joined the proxy network, by the overlay file on the
    // server; the Caddyfile names its tasks.
    expect(await networksOf(conn, 'shop_web')).toEqual(['pier', 'shop_inner'])
    expect(await networksOf(conn, 'shop_api')).toEqual(['shop_inner'])
    const files = await execOn(
      conn,
      'cat ~/.pier/stacks/shop/proxy.yml; grep -c "name tasks.shop_web" ~/.pier/proxy/Caddyfile'
    )
    expect(files.stdout).toContain('"web":')
    expect(files.stdout.trim().endsWith('1')).toBe(true)
    // It still reaches its sibling by name over their own network.
    const sibling = await execOn(
      conn,
      'c=$(docker ps -q -f label=com.docker.swarm.service.name=shop_web | head -n1); docker exec "$c" wget -q -O - http://api:8081/'
    )
    expect(sibling.stdout.trim()).toBe('api-says-hi')
    // Another name reaches nothing.
    expect(await get(conn, 'other.test')).toBe('')
    expect(core.proxy.list('shop').map((x) => x.domain)).toEqual(['shop.test'])
    expect(core.proxy.list('shop/web')).toHaveLength(1)
  }, 300_000)

  it('keeps the route across a redeploy and a redeploy by hand on the server', async () => {
    const r = await core.stacks.deploy({ name: 'shop', server: 'h1', compose: COMPOSE, wait: true })
    expect(r.state).toBe('succeeded')
    expect(await networksOf(conn, 'shop_web')).toEqual(['pier', 'shop_inner'])
    const byHand = await execOn(conn, 'sh ~/.pier/stacks/shop/up.sh shop >/dev/null 2>&1; echo $?')
    expect(byHand.stdout.trim()).toBe('0')
    expect(await networksOf(conn, 'shop_web')).toEqual(['pier', 'shop_inner'])
    await expect
      .poll(() => get(conn, 'shop.test', '/cgi-bin/host'), { timeout: 60_000, interval: 1000 })
      .toBe('web host=shop.test\n')
  }, 300_000)

  it('stack down removes the route, start brings it back; removing the stack removes its domains', async () => {
    await core.stacks.down('shop')
    const caddy = await execOn(conn, 'cat ~/.pier/proxy/Caddyfile')
    expect(caddy.stdout).not.toContain('shop.test')
    expect(await get(conn, 'shop.test', '/cgi-bin/host')).toBe('')
    // The domain is kept for when the stack comes back.
    expect(core.proxy.list('shop').map((x) => x.domain)).toEqual(['shop.test'])

    await core.stacks.start('shop')
    await expect
      .poll(() => get(conn, 'shop.test', '/cgi-bin/host'), { timeout: 90_000, interval: 1000 })
      .toBe('web host=shop.test\n')

    await core.stacks.remove('shop')
    expect(core.proxy.list()).toEqual([])
    const after = await execOn(conn, 'cat ~/.pier/proxy/Caddyfile; ls ~/.pier/stacks')
    expect(after.stdout).not.toContain('shop.test')
    expect(await get(conn, 'shop.test', '/cgi-bin/host')).toBe('')
  }, 300_000)

  it("routes a template's [config] domains on template deploy", async () => {
    const dir = path.join(home, 'tpl')
    fs.mkdirSync(dir)
    fs.writeFileSync(path.join(dir, 'docker-compose.yml'), TPL_COMPOSE)
    fs.writeFileSync(path.join(dir, 'template.toml'), TPL_TOML)
    const r = await core.templates.deploy(dir, { server: 'h1', wait: true })
    expect(r).toMatchObject({ state: 'succeeded', domains: ['https://tpl.test/'] })
    expect(core.proxy.list('tpl')).toMatchObject([
      { app: 'tpl/site', domain: 'tpl.test', tls: 'internal', targetPort: 8080, fromTemplate: true }
    ])
    await expect
      .poll(() => get(conn, 'tpl.test'), { timeout: 90_000, interval: 1000 })
      .toBe('tpl-site\n')
    // Deployed again, the template's domain is the same one, not a second.
    const again = await core.templates.deploy(dir, { server: 'h1', wait: true })
    expect(again.state).toBe('succeeded')
    expect(core.proxy.list('tpl').map((x) => x.domain)).toEqual(['tpl.test'])
    await core.stacks.remove('tpl')
    expect(core.proxy.list()).toEqual([])
  }, 300_000)

  it('refuses hostile service names, in the compose file and as a domain target', async () => {
    for (const bad of HOSTILE.filter((h) => h !== '')) {
      const compose = `services:\n  ${JSON.stringify(bad)}:\n    image: busybox:local\n`
      const err = await core.stacks
        .deploy({ name: 'bad', server: 'h1', compose })
        .then(() => null)
        .catch((e: PierError) => e)
      expect(err?.code, bad.slice(0, 40)).toBe('invalid_input')
    }
    expect(core.stacks.find('bad')).toBeNull()
    const r = await core.stacks.deploy({
      name: 'shop',
      server: 'h1',
      compose: `services:\n  Web_1:\n    image: busybox:local\n    command: ['sleep', '600']\n    stop_grace_period: 1s\n    deploy:\n      endpoint_mode: dnsrr\n`,
      wait: true
    })
    expect(r.state).toBe('succeeded')
    for (const target of ['shop/Web_1', ...HOSTILE.map((h) => `shop/${h}`)]) {
      const err = await core.proxy
        .add({ app: target, domain: 'bad.test', tls: 'internal' })
        .then(() => null)
        .catch((e: PierError) => e)
      expect(['invalid_input', 'not_found'], target.slice(0, 40)).toContain(err?.code)
    }
    expect(core.proxy.list()).toEqual([])
    const caddy = await execOn(conn, 'cat ~/.pier/proxy/Caddyfile')
    expect(caddy.stdout).not.toContain('bad.test')
  }, 300_000)
})
