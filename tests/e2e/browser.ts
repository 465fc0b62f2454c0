// E2E helper: Debian's Chromium driven by playwright-core (no browser download).
import fs from 'node:fs'
import { chromium, type Browser, type Page } from 'playwright-core'

export const CHROMIUM = process.env.PIER_CHROMIUM ?? '/usr/bin/chromium'

export function chromiumMissing(): string | null {
  return fs.existsSync(CHROMIUM) ? null : `no Chromium at ${CHROMIUM} (apt-get install chromium)`
}

/** `webgl: true` keeps Chromium's software WebGL (SwiftShader), for the terminal's GPU renderer. */
export function launch(options: { webgl?: boolean } = {}): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      ...(options.webgl ? [] : ['--disable-gpu']),
      '--disable-dev-shm-usage',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-quic',
      '--no-first-run'
    ]
  })
}

/**
 * A page of the served app, loaded until the app says it is ready. Console errors and uncaught
 * page errors are collected in `problems`, so a test can end by asserting there were none.
 */
export async function openApp(
  browser: Browser,
  url: string,
  problems: string[],
  viewport = { width: 1280, height: 860 }
): Promise<Page> {
  const page = await browser.newPage({ viewport })
  page.on('console', (m) => m.type() === 'error' && problems.push(m.text()))
  page.on('pageerror', (e) => problems.push(e.message))
  await page.goto(url)
  await page.waitForSelector('[data-app-state="ready"]', { timeout: 20_000 })
  return page
}
