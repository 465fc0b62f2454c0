// The proxy on a real single-node swarm: Caddy (built from Debian's caddy package) as the swarm
// service pier-proxy in front of busybox web apps. Domains over HTTPS with Caddy's internal CA,
// HTTP redirected, two apps and a path prefix, an invalid configuration that never reaches the
// running proxy, a deploy under continuous requests without a failed one, hostile input refused.
import fs from 'node:fs'
import type { Client } from 'ssh2'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createCore, type Core } from '../../main/core/core'
import type { PierError } from '../../main/core/errors'
import { memoryKeychain } from '../support/memory-keychain'
import { ensureSwarm, leaveSwarm, removeProxy, useLocalCaddy } from './apps-support'
import { connectSsh, execOn, hostsOrSkip, type TestHost, recordHarnessServer } from './support'

const hosts = hostsOrSkip()
const HEALTH = "printf 'GET / HTTP/1.0\\r\\n\\r\\n' | nc -w 2 127.0.0.1 8080 | grep -q 200"
/** A busybox httpd whose pages say which app (and which container) answered. */
const site = (name: string) => [
  'sh',
  '-c',
  `mkdir -p /www/api && echo "${name} $(hostname)" > /www/index.html && echo "${name}-api" > /www/api/index.html && exec httpd -f -p 8080 -h /www`
]

/** GET https://DOMAIN/PATH through the proxy on the host, the name pinned to 127.0.0.1. */
async function get(conn: Client, domain: string, path = '/'): Promise<string> {
  const r = await execOn(
    conn,
    `curl -sk -m 5 --resolve ${domain}:443:127.0.0.1 https://${domain}${path} || true`
  )
  return r.stdout
}

