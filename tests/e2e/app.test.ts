// The real renderer, served by the real `pier serve`, in Debian's Chromium: the app loads,
// reaches data-app-state="ready", lists the servers in SQLite, and shows the same list as the CLI.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createCore } from '../../main/core/core'
import { chromiumMissing, launch } from './browser'
import { pierCli, pierServe, root, type Served } from './serve'

const missing = chromiumMissing()
if (missing && process.env.CI === 'true') throw new Error(`CI: ${missing}`)
if (missing) console.warn(`e2e skipped: ${missing}`)

const artifacts = path.join(root, 'tests/e2e/artifacts')
const home = fs.mkdtempSync(path.join(os.tmpdir(), 'pier-e2e-'))
let served: Served
let browser: Browser
let page: Page
const problems: string[] = []

beforeAll(async () => {
  const core = createCore({ home })
  core.servers.record({
    name: 'web-1',
    host: '203.0.113.7',
    username: 'deploy',
    authMethod: 'agent',
    hostKeyType: 'ssh-ed25519',
    hostKeyFingerprint: 'SHA256:nThbg6kXUpJWGl7E1IGOCspRomTxdCARLviKw6E5SY8'
  })
  core.servers.record({
    name: 'db-<b>bold</b>',
    host: '203.0.113.8',
    port: 2222,
    username: 'ops',
    authMethod: 'key'
  })
  core.close()
  served = await pierServe(home)
  if (missing) return
  browser = await launch()
  page = await browser.newPage({ viewport: { width: 1280, height: 800 } })
  page.on('console', (m) => m.type() === 'error' && problems.push(m.text()))
  page.on('pageerror', (e) => problems.push(e.message))
})

afterAll(async () => {
  await browser?.close()
  await served?.stop()
  fs.rmSync(home, { recursive: true, force: true })
})

describe.skipIf(!!missing)('Pier in Chromium via pier serve', () => {
  it('loads, becomes ready, and lists the servers from SQLite', async () => {
    await page.goto(served.url)
    await page.waitForSelector('[data-app-state="ready"]', { timeout: 20_000 })
    await expect.poll(() => page.getByText('web-1', { exact: true }).count()).toBeGreaterThan(0)
    // Names are text, never HTML.
    expect(await page.getByText('db-<b>bold</b>').count()).toBeGreaterThan(0)
    expect(await page.locator('b', { hasText: 'bold' }).count()).toBe(0)
    fs.mkdirSync(artifacts, { recursive: true })
    await page.screenshot({ path: path.join(artifacts, 'servers.png') })
    expect(fs.statSync(path.join(artifacts, 'servers.png')).size).toBeGreaterThan(5_000)
  })

  it('has a sidebar with every section', async () => {
    for (const name of ['Servers', 'Apps', 'Databases', 'Backups', 'Monitoring', 'Terminals']) {
      expect(
        await page.getByRole('navigation').getByText(name, { exact: true }).count(),
        name
      ).toBe(1)
    }
  })

  it('ran without console errors or CSP violations', async () => {
    expect(await page.locator('[data-app-state="ready"]').count()).toBe(1)
    expect(problems).toEqual([])
  })

  it('the CLI reads the same servers through the same router', async () => {
    const { code, stdout } = await pierCli(home, 'server', 'list', '--json')
    expect(code).toBe(0)
    const names = (JSON.parse(stdout) as Array<{ name: string }>).map((s) => s.name)
    expect(names).toEqual(['db-<b>bold</b>', 'web-1'])
  })
})
