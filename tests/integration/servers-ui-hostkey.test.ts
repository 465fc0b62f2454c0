// A saved server whose host key changed, seen in the real UI against a real host: the detail
// page stops with both fingerprints, trusting needs a second confirmation naming the new key,
// and afterwards the server is ready again over its pooled connection.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createCore } from '../../main/core/core'
import { rekeyHost, restoreHostKey } from '../hosts/harness'
import { chromiumMissing, launch } from '../e2e/browser'
import { pierServe, root, type Served } from '../e2e/serve'
import { hostsOrSkip, type TestHost, recordHarnessServer } from './support'

const hosts = hostsOrSkip()
const missing = chromiumMissing()
const built =
  fs.existsSync(path.join(root, 'out/main/cli.js')) &&
  fs.existsSync(path.join(root, 'out/renderer/index.html'))
const artifacts = path.join(root, 'tests/e2e/artifacts')

describe.skipIf(hosts.length === 0 || !!missing || !built)(
  'changed host key in the UI (real host)',
  () => {
    let home = ''
    let served: Served
    let browser: Browser
    let page: Page
    let h1: TestHost
    let rekeyed: TestHost

    beforeAll(async () => {
      h1 = hosts[0] as TestHost
      home = fs.mkdtempSync(path.join(os.tmpdir(), 'pier-ui-key-'))
      // Pinned to the host's original key, as if added earlier; then the host gets a new key.
      const core = createCore({ home })
      recordHarnessServer(core, h1, 'edge')
      core.close()
      rekeyed = await rekeyHost(h1.name)
      served = await pierServe(home)
      browser = await launch()
      page = await browser.newPage({ viewport: { width: 1280, height: 900 } })
      await page.goto(served.url)
      await page.waitForSelector('[data-app-state="ready"]', { timeout: 20_000 })
    })

    afterAll(async () => {
      await browser?.close()
      await served?.stop()
      await restoreHostKey(h1.name)
      fs.rmSync(home, { recursive: true, force: true })
    })

    it('stops with both fingerprints and trusts only after a second, explicit confirmation', async () => {
      await page.locator('tr[data-server-name="edge"]').click()
      const detail = page.locator('section.detail')
      await detail.getByRole('button', { name: 'Ping' }).click()
      const panel = page.getByTestId('host-key-panel')
      await expect.poll(() => panel.count(), { timeout: 20_000 }).toBe(1)
      expect(await panel.getByTestId('host-key-old').textContent()).toBe(h1.hostKeyFingerprint)
      expect(await panel.getByTestId('host-key-new').textContent()).toBe(rekeyed.hostKeyFingerprint)
      fs.mkdirSync(artifacts, { recursive: true })
      await page.screenshot({ path: path.join(artifacts, 'hostkey-changed.png') })

      await panel.getByRole('button', { name: 'I have verified the change…' }).click()
      const confirm = page.getByTestId('trust-confirm')
      await expect.poll(() => confirm.count()).toBe(1)
      await confirm.getByRole('button', { name: /^Trust SHA256:/ }).click()
      await expect
        .poll(
          () =>
            page
              .locator('tr[data-server-name="edge"], section.detail')
              .locator('[data-status]')
              .first()
              .getAttribute('data-status'),
          { timeout: 30_000 }
        )
        .toBe('ready')
      expect(await detail.getByTestId('detail-fingerprint').textContent()).toBe(
        rekeyed.hostKeyFingerprint
      )
    })
  }
)