describe.skipIf(hosts.length === 0)('proxy and domains (real host, Caddy, swarm)', () => {
  let core: Core
  let home = ''
  let h1: TestHost
  let conn: Client
  let restoreCaddyImage = (): void => undefined

  beforeAll(async () => {
    h1 = hosts[0] as TestHost
    await ensureSwarm(h1)
    restoreCaddyImage = await useLocalCaddy(h1)
    home = fs.mkdtempSync('/tmp/pier-proxy-')
    core = createCore({ home, keychain: memoryKeychain(), sshKeepaliveMs: 1000 })
    recordHarnessServer(core, h1, 'h1')
    conn = await connectSsh(h1)
    for (const name of ['site', 'api'])
      core.apps.create({
        name,
        server: 'h1',
        image: 'busybox:local',
        spec: {
          command: site(name),
          healthcheck: {
            cmd: HEALTH,
            intervalSec: 1,
            timeoutSec: 2,
            retries: 2,
            startPeriodSec: 1
          },
          memoryMb: 64,
          // busybox httpd as PID 1 ignores SIGTERM: don't wait 10 s for it at every update.
          stopGraceSec: 1
        }
      })
    // Deployed before it has a domain: adding one attaches the running service to the network.
    expect(await core.apps.deploy('site', { wait: true })).toMatchObject({ state: 'succeeded' })
  }, 600_000)

  afterAll(async () => {
    restoreCaddyImage()
    for (const a of core?.apps.list() ?? []) await core.apps.remove(a.name).catch(() => undefined)
    if (conn) {
      await removeProxy(conn)
      conn.end()
    }
    core?.close()
    await leaveSwarm(h1)
    fs.rmSync(home, { recursive: true, force: true })
  }, 300_000)

  it('serves an app on its domain over HTTPS (internal CA), redirects HTTP, and keeps the file on the server', async () => {
    const d = await core.proxy.add({
      app: 'site',
      domain: 'Site.Test',
      tls: 'internal',
      port: 8080
    })
    expect(d).toMatchObject({ domain: 'site.test', path: '/', tls: 'internal', targetPort: 8080 })
    await expect
      .poll(() => get(conn, 'site.test'), { timeout: 60_000, interval: 1000 })
      .toMatch(/^site /)
    // The certificate comes from Caddy's own CA, for this name.
    const cert = await execOn(
      conn,
      'curl -skv -o /dev/null --resolve site.test:443:127.0.0.1 https://site.test/ 2>&1 | grep -E "subject:|issuer:"'
    )
    expect(cert.stdout).toMatch(/issuer: .*Caddy Local Authority/)
    const http = await execOn(
      conn,
      "curl -s -o /dev/null -w '%{http_code} %{redirect_url}' --resolve site.test:80:127.0.0.1 http://site.test/a/b?c=1"
    )
    expect(http.stdout).toBe('308 https://site.test/a/b?c=1')
    // Another name on the same address gets nothing of the app.
    expect(await get(conn, 'other.test')).toBe('')
    const files = await execOn(conn, 'cat ~/.pier/proxy/Caddyfile; stat -c %a ~/.pier/proxy/certs')
    expect(files.stdout).toContain('site.test {')
    expect(files.stdout).toContain('name site_app')
    expect(files.stdout.trim().endsWith('700')).toBe(true)
    const svc = await execOn(
      conn,
      "docker service inspect pier-proxy --format '{{.Spec.TaskTemplate.ContainerSpec.Image}} {{range .Endpoint.Ports}}{{.PublishedPort}}/{{.PublishMode}} {{end}}'"
    )
    expect(svc.stdout.trim()).toBe('caddy:local 80/host 443/host')
    expect(core.proxy.list('site').map((x) => x.domain)).toEqual(['site.test'])
  }, 180_000)

  it('routes two apps on two domains and a path prefix on one domain', async () => {
    expect(await core.apps.deploy('api', { wait: true })).toMatchObject({ state: 'succeeded' })
    await core.proxy.add({ app: 'api', domain: 'api.test', tls: 'internal', port: 8080 })
    await core.proxy.add({
      app: 'api',
      domain: 'site.test',
      path: '/api/',
      tls: 'internal',
      port: 8080
    })
    await expect
      .poll(() => get(conn, 'api.test'), { timeout: 60_000, interval: 1000 })
      .toMatch(/^api /)
    await expect.poll(() => get(conn, 'site.test', '/api/'), { timeout: 30_000 }).toBe('api-api\n')
    // The prefix is matched on whole segments, and the rest of site.test stays with site.
    expect(await get(conn, 'site.test', '/')).toMatch(/^site /)
    expect(await get(conn, 'site.test', '/apix')).not.toMatch(/^api/)
    expect(core.proxy.list().map((x) => `${x.app} ${x.domain}${x.path}`)).toEqual([
      'api api.test/',
      'site site.test/',
      'api site.test/api'
    ])
    // A domain's paths share its certificate: one TLS mode per domain.
    await expect(
      core.proxy.add({ app: 'api', domain: 'site.test', path: '/v2', tls: 'auto' })
    ).rejects.toMatchObject({ code: 'invalid_input' })
  }, 300_000)

  it('never lets an invalid configuration reach the running proxy', async () => {
    const before = (await execOn(conn, 'cat ~/.pier/proxy/Caddyfile')).stdout
    // Written past Pier's checks: Caddy's own validation in a throwaway container refuses it.
    const bad = before + '\nbroken.test {\n\treverse_proxy {\n\t\tno_such_directive 1\n\t}\n}\n'
    const err = (await core.proxy.apply('h1', bad).catch((e: unknown) => e)) as PierError
    expect(err.code).toBe('remote_failed')
    expect(err.message).toMatch(/caddy validate refused/)
    expect((await execOn(conn, 'cat ~/.pier/proxy/Caddyfile')).stdout).toBe(before)
    expect((await execOn(conn, 'ls ~/.pier/proxy')).stdout).not.toContain('Caddyfile.new')
    expect(await get(conn, 'site.test')).toMatch(/^site /)
    expect(await get(conn, 'api.test')).toMatch(/^api /)
    // A hostile domain never gets as far as the server.
    await expect(
      core.proxy.add({ app: 'site', domain: 'x.test {\n}\nevil.test', tls: 'internal' })
    ).rejects.toMatchObject({ code: 'invalid_input' })
    expect((await execOn(conn, 'cat ~/.pier/proxy/Caddyfile')).stdout).toBe(before)
  }, 120_000)

  it('deploys a new release under continuous requests without a single failed one', async () => {
    // Requests back to back on the host for the whole deploy; the loop stops at a marker file.
    const loop = execOn(
      conn,
      `rm -f ~/stop-hammer; ok=0; bad=0; while [ ! -f ~/stop-hammer ]; do
         out=$(curl -sk -m 10 --resolve site.test:443:127.0.0.1 https://site.test/)
         case $out in "site "*) ok=$((ok+1)); echo "$out" ;; *) bad=$((bad+1)); echo "FAILED: $out" ;; esac
       done; echo "ok=$ok bad=$bad"`
    )
    await new Promise((r) => setTimeout(r, 2000))
    const r = await core.apps.deploy('site', { wait: true })
    expect(r).toMatchObject({ state: 'succeeded', release: 2 })
    await new Promise((r) => setTimeout(r, 3000))
    await execOn(conn, 'touch ~/stop-hammer')
    const out = (await loop).stdout
    const summary = /ok=(\d+) bad=(\d+)/.exec(out)
    console.info(`requests during the deploy: ${summary?.[0] ?? out.slice(-200)}`)
    expect(
      summary?.[2],
      out
        .split('\n')
        .filter((l) => l.startsWith('FAILED'))
        .slice(0, 5)
        .join('\n')
    ).toBe('0')
    expect(Number(summary?.[1])).toBeGreaterThan(20)
    // Two different containers answered: the old task before, the new one after.
    const answered = new Set(out.split('\n').filter((l) => l.startsWith('site ')))
    expect(answered.size).toBeGreaterThanOrEqual(2)
    // The release joined the proxy network through its compose file, started first.
    const svc = await execOn(
      conn,
      "docker service inspect site_app --format '{{.Spec.UpdateConfig.Order}}'; cat ~/.pier/apps/site/releases/2.compose.json"
    )
    expect(svc.stdout).toMatch(/^start-first\n/)
    expect(svc.stdout).toContain('"external": true')
  }, 300_000)

  it('refuses hostile domains and paths with a clear message', async () => {
    const domains = [
      'a.test; rm -rf /',
      'a.test{',
      'a}.test',
      'a.test\nb.test',
      'a .test',
      '"a.test"',
      "'a.test'",
      '$(id).test',
      '`id`.test',
      '../etc/passwd',
      '*.test',
      'a..test',
      '-a.test',
      'localhost',
      '10.0.0.1',
      `${'a'.repeat(64)}.test`,
      `${'abcdefghi.'.repeat(26)}test`,
      'a.test#x',
      '{$HOME}.test'
    ]
    for (const domain of domains) {
      const err = (await core.proxy
        .add({ app: 'site', domain, tls: 'internal' })
        .catch((e: unknown) => e)) as PierError
      expect(err.code, domain).toBe('invalid_input')
      expect(err.message, domain).toMatch(/is not a domain/)
    }
    const paths = [
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
      '/a#b'
    ]
    for (const path of paths) {
      const err = (await core.proxy
        .add({ app: 'site', domain: 'ok.test', path, tls: 'internal' })
        .catch((e: unknown) => e)) as PierError
      expect(err.code, path).toBe('invalid_input')
      expect(err.message, path).toMatch(/is not a path prefix/)
    }
    // An internationalized name is accepted as its punycode form.
    const idn = await core.proxy.add({
      app: 'site',
      domain: 'bücher.test',
      tls: 'internal',
      port: 8080
    })
    expect(idn.domain).toBe('xn--bcher-kva.test')
    await expect.poll(() => get(conn, 'xn--bcher-kva.test'), { timeout: 30_000 }).toMatch(/^site /)
    expect(core.proxy.list().some((d) => d.domain.includes('ok.test'))).toBe(false)
  }, 180_000)

  it('gives an app without a domain of its own a preview domain on the server address', async () => {
    // The harness records the server as 127.0.0.1 (its relay): a private address, so the
    // preview uses Caddy's internal CA instead of ACME.
    const d = await core.proxy.add({ app: 'api', port: 8080 })
    expect(d).toMatchObject({ domain: 'api.127.0.0.1.sslip.io', tls: 'internal', preview: true })
    await expect
      .poll(() => get(conn, 'api.127.0.0.1.sslip.io'), { timeout: 30_000 })
      .toMatch(/^api /)
  }, 120_000)

  it('removes a domain: the name stops answering, the previous file is kept', async () => {
    const r = await core.proxy.remove('api', 'api.test')
    expect(r.removed).toEqual(['api.test'])
    await expect.poll(() => get(conn, 'api.test'), { timeout: 15_000 }).toBe('')
    expect(await get(conn, 'site.test', '/api/')).toBe('api-api\n')
    const prev = await execOn(
      conn,
      'grep -c "^api.test {" ~/.pier/proxy/Caddyfile.prev; grep -c "^api.test {" ~/.pier/proxy/Caddyfile'
    )
    expect(prev.stdout).toBe('1\n0\n')
  }, 120_000)
})
