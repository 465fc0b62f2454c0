// The Containers page end to end: the real renderer served by the real `pier serve` (the built
// CLI) on a throwaway home, in Debian's Chromium, against the Docker engine of a real test host.
// Containers made behind Pier's back show up under their server; a ticking container's log
// follows live with stderr marked apart; env secrets stay masked and hostile labels and log
// lines stay text; stop and remove update the list through engine events; the images tab lists
// busybox:local, and the prune preview names what would go while deleting nothing.
// Screenshots go to tests/e2e/artifacts/containers.png and container-logs.png.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { Browser, Locator, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launch } from '../e2e/browser'
import { pierServe, type Served } from '../e2e/serve'
import { dockerScene, type DockerScene } from './docker-support'
import { hostsOrSkip, type TestHost } from './support'
import { addServerByCli, screenshot, uiMissing } from './ui-support'

const hosts = hostsOrSkip()
const HOSTILE = '<img src=x onerror=window.pwned=1>'

describe.skipIf(hosts.length === 0 || uiMissing('containers', hosts.length > 0))(
  'Containers UI (Chromium, real host)',
  () => {
    const h1 = hosts[0] as TestHost
    let home: string
    let scene: DockerScene
    let served: Served
    let browser: Browser
    let page: Page
    const problems: string[] = []
    const names = { ticker: '', hostile: '', sleeper: '', doomed: '', shop: '' }
    let danglingId = ''

    const shot = (name: string): Promise<string> => screenshot(page, name)
    const row = (name: string): Locator => page.locator(`tr[data-container-name="${name}"]`)
    const drawer = (): Locator => page.locator('aside.container-drawer')
    const open = async (name: string, tab: string): Promise<void> => {
      await row(name).getByRole('button', { name, exact: true }).click()
      await expect.poll(() => drawer().getAttribute('data-container-name')).toBe(name)
      await drawer().locator(`[role="tab"][data-tab="${tab}"]`).click()
    }

    beforeAll(async () => {
      home = fs.mkdtempSync(path.join(os.tmpdir(), 'pier-containers-ui-'))
      await addServerByCli(home, h1)
      // The scene's own engine handle, as another user of the server would make containers.
      scene = await dockerScene([h1], 'cui')
      names.ticker = scene.name('ticker')
      names.hostile = scene.name('hostile')
      names.sleeper = scene.name('sleeper')
      names.doomed = scene.name('doomed')
      names.shop = scene.name('shop-web')
      await scene.run(
        'h1',
        [
          'sh',
          '-c',
          // A burst first, so "last 100 lines" always has more than 100 to cut from, however
          // quickly the tests before it ran; then a steady tick for following.
          'i=0; while [ $i -lt 150 ]; do i=$((i+1)); echo "tick $i"; done; ' +
            'while true; do i=$((i+1)); echo "tick $i"; [ $((i % 3)) -eq 0 ] && echo "warn $i" >&2; sleep 0.2; done'
        ],
        { name: names.ticker }
      )
      const hostile = await scene.run('h1', ['sh', '-c', `echo '${HOSTILE}'; exec sleep 3600`], {
        name: names.hostile,
        Env: ['PASSWORD=hunter2', `GREETING=${HOSTILE}`],
        Labels: { 'evil.label': HOSTILE }
      })
      await scene.run('h1', ['sh', '-c', "trap 'exit 0' TERM; while true; do sleep 0.2; done"], {
        name: names.sleeper
      })
      await scene.run('h1', ['true'], { name: names.doomed })
      await scene.run('h1', ['sleep', '3600'], {
        name: names.shop,
        Labels: { 'com.docker.compose.project': 'shop', 'com.docker.compose.service': 'web' }
      })
      // An untagged commit is a dangling image: something for the prune preview to list.
      danglingId = ((await hostile.commit({})) as { Id: string }).Id

      served = await pierServe(home)
      browser = await launch()
      page = await browser.newPage({ viewport: { width: 1440, height: 900 } })
      page.on('console', (m) => m.type() === 'error' && problems.push(m.text()))
      page.on('pageerror', (e) => problems.push(e.message))
      await page.addInitScript('window.alert = () => { window.pwned = 1 }')
      await page.goto(served.url)
      await page.waitForSelector('[data-app-state="ready"]', { timeout: 20_000 })
    })

    afterAll(async () => {
      await browser?.close()
      await served?.stop()
      if (danglingId)
        await scene
          ?.engine('h1')
          .getImage(danglingId)
          .remove({ force: true })
          .catch(() => undefined)
      await scene?.close()
      if (home) fs.rmSync(home, { recursive: true, force: true })
    })

    it('lists every container under its server (Ctrl+8 opens the page)', async () => {
      await page.locator('body').click({ position: { x: 5, y: 5 } })
      await page.keyboard.press('Control+8')
      await expect.poll(() => page.locator('#content').getAttribute('data-page')).toBe('containers')
      const group = page.locator('tr.container-group[data-group="server:h1"]')
      await expect.poll(() => group.count(), { timeout: 30_000 }).toBe(1)
      for (const name of Object.values(names)) {
        await expect.poll(() => row(name).count(), { timeout: 30_000 }).toBe(1)
        expect(await row(name).getAttribute('data-server')).toBe('h1')
      }
      await expect.poll(() => row(names.doomed).getAttribute('data-state')).toBe('exited')
      expect(await row(names.ticker).getAttribute('data-state')).toBe('running')
      expect(await group.textContent()).toContain('h1')
      await expect.poll(() => page.locator('[data-live]').getAttribute('data-live')).toBe('live')
      await shot('containers')
    })

    it('groups by compose project, filters running ones, and searches', async () => {
      await page.getByLabel('Group by').selectOption('compose')
      const shop = page.locator('tr.container-group[data-group="compose:h1/shop"]')
      await expect.poll(() => shop.count()).toBe(1)
      expect(await shop.textContent()).toContain('shop · h1')
      await page.getByLabel('Group by').selectOption('server')

      await page
        .getByRole('group', { name: 'Show' })
        .getByRole('button', { name: 'Running' })
        .click()
      await expect.poll(() => row(names.doomed).count()).toBe(0)
      expect(await row(names.ticker).count()).toBe(1)
      await page.getByRole('group', { name: 'Show' }).getByRole('button', { name: 'All' }).click()
      await expect.poll(() => row(names.doomed).count()).toBe(1)

      await page.getByLabel('Search containers').fill(names.ticker.slice(5))
      await expect.poll(() => page.locator('tr.container-row').count()).toBe(1)
      expect(await row(names.ticker).count()).toBe(1)
      await page.getByLabel('Search containers').fill('')
      await expect.poll(() => row(names.doomed).count()).toBe(1)
    })

    it('follows a log: new lines arrive, stderr lines are marked apart', async () => {
      await open(names.ticker, 'logs')
      const logs = drawer().locator('section.log-view')
      await expect
        .poll(() => logs.locator('[data-log-state]').getAttribute('data-log-state'), {
          timeout: 20_000
        })
        .toBe('following')
      await expect.poll(() => logs.getAttribute('data-lines'), { timeout: 20_000 }).not.toBe('0')
      const before = Number(await logs.getAttribute('data-lines'))
      // Lines keep coming (one every 200 ms) without any reload.
      await expect
        .poll(async () => Number(await logs.getAttribute('data-lines')), { timeout: 10_000 })
        .toBeGreaterThan(before + 5)
      const stderr = logs.locator('.log-row.log-row-stderr')
      await expect.poll(() => stderr.count()).toBeGreaterThan(0)
      expect(await stderr.first().locator('.log-text').textContent()).toMatch(/^warn \d+$/)
      const stdout = logs.locator('.log-row:not(.log-row-stderr)')
      expect(await stdout.last().locator('.log-text').textContent()).toMatch(/^tick \d+$/)
      // Timestamps are on by default, as their own column.
      expect(await stdout.first().locator('.log-time').textContent()).toMatch(/^\d\d:\d\d:\d\d$/)
      // Red text is not the only sign: the colours differ and the row carries its stream.
      await shot('container-logs')
    })

    it('the log options restart the stream: no timestamps, last 100 lines', async () => {
      const logs = drawer().locator('section.log-view')
      await drawer().getByLabel('Timestamps').uncheck()
      await expect
        .poll(() => logs.locator('.log-row').count(), { timeout: 10_000 })
        .toBeGreaterThan(0)
      expect(await logs.locator('.log-time').count()).toBe(0)
      // Whole: the default tail of 500 holds the burst of 150 and the ticks since.
      await expect
        .poll(async () => Number(await logs.getAttribute('data-lines')), { timeout: 10_000 })
        .toBeGreaterThan(150)
      const whole = Number(await logs.getAttribute('data-lines'))
      await drawer().getByLabel('Lines from the end').selectOption('100')
      await expect
        .poll(async () => Number(await logs.getAttribute('data-lines')), { timeout: 10_000 })
        .toBeGreaterThanOrEqual(100)
      // The restarted stream holds the last 100 and what followed, not the whole log again.
      expect(Number(await logs.getAttribute('data-lines'))).toBeLessThan(whole)
    })

    it('shows live stats with sparklines', async () => {
      await drawer().locator('[role="tab"][data-tab="stats"]').click()
      const cpu = drawer().getByTestId('stat-cpu')
      await expect.poll(() => cpu.count(), { timeout: 20_000 }).toBe(1)
      await expect
        .poll(async () => Number(await cpu.locator('svg').getAttribute('data-points')), {
          timeout: 20_000
        })
        .toBeGreaterThanOrEqual(2)
      expect(await drawer().getByTestId('stat-memory').textContent()).toMatch(/iB/)
    })

    it('shows hostile labels, env and log lines as literal text, secrets masked', async () => {
      await open(names.hostile, 'labels')
      const label = drawer().locator(
        '[data-testid="container-labels"] tr[data-key="evil.label"] td'
      )
      await expect.poll(() => label.count(), { timeout: 20_000 }).toBe(1)
      expect(await label.textContent()).toBe(HOSTILE)

      await drawer().locator('[role="tab"][data-tab="env"]').click()
      const env = drawer().getByTestId('container-env')
      await expect.poll(() => env.count()).toBe(1)
      const password = env.locator('tr[data-key="PASSWORD"] td')
      expect(await password.textContent()).toContain('••••••••')
      expect(await password.textContent()).not.toContain('hunter2')
      expect(await env.locator('tr[data-key="GREETING"] td').textContent()).toBe(HOSTILE)

      await drawer().locator('[role="tab"][data-tab="logs"]').click()
      const text = drawer().locator('.log-row .log-text').first()
      await expect.poll(() => text.textContent(), { timeout: 20_000 }).toBe(HOSTILE)

      // The page never held the secret, never made an element from the markup, and ran nothing.
      expect(await page.content()).not.toContain('hunter2')
      expect(await page.locator('img').count()).toBe(0)
      expect(await page.evaluate('window.pwned')).toBeUndefined()
      await page.keyboard.press('Escape')
      await expect.poll(() => drawer().count()).toBe(0)
    })

    it('Stop updates the row from the engine events, and so does a start behind its back', async () => {
      await row(names.sleeper)
        .getByRole('button', { name: `Stop ${names.sleeper}` })
        .click()
      await expect
        .poll(() => row(names.sleeper).getAttribute('data-state'), { timeout: 30_000 })
        .toBe('exited')
      // Started by someone else: only the engine's event can tell the page.
      await scene.engine('h1').getContainer(names.sleeper).start()
      await expect
        .poll(() => row(names.sleeper).getAttribute('data-state'), { timeout: 15_000 })
        .toBe('running')
    })

    it('Remove asks first; confirmed, the row goes', async () => {
      await row(names.doomed)
        .getByRole('button', { name: `Remove ${names.doomed}…` })
        .click()
      const dialog = page.getByRole('dialog', { name: `Remove ${names.doomed}?` })
      await expect.poll(() => dialog.count()).toBe(1)
      expect(await dialog.textContent()).toContain('on h1')
      await dialog.getByRole('button', { name: 'Cancel' }).click()
      await expect.poll(() => dialog.count()).toBe(0)
      expect(await row(names.doomed).count()).toBe(1)

      await row(names.doomed)
        .getByRole('button', { name: `Remove ${names.doomed}…` })
        .click()
      await dialog.getByRole('button', { name: 'Remove container' }).click()
      await expect.poll(() => dialog.count(), { timeout: 20_000 }).toBe(0)
      await expect.poll(() => row(names.doomed).count(), { timeout: 20_000 }).toBe(0)
      const left = await scene
        .engine('h1')
        .listContainers({ all: true, filters: { name: [names.doomed] } })
      expect(left).toEqual([])
    })

    it('the images tab lists busybox:local; the prune preview deletes nothing', async () => {
      await page.locator('[role="tab"][data-tab="images"]').click()
      const busybox = page.locator('tr[data-image="busybox:local"]')
      await expect.poll(() => busybox.count(), { timeout: 20_000 }).toBe(1)
      expect(await busybox.textContent()).toMatch(/iB/)
      expect(await page.locator('tr[data-dangling]').count()).toBeGreaterThan(0)

      await page.getByRole('button', { name: 'Prune…' }).click()
      const dialog = page.getByRole('dialog', { name: 'Prune images on h1?' })
      const preview = dialog.getByTestId('prune-preview')
      await expect.poll(() => preview.count(), { timeout: 20_000 }).toBe(1)
      expect(await preview.textContent()).toContain(danglingId.replace(/^sha256:/, '').slice(0, 12))
      expect(await preview.textContent()).not.toContain('busybox:local')
      await dialog.getByRole('button', { name: 'Cancel' }).click()
      await expect.poll(() => dialog.count()).toBe(0)
      // Still there: a preview is only a preview.
      const still = await scene.engine('h1').getImage(danglingId).inspect()
      expect(still.Id).toBe(danglingId)
    })

    it('the volumes and networks tabs list the server’s own', async () => {
      await page.locator('[role="tab"][data-tab="networks"]').click()
      await expect
        .poll(() => page.locator('tr[data-network="bridge"]').count(), { timeout: 20_000 })
        .toBe(1)
      expect(await page.locator('tr[data-network="bridge"]').getByRole('button').count()).toBe(0)
      await page.locator('[role="tab"][data-tab="volumes"]').click()
      await expect.poll(() => page.getByTestId('volumes').count()).toBe(1)
      await expect.poll(() => page.locator('[data-testid="volumes"] .loading').count()).toBe(0)
    })

    it('ran without console errors or CSP violations', () => {
      expect(problems).toEqual([])
    })
  }
)
