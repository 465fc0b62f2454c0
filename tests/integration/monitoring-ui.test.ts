// The Monitoring UI end to end: the real renderer served by the real `pier serve` on a throwaway
// home, in Debian's Chromium, against a real test host. A synthetic week of 10-second samples
// (60,480, with one 97% CPU spike and a wave of memory) is written into the home's SQLite through
// MetricsStore before the server starts. The week's CPU chart draws a bounded path (one point per
// pixel column) that still reaches the spike, and its tooltip says so; with the collector enabled from the UI, the
// 15-minute chart grows with live samples, and live mode stops when the page is hidden.
// Screenshots go to tests/e2e/artifacts/monitoring-*.png.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { Browser, Locator, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createCore } from '../../main/core/core'
import { chromiumMissing, launch } from '../e2e/browser'
import { pierServe, root, type Served } from '../e2e/serve'
import { memoryKeychain } from '../support/memory-keychain'
import { syntheticHistory, type SyntheticHistory } from '../support/metrics-history'
import { hostsOrSkip, type TestHost } from './support'

const hosts = hostsOrSkip()
const missing = chromiumMissing()
const built =
  fs.existsSync(path.join(root, 'out/main/cli.js')) &&
  fs.existsSync(path.join(root, 'out/renderer/index.html'))
if (hosts.length > 0 && missing) console.warn(`monitoring UI test skipped: ${missing}`)
if (hosts.length > 0 && !built) console.warn('monitoring UI test skipped: run `npm run build`')

const artifacts = path.join(root, 'tests/e2e/artifacts')
const WEEK = 7 * 86_400

/** The points of an SVG path as recharts writes a linear curve: M x,y L x,y … */
function pathPoints(d: string): [number, number][] {
  return [...d.matchAll(/[ML]\s*(-?[\d.]+)[ ,](-?[\d.]+)/g)].map((m) => [
    Number(m[1]),
    Number(m[2])
  ])
}

