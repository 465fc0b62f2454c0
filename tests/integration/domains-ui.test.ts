// An app's domains from its page, end to end: the real renderer served by the real `pier serve`
// in Debian's Chromium, against a real test host with a single-node swarm and Caddy (built from
// Debian's package by the harness). A hostile name is refused in the form before anything is
// sent; a real one is added, the proxy on the host answers it over HTTPS (Caddy's internal CA)
// with the app's page; removing it stops the route. The app page with its domain is the
// screenshot docs/domain.png.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { Client } from 'ssh2'
import type { Browser, Locator, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { chromiumMissing, launch, openApp } from '../e2e/browser'
import { pierCli, pierServe, root, type Served } from '../e2e/serve'
import { ensureCaddyImage } from '../hosts/harness'
import { ensureSwarm, leaveSwarm } from './apps-support'
import { connectSsh, execOn, hostsOrSkip, type TestHost } from './support'

const hosts = hostsOrSkip()
const missing = chromiumMissing()
const keyring = process.env.PIER_KEYRING_READY === '1'
const built =
  fs.existsSync(path.join(root, 'out/main/cli.js')) &&
  fs.existsSync(path.join(root, 'out/renderer/index.html'))
if (hosts.length > 0 && missing) console.warn(`domains UI test skipped: ${missing}`)
if (hosts.length > 0 && !built) console.warn('domains UI test skipped: run `npm run build`')
if (hosts.length > 0 && !keyring)
  console.warn('domains UI test skipped: needs an unlocked keychain (scripts/with-keyring.sh)')

const APP = 'shop'
const IMAGE = 'pier-ui-shop:1'
const DOMAIN = 'shop.test'
const DOCKERFILE = [
  'FROM busybox:local',
  'CMD mkdir -p /www && echo "the shop, from $(hostname)" > /www/index.html && exec httpd -f -p 80 -h /www'
].join('\n')

/** GET https://DOMAIN/ through the proxy on the host, the name pinned to 127.0.0.1. */
async function viaProxy(conn: Client, domain: string): Promise<string> {
  const r = await execOn(
    conn,
    `curl -sk -m 5 --resolve ${domain}:443:127.0.0.1 https://${domain}/ || true`
  )
  return r.stdout
}

describe.skipIf(hosts.length === 0 || !!missing || !built || !keyring)(
  'Domains on the app page (Chromium, real host, Caddy)',
  () => {
    const h1 = hosts[0] as TestHost
    const caddyBefore = process.env.PIER_CADDY_IMAGE
    let home = ''
    let served: Served
    let browser: Browser
    let page: Page
    let conn: Client
    const problems: string[] = []
    const panel = (): Locator => page.getByTestId('app-domains')

    beforeAll(async () => {
      await ensureSwarm(h1)
      await ensureCaddyImage(h1.name, 'caddy:local')
      // `pier serve` inherits it: the proxy runs the harness's Caddy, not caddy:2 from a registry.
      process.env.PIER_CADDY_IMAGE = 'caddy:local'
      conn = await connectSsh(h1)
      const build = await execOn(
        conn,
        `printf '%s\\n' '${DOCKERFILE.replace(/'/g, "'\\''")}' | docker build -q -t ${IMAGE} -`
      )
      expect(build.code, build.stderr).toBe(0)
      home = fs.mkdtempSync(path.join(os.tmpdir(), 'pier-domains-ui-'))
      const cli = async (...args: string[]): Promise<void> => {
        const r = await pierCli(home, ...args)
        expect(r.code, r.stderr).toBe(0)
      }
      await cli(
        'server',
        'add',
        'h1',
        '--host',
        h1.sshHost,
        '--port',
        String(h1.sshPort),
        '--user',
        h1.username,
        '--key',
        h1.privateKeyPath,
        '--accept-fingerprint',
        h1.hostKeyFingerprint
      )
      await cli('app', 'create', APP, '--server', 'h1', '--image', IMAGE)
      await cli('app', 'deploy', APP, '--wait')
      served = await pierServe(home)
      browser = await launch()
      page = await openApp(browser, served.url, problems, { width: 1280, height: 1000 })
    }, 600_000)

    afterAll(async () => {
      await browser?.close()
      await served?.stop()
      if (caddyBefore === undefined) delete process.env.PIER_CADDY_IMAGE
      else process.env.PIER_CADDY_IMAGE = caddyBefore
      if (home) {
        await pierCli(home, 'app', 'remove', APP).catch(() => undefined)
        fs.rmSync(home, { recursive: true, force: true })
      }
      if (conn) {
        await execOn(
          conn,
          `docker service rm pier-proxy >/dev/null 2>&1; sleep 2; docker network rm pier >/dev/null 2>&1; rm -rf ~/.pier/proxy; docker image rm -f ${IMAGE} >/dev/null 2>&1; true`
        )
        conn.end()
      }
      await leaveSwarm(h1)
    }, 300_000)

    it('the app page has a Domains section, empty at first', async () => {
      await page.locator('body').click({ position: { x: 5, y: 5 } })
      await page.keyboard.press('Control+2')
      await expect.poll(() => page.locator('#content').getAttribute('data-page')).toBe('apps')
      const row = page.locator(`tr[data-app-name="${APP}"]`)
      await expect.poll(() => row.count(), { timeout: 20_000 }).toBe(1)
      await row.click()
      await expect.poll(() => panel().count(), { timeout: 20_000 }).toBe(1)
      await expect.poll(() => panel().textContent()).toContain('No domain yet')
      expect(await panel().getByRole('button', { name: 'Add preview domain' }).count()).toBe(1)
    })

    it('refuses hostile names and paths in the form, sending nothing', async () => {
      const add = panel().getByRole('button', { name: 'Add domain' })
      for (const bad of [
        'shop.test;rm -rf /',
        'shop.test{}',
        '$(id).test',
        '`id`.test',
        'a b.test',
        `${'x'.repeat(64)}.test`,
        '*.shop.test',
        'localhost'
      ]) {
        await panel().getByLabel('Domain').fill(bad)
        expect(await panel().locator('.field-error').textContent(), bad).toBeTruthy()
        expect(await add.isDisabled(), bad).toBe(true)
      }
      await panel().getByLabel('Domain').fill(DOMAIN)
      for (const bad of ['api', '/../etc', '/a b', '/x{y}']) {
        await panel().getByLabel('Path prefix').fill(bad)
        expect(await panel().locator('.field-error').textContent(), bad).toBeTruthy()
      }
      await panel().getByLabel('Path prefix').fill('')
      const listed = await pierCli(home, 'domain', 'list', '--json')
      expect(JSON.parse(listed.stdout)).toEqual([])
    })

    it('adds a domain: listed on the page, and the host’s proxy serves the app on it over HTTPS', async () => {
      await panel().getByLabel('Domain').fill('Shop.Test')
      await panel().getByLabel('TLS').selectOption('internal')
      await panel().getByRole('button', { name: 'Add domain' }).click()
      const item = panel().locator(`li[data-domain="${DOMAIN}"]`)
      await expect.poll(() => item.count(), { timeout: 120_000 }).toBe(1)
      expect(await item.locator('a').getAttribute('href')).toBe(`https://${DOMAIN}/`)
      expect(await item.textContent()).toContain('TLS internal')
      await expect
        .poll(() => viaProxy(conn, DOMAIN), { timeout: 90_000, interval: 1000 })
        .toMatch(/^the shop, from /)
      const cert = await execOn(
        conn,
        `curl -skv -o /dev/null --resolve ${DOMAIN}:443:127.0.0.1 https://${DOMAIN}/ 2>&1 | grep -E "issuer:"`
      )
      expect(cert.stdout).toMatch(/Caddy Local Authority/)
      const listed = JSON.parse((await pierCli(home, 'domain', 'list', '--json')).stdout) as {
        domain: string
        app: string
      }[]
      expect(listed.map((d) => [d.app, d.domain])).toEqual([[APP, DOMAIN]])

      await page.mouse.move(5, 5)
      fs.mkdirSync(path.join(root, 'docs'), { recursive: true })
      const file = path.join(root, 'docs/domain.png')
      await page.screenshot({ path: file, fullPage: true })
      expect(fs.statSync(file).size).toBeGreaterThan(5_000)
    }, 300_000)

    it('removes it: gone from the page and the list, and the proxy stops serving the app there', async () => {
      await panel()
        .getByRole('button', { name: `Remove ${DOMAIN}` })
        .click()
      await expect
        .poll(() => panel().locator(`li[data-domain="${DOMAIN}"]`).count(), { timeout: 60_000 })
        .toBe(0)
      expect(JSON.parse((await pierCli(home, 'domain', 'list', '--json')).stdout)).toEqual([])
      await expect
        .poll(() => viaProxy(conn, DOMAIN), { timeout: 60_000, interval: 1000 })
        .not.toMatch(/the shop/)
    }, 180_000)

    it('ran without console errors', () => {
      expect(problems).toEqual([])
    })
  }
)
