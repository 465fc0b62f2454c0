// The Stacks page end to end: the real renderer served by the real `pier serve` (the built CLI)
// on a throwaway home, in Debian's Chromium, against a real test host with a swarm. A pasted
// compose file and env deploy with a live log, the stack shows up running and goes down from
// its row; the template gallery lists Pier's templates, its form previews a render with the
// values typed in, and (with a keychain) deploys one. Screenshots: tests/e2e/artifacts/stacks-*.png
// and templates.png (copied to docs/templates.png for the README).
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { Browser, Locator, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launch, openApp } from '../e2e/browser'
import { pierCli, pierServe, type Served } from '../e2e/serve'
import { ensureSwarm, fetchOnHost, leaveSwarm } from './apps-support'
import { connectSsh, hostsOrSkip, type TestHost } from './support'
import { addServerByCli, pierOk, screenshot, uiMissing } from './ui-support'

const hosts = hostsOrSkip()
const keyring = process.env.PIER_KEYRING_READY === '1'
const PORT = 18_094

const COMPOSE = `services:
  hello:
    image: busybox:local
    command: ['sh', '-c', 'mkdir -p /www && printf "%s\\n" "$$GREETING" > /www/index.html && exec httpd -f -p 8080 -h /www']
    environment:
      GREETING: \${GREETING}
    stop_grace_period: 1s
    ports:
      - target: 8080
        published: ${PORT}
        mode: host
    deploy:
      endpoint_mode: dnsrr
`
const GREETING = '<b>hi</b> $HOME "q" #x'

describe.skipIf(hosts.length === 0 || uiMissing('stacks', hosts.length > 0))(
  'Stacks UI (Chromium, real host)',
  () => {
    const h1 = hosts[0] as TestHost
    let home: string
    let served: Served
    let browser: Browser
    let page: Page
    const problems: string[] = []

    const pier = (...args: string[]): Promise<string> => pierOk(home, ...args)
    const shot = (name: string): Promise<string> => screenshot(page, name)
    const row = (name: string): Locator => page.locator(`tr[data-stack="${name}"]`)

    beforeAll(async () => {
      await ensureSwarm(h1)
      home = fs.mkdtempSync(path.join(os.tmpdir(), 'pier-stacks-ui-'))
      await addServerByCli(home, h1)
      served = await pierServe(home)
      browser = await launch()
      page = await openApp(browser, served.url, problems, { width: 1280, height: 900 })
      await page.locator('button.nav-item[data-page="stacks"]').click()
    })

    afterAll(async () => {
      await browser?.close()
      await served?.stop()
      if (home) {
        for (const s of ['hello', 'probe'])
          await pierCli(home, 'stack', 'remove', s).catch(() => undefined)
        fs.rmSync(home, { recursive: true, force: true })
      }
      await leaveSwarm(h1)
    }, 300_000)

    it('deploys a pasted compose file and env, with its live log, and lists it running', async () => {
      await expect.poll(() => page.locator('.stacks-empty').count()).toBe(1)
      const form = page.getByRole('form', { name: 'Deploy a stack' })
      await form.locator('input[name="stack-name"]').fill('hello')
      await form.locator('textarea[name="stack-compose"]').fill(COMPOSE)
      await form.locator('textarea[name="stack-env"]').fill(`# greeting\nGREETING=${GREETING}\n`)
      await form.getByRole('button', { name: 'Deploy' }).click()

      const log = page.locator('section.stack-deploy-log')
      await expect
        .poll(() => log.getAttribute('data-log-state'), { timeout: 120_000 })
        .toBe('ended')
      expect(await log.textContent()).toContain('deployed stack hello')
      await expect
        .poll(() => row('hello').getAttribute('data-status'), { timeout: 60_000 })
        .toBe('running')
      expect(await row('hello').textContent()).toContain('hello 1/1')
      const conn = await connectSsh(h1)
      try {
        expect(await fetchOnHost(conn, PORT)).toBe(`${GREETING}\n`)
      } finally {
        conn.end()
      }
      await shot('stacks-list')
    }, 200_000)

    it('takes the stack down from its row', async () => {
      await row('hello').locator('button[data-action="down"]').click()
      await expect
        .poll(() => row('hello').getAttribute('data-status'), { timeout: 60_000 })
        .toBe('down')
      const list = JSON.parse(await pier('stack', 'list', '--json')) as { status: string }[]
      expect(list.map((s) => s.status)).toEqual(['down'])
    }, 120_000)

    it('the gallery lists the templates; the form previews a render with the values typed in', async () => {
      await page.locator('[role="tab"][data-tab="templates"]').click()
      const cards = page.locator('button.template-card')
      await expect.poll(() => cards.count()).toBe(3)
      expect(await page.locator('.template-cards').textContent()).toContain('Static site')
      await page.locator('button.template-card[data-template="static-site"]').click()
      const form = page.locator('form.template-form')
      await form.locator('input[name="var-site_title"]').fill('<i>Shop</i> $(id)')
      // The Down above may still be finishing (it waits for the containers to go).
      await expect
        .poll(() => form.getByRole('button', { name: 'Preview' }).isEnabled(), { timeout: 60_000 })
        .toBe(true)
      await page.locator('.page-tabs').scrollIntoViewIfNeeded()
      await shot('templates')
      await form.getByRole('button', { name: 'Preview' }).click()
      const preview = page.getByLabel('Rendered template')
      await expect.poll(() => preview.count()).toBe(1)
      const text = (await preview.textContent()) ?? ''
      expect(text).toContain('<h1><i>Shop</i> $(id)</h1>')
      expect(text).toMatch(/\/:admin:[a-z0-9]{24}/)
      // The user's markup is text in the page, never elements.
      expect(await preview.locator('i').count()).toBe(0)
      await shot('templates-preview')
    })

    it.skipIf(!keyring)(
      'deploys a template from its form',
      async () => {
        await page.locator('button.template-card[data-template="web-and-probe"]').click()
        const form = page.locator('form.template-form')
        await form.locator('input[name="template-stack"]').fill('probe')
        await form.locator('input[name="var-image"]').fill('busybox:local')
        await form.getByRole('button', { name: 'Deploy' }).click()
        const log = page.locator('section.stack-deploy-log')
        await expect
          .poll(() => log.getAttribute('aria-label'), { timeout: 30_000 })
          .toBe('Deploy log of probe')
        await expect
          .poll(() => log.getAttribute('data-log-state'), { timeout: 120_000 })
          .toBe('ended')
        expect(await log.textContent()).toContain('deployed stack probe')
        await page.locator('[role="tab"][data-tab="stacks"]').click()
        await expect
          .poll(() => row('probe').getAttribute('data-status'), { timeout: 60_000 })
          .toBe('running')
        expect(await row('probe').textContent()).toContain('builtin:web-and-probe')
      },
      200_000
    )

    it('raised no console errors', () => {
      expect(problems).toEqual([])
    })
  }
)