describe.skipIf(hosts.length === 0 || !!missing || !built)(
  'Monitoring UI (Chromium, real host)',
  () => {
    const h1 = hosts[0] as TestHost
    let home = ''
    let served: Served
    let browser: Browser
    let page: Page
    let history: SyntheticHistory
    const problems: string[] = []

    const record = (core: ReturnType<typeof createCore>): void => {
      core.servers.record({
        name: 'h1',
        host: h1.sshHost,
        port: h1.sshPort,
        username: h1.username,
        authMethod: 'keyfile',
        keyPath: h1.privateKeyPath,
        hostKeyType: 'ssh-ed25519',
        hostKeyFingerprint: h1.hostKeyFingerprint
      })
    }
    const shot = async (name: string): Promise<void> => {
      fs.mkdirSync(artifacts, { recursive: true })
      const file = path.join(artifacts, `monitoring-${name}.png`)
      await page.screenshot({ path: file, fullPage: true })
      expect(fs.statSync(file).size).toBeGreaterThan(5_000)
    }
    // Buttons ease their colours for a moment after a theme switch; shoot once they settled.
    const darkShot = async (name: string): Promise<void> => {
      await page.locator('[data-theme-option="dark"]').click()
      await expect.poll(() => page.evaluate('document.documentElement.dataset.theme')).toBe('dark')
      await page.waitForTimeout(400)
      await shot(name)
      await page.locator('[data-theme-option="light"]').click()
      await page.waitForTimeout(400)
    }
    const chart = (id: string): Locator => page.locator(`[data-chart="${id}"]`)
    const points = async (id: string): Promise<number> =>
      Number(await chart(id).getAttribute('data-points'))
    const ready = (): Promise<string | null> =>
      page.locator('section.monitoring').getAttribute('data-series-status')

    beforeAll(async () => {
      home = fs.mkdtempSync(path.join(os.tmpdir(), 'pier-monitoring-ui-'))
      const core = createCore({ home, keychain: memoryKeychain() })
      record(core)
      const now = Math.floor(Date.now() / 1000)
      history = syntheticHistory({
        from: now - WEEK + 120,
        to: now - 30,
        container: { name: 'shop_web.1.abc', app: 'shop' }
      })
      expect(history.samples.length).toBeGreaterThan(60_000)
      core.metrics.store.insert(core.servers.get('h1').id, history.samples)
      core.close()

      served = await pierServe(home)
      browser = await launch()
      page = await browser.newPage({ viewport: { width: 1280, height: 1000 } })
      page.on('console', (m) => m.type() === 'error' && problems.push(m.text()))
      page.on('pageerror', (e) => problems.push(e.message))
      await page.goto(served.url)
      await page.waitForSelector('[data-app-state="ready"]', { timeout: 20_000 })
    }, 120_000)

    afterAll(async () => {
      await browser?.close()
      await served?.stop()
      if (!home) return
      // Leave the host as we found it: no collector in its crontab, no sample files.
      const core = createCore({ home, keychain: memoryKeychain() })
      await core.metrics.disable('h1').catch(() => undefined)
      await core.pool
        .link(core.servers.get('h1').id)
        .exec('rm -rf ~/.pier/metrics', { timeoutMs: 30_000 })
        .catch(() => undefined)
      core.close()
      fs.rmSync(home, { recursive: true, force: true })
    }, 60_000)

    it('the overview has a small chart for the server, and Ctrl+5 opens it', async () => {
      await page.keyboard.press('Control+5')
      await expect.poll(() => page.locator('#content').getAttribute('data-page')).toBe('monitoring')
      const card = page.locator('li.metric-card[data-server-name="h1"]')
      await expect
        .poll(() => card.locator('.sparkline path.recharts-curve').count(), { timeout: 20_000 })
        .toBe(2)
      expect(await card.textContent()).toContain('Memory')
      // Not collecting yet: the card offers to turn the collector on.
      expect(await card.getAttribute('data-metrics')).toBe('off')
      expect(await card.getByRole('button', { name: 'Enable metrics' }).count()).toBe(1)
      await shot('overview-off')
    })

    it('a card opens the server’s Monitoring tab', async () => {
      await page.locator('li.metric-card[data-server-name="h1"] .metric-card-name').click()
      await expect.poll(() => page.locator('#content').getAttribute('data-page')).toBe('servers')
      expect(
        await page.getByRole('tab', { name: 'Monitoring' }).getAttribute('aria-selected')
      ).toBe('true')
      await expect.poll(ready, { timeout: 20_000 }).toBe('ready')
      expect(await page.getByTestId('collector-settings').textContent()).toContain('Collector off')
    })

    it('7 days: a bounded CPU path that still reaches the 97% spike, and says so on hover', async () => {
      await page.locator('[data-range="7d"]').click()
      await expect.poll(ready, { timeout: 30_000 }).toBe('ready')
      const peak = chart('cpu').locator('.series-cpuMax path.recharts-area-curve')
      await expect.poll(() => peak.count(), { timeout: 20_000 }).toBe(1)
      // At most one point per pixel column of the plot, so the pointer can reach every one.
      const box = await chart('cpu').locator('svg.recharts-surface').first().boundingBox()
      if (!box) throw new Error('no chart surface')
      expect(await points('cpu')).toBeLessThanOrEqual(box.width)
      const d = (await peak.getAttribute('d')) ?? ''
      const pts = pathPoints(d)
      expect(pts.length).toBeGreaterThan(200)
      expect(pts.length).toBeLessThanOrEqual(box.width)

      // Read the value at the path's highest point off the axis: where 0% and 100% are drawn.
      const tickY = async (label: string): Promise<number> =>
        Number(
          await chart('cpu')
            .locator('.recharts-yAxis-tick-labels text', { hasText: label })
            .first()
            .getAttribute('y')
        )
      const y0 = await tickY('0%')
      const y100 = await tickY('100%')
      const top = pts.reduce((a, b) => (b[1] < a[1] ? b : a))
      const value = (100 * (y0 - top[1])) / (y0 - y100)
      expect(value).toBeGreaterThan(90)
      expect(value).toBeLessThan(100)

      // Hover there: the tooltip gives the exact figure of that minute's peak.
      const seen: number[] = []
      for (const dx of [0, -0.5, 0.5, -1, 1]) {
        await page.mouse.move(box.x + top[0] + dx, box.y + top[1] + 4)
        const tip = chart('cpu').locator('[data-testid="chart-tooltip"] li[data-series="cpuMax"]')
        await expect.poll(() => tip.count()).toBe(1)
        seen.push(parseFloat(/([\d.]+)%/.exec((await tip.textContent()) ?? '')?.[1] ?? '0'))
        if (Math.max(...seen) >= 90) break
      }
      expect(Math.max(...seen)).toBe(history.spikeCpu)
      expect(await chart('cpu').locator('[data-testid="chart-tooltip"]').textContent()).toMatch(
        /\w{3} \d+ \w{3}, \d\d:\d\d:\d\d/
      )
      await shot('server')
      await page.mouse.move(5, 5)
      await darkShot('server-dark')

      // The other charts drew their week too, within the same budget per line.
      for (const id of ['load', 'memory', 'disk', 'io', 'network']) {
        expect(await points(id)).toBeGreaterThan(200)
        expect(await points(id)).toBeLessThanOrEqual(1000)
      }
      expect(await page.getByTestId('containers-empty').textContent()).toContain('6 hours')
    })

    it('1 hour: the container chart names the app', async () => {
      await page.locator('[data-range="1h"]').click()
      await expect.poll(ready, { timeout: 30_000 }).toBe('ready')
      await expect.poll(() => chart('containers-cpu').count()).toBe(1)
      expect(await chart('containers-cpu').textContent()).toContain('shop')
      expect(await points('cpu')).toBeGreaterThan(300)
    })

    it('with the collector on (every 2 s), the 15-minute chart grows with live samples', async () => {
      await page.getByLabel('Sample interval').selectOption('2')
      await page.getByRole('button', { name: 'Enable metrics' }).click()
      await expect
        .poll(() => page.getByTestId('collector-settings').textContent(), { timeout: 60_000 })
        .toContain('a sample every 2 s')
      await page.locator('[data-range="15m"]').click()
      await expect.poll(ready, { timeout: 30_000 }).toBe('ready')
      const badge = page.locator('section.monitoring [data-live-state]')
      await expect
        .poll(() => badge.getAttribute('data-live-state'), { timeout: 30_000 })
        .toBe('live')
      const before = await points('cpu')
      await expect
        .poll(() => points('cpu'), { timeout: 12_000, interval: 500 })
        .toBeGreaterThan(before)
      const after = await points('cpu')
      await expect
        .poll(() => points('cpu'), { timeout: 12_000, interval: 500 })
        .toBeGreaterThan(after)
      const path15 = await chart('cpu')
        .locator('.series-cpu path.recharts-line-curve')
        .getAttribute('d')
      expect(pathPoints(path15 ?? '').length).toBeGreaterThanOrEqual(before)
      expect(await page.getByTestId('last-synced').textContent()).toMatch(/Synced/)
      await shot('server-live')
      await darkShot('server-live-dark')
    })

    it('Sync now copies the new samples and says when', async () => {
      await page.getByRole('button', { name: 'Sync now' }).click()
      await expect
        .poll(() => page.getByRole('button', { name: 'Sync now' }).isEnabled(), { timeout: 60_000 })
        .toBe(true)
      expect(await page.getByTestId('last-synced').textContent()).toBe('Synced just now')
    })

    it('live mode stops while the page is hidden, and resumes when shown', async () => {
      const setVisibility = (state: string) =>
        page.evaluate(`(() => {
          Object.defineProperty(document, 'visibilityState', { value: '${state}', configurable: true })
          document.dispatchEvent(new Event('visibilitychange'))
        })()`)
      const badge = page.locator('section.monitoring [data-live-state]')
      await setVisibility('hidden')
      await expect.poll(() => badge.getAttribute('data-live-state')).toBe('off')
      const frozen = await points('cpu')
      await new Promise((r) => setTimeout(r, 5_000))
      expect(await points('cpu')).toBe(frozen)
      await setVisibility('visible')
      await expect
        .poll(() => badge.getAttribute('data-live-state'), { timeout: 30_000 })
        .toBe('live')
    })

    it('the overview now shows the server collecting, with its last hour', async () => {
      await page.keyboard.press('Control+5')
      const card = page.locator('li.metric-card[data-server-name="h1"]')
      await expect.poll(() => card.getAttribute('data-metrics'), { timeout: 20_000 }).toBe('on')
      expect(await card.getByTestId('card-collector').textContent()).toContain('every 2 s')
      await expect.poll(() => card.locator('.sparkline path.recharts-curve').count()).toBe(2)
      await shot('overview')
      await darkShot('overview-dark')
    })

    it('ran without console errors or CSP violations', () => {
      expect(problems).toEqual([])
    })
  }
)
