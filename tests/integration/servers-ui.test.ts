// The Servers UI end to end: the real renderer served by the real `pier serve` (the built CLI) on
// a throwaway home, in Debian's Chromium, adding a real test host through the Add Server wizard.
// The fingerprint the wizard shows must be the host's own (as `ssh-keygen -lf` prints it), and
// after "trust and add" the server must be listed and reach "ready" over its pooled connection.
// Screenshots of each step go to tests/e2e/artifacts/wizard-*.png.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { Browser, Locator, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launch, openApp } from '../e2e/browser'
import { pierServe, type Served } from '../e2e/serve'
import { hostsOrSkip, type TestHost } from './support'
import { screenshot, uiMissing } from './ui-support'

const hosts = hostsOrSkip()
const NAME = 'h1-ui'

describe.skipIf(hosts.length === 0 || uiMissing('servers', hosts.length > 0))(
  'Servers UI (Chromium, real host)',
  () => {
    const h1 = hosts[0] as TestHost
    let home: string
    let served: Served
    let browser: Browser
    let page: Page
    const problems: string[] = []

    const shot = (name: string): Promise<string> => screenshot(page, `wizard-${name}`)
    const wizard = (): Locator => page.getByTestId('add-server-wizard')
    const step = (): Promise<string | null> => wizard().getAttribute('data-step')
    const row = (): Locator => page.locator(`tr[data-server-name="${NAME}"]`)

    /** Opens the wizard from wherever the page is and fills the connection step for h1. */
    async function startWizard(name: string): Promise<void> {
      await page.getByRole('button', { name: 'Add server…' }).click()
      await expect.poll(step).toBe('connection')
      await wizard().getByLabel('Name', { exact: true }).fill(name)
      await wizard().getByLabel('Host', { exact: true }).fill(h1.sshHost)
      await wizard().getByLabel('SSH port', { exact: true }).fill(String(h1.sshPort))
      await wizard().getByLabel('User', { exact: true }).fill(h1.username)
    }

    beforeAll(async () => {
      home = fs.mkdtempSync(path.join(os.tmpdir(), 'pier-ui-'))
      served = await pierServe(home)
      browser = await launch()
      page = await openApp(browser, served.url, problems, { width: 1280, height: 900 })
    })

    afterAll(async () => {
      await browser?.close()
      await served?.stop()
      if (home) fs.rmSync(home, { recursive: true, force: true })
    })

    it('validates the name live and says the rule; Escape closes the wizard', async () => {
      await page.getByTestId('servers-empty').getByRole('button', { name: 'Add server…' }).click()
      await expect.poll(step).toBe('connection')
      const name = wizard().getByLabel('Name', { exact: true })
      // Focus starts in the name field (a string expression: this file is type-checked without DOM).
      await expect
        .poll(() => page.evaluate<string | null>("document.activeElement?.getAttribute('name')"))
        .toBe('name')
      await expect
        .poll(() =>
          wizard()
            .getByText(/lowercase letters, digits or/)
            .count()
        )
        .toBe(1)
      await name.fill('Web 1')
      await expect
        .poll(() => wizard().getByText('Not allowed: “W”, space. Use lowercase.').count())
        .toBe(1)
      expect(await name.getAttribute('aria-invalid')).toBe('true')
      await name.fill('web-1')
      await expect.poll(() => name.getAttribute('aria-invalid')).toBeNull()
      await page.keyboard.press('Escape')
      await expect.poll(() => wizard().count()).toBe(0)
    })

    it('an unreadable key file is reported with its hint, on the sign-in step', async () => {
      await startWizard('h1-bad-key')
      await page.keyboard.press('Enter')
      await expect.poll(step).toBe('signin')
      await wizard().getByLabel('Private key file').fill('/nonexistent/id_ed25519')
      await wizard().getByRole('button', { name: 'Connect' }).click()
      const error = wizard().locator('[data-error-code]')
      await expect.poll(() => error.getAttribute('data-error-code')).toBe('key_unreadable')
      expect(await error.textContent()).toContain('/nonexistent/id_ed25519')
      expect(await error.textContent()).toContain('Check the path')
      await expect.poll(step).toBe('signin')
      await wizard().getByRole('button', { name: 'Cancel' }).click()
      await expect.poll(() => wizard().count()).toBe(0)
    })

    it('adds h1: shows its real fingerprint, trusts it, checks it', async () => {
      await startWizard(NAME)
      await shot('1-connection')
      await page.keyboard.press('Enter')
      await expect.poll(step).toBe('signin')
      await wizard().getByRole('radio', { name: 'Key file' }).check()
      await wizard().getByLabel('Private key file').fill(h1.privateKeyPath)
      await shot('2-signin')
      await wizard().getByRole('button', { name: 'Connect' }).click()

      await expect.poll(step, { timeout: 30_000 }).toBe('verify')
      const fingerprint = wizard().getByTestId('host-key-fingerprint')
      expect(await fingerprint.textContent()).toBe(h1.hostKeyFingerprint)
      expect(
        await wizard().getByText('ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub').count()
      ).toBe(1)
      // Nothing is saved before the user accepts.
      await expect.poll(() => page.locator('tr[data-server-id]').count()).toBe(0)
      await shot('3-fingerprint')

      await wizard().getByRole('button', { name: 'The fingerprints match — trust and add' }).click()
      await expect.poll(step, { timeout: 30_000 }).toBe('check')
      // The check starts on its own and fills the checklist.
      await expect
        .poll(() => wizard().locator('li[data-check]').count(), { timeout: 60_000 })
        .toBeGreaterThan(5)
      expect(await wizard().locator('li[data-check="docker-engine"]').count()).toBe(1)
      await shot('4-check')
      await wizard().getByRole('button', { name: 'Done' }).click()
      await expect.poll(() => wizard().count()).toBe(0)
    })

    it('lists h1 as ready, with its OS and Docker version from the check', async () => {
      await expect.poll(() => row().count()).toBe(1)
      await expect
        .poll(() => row().locator('[data-status]').getAttribute('data-status'), { timeout: 30_000 })
        .toBe('ready')
      const text = (await row().textContent()) ?? ''
      expect(text).toContain('Ready')
      expect(text).toContain(`${h1.username}@${h1.sshHost}:${h1.sshPort}`)
      expect(text).toContain('Now')
      await shot('5-list')
    })

    it('the detail shows the pinned key, pings and can be removed after confirming', async () => {
      await row().click()
      const detail = page.locator('section.detail')
      await expect.poll(() => detail.count()).toBe(1)
      expect(await detail.getByTestId('detail-fingerprint').textContent()).toBe(
        h1.hostKeyFingerprint
      )
      await detail.getByRole('button', { name: 'Ping' }).click()
      await expect
        .poll(() => detail.getByTestId('ping-latency').textContent(), { timeout: 20_000 })
        .toMatch(/^\d+(\.\d)? ms$/)
      await shot('6-detail')

      await detail.getByRole('button', { name: 'Remove…' }).click()
      const dialog = page.getByRole('dialog', { name: `Remove ${NAME} from Pier?` })
      await expect.poll(() => dialog.count()).toBe(1)
      expect(await dialog.textContent()).toContain('The server itself keeps its files')
      await shot('7-remove')
      await dialog.getByRole('button', { name: `Remove ${NAME}` }).click()
      await expect.poll(() => page.getByTestId('servers-empty').count()).toBe(1)
    })

    it('ran without console errors or CSP violations', () => {
      expect(problems).toEqual([])
    })
  }
)
