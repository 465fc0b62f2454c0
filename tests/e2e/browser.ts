// E2E helper: Debian's Chromium driven by playwright-core (no browser download).
import fs from 'node:fs'
import { chromium, type Browser } from 'playwright-core'

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
