// The embedded terminal end to end: the real renderer (xterm.js) served by the real `pier serve`
// on a throwaway home, in Debian's Chromium, with shells on a real test host. What the user sees
// is read from xterm's DOM renderer (`.xterm-rows`); the GPU setting is switched off first where
// Chromium offers WebGL, which is also how the settings dialog is exercised.
// A screenshot of a terminal with colour output goes to tests/e2e/artifacts/terminal.png.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { Browser, Locator, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launch, openApp } from '../e2e/browser'
import { pierCli, pierServe, type Served } from '../e2e/serve'
import { hostsOrSkip, type TestHost } from './support'
import { addServerByCli, ARTIFACTS, uiMissing } from './ui-support'

const hosts = hostsOrSkip()
const NAME = 'web'

// Runs in the page (this file is type-checked without the DOM, hence a string).
const SCREEN_TEXT = `(tabId) => {
  const rows = document.querySelectorAll('.term-pane[data-tab-id="' + tabId + '"] .xterm-rows > div')
  return Array.from(rows, (r) => (r.textContent || '').replace(/\\u00a0/g, ' ').trimEnd()).join('\\n')
}`

describe.skipIf(hosts.length === 0 || uiMissing('terminal', hosts.length > 0))(
  'Terminal UI (Chromium, real host)',
  () => {
    const h1 = hosts[0] as TestHost
    let home: string
    let served: Served
    let browser: Browser
    let page: Page
    const problems: string[] = []

    const tabs = (): Locator => page.locator('.term-tab')
    const activeTabId = async (): Promise<string> =>
      (await page.locator('.term-tab[aria-selected="true"]').getAttribute('data-tab-id')) ?? ''
    const pane = (id: string): Locator => page.locator(`.term-pane[data-tab-id="${id}"]`)
    const screen = (id: string): Promise<string> =>
      page.evaluate<string>(`(${SCREEN_TEXT})(${JSON.stringify(id)})`)
    const state = (id: string): Promise<string | null> =>
      pane(id).getAttribute('data-terminal-state')
    const host = (id: string): Locator => pane(id).getByTestId('terminal')

    /** Types into the active terminal (xterm's hidden textarea has the focus). */
    async function type(id: string, text: string): Promise<void> {
      await host(id).click()
      await page.keyboard.type(text)
      await page.keyboard.press('Enter')
    }

    async function waitForText(id: string, pattern: RegExp, timeout = 15_000): Promise<string> {
      await expect.poll(() => screen(id), { timeout }).toMatch(pattern)
      return screen(id)
    }

    beforeAll(async () => {
      home = fs.mkdtempSync(path.join(os.tmpdir(), 'pier-term-ui-'))
      await addServerByCli(home, h1, NAME)
      served = await pierServe(home)
      browser = await launch()
      page = await openApp(browser, served.url, problems, { width: 1280, height: 860 })
    })

    afterAll(async () => {
      await browser?.close()
      await served?.stop()
      if (home) fs.rmSync(home, { recursive: true, force: true })
    })

    let first = ''

    it('opens a terminal from the server page and runs a command in it', async () => {
      await page.locator(`tr[data-server-name="${NAME}"]`).click()
      await page.getByRole('button', { name: 'Open terminal' }).click()
      await expect.poll(() => page.locator('#content').getAttribute('data-page')).toBe('terminals')
      await expect.poll(() => tabs().count()).toBe(1)
      first = await activeTabId()
      await expect.poll(() => state(first), { timeout: 30_000 }).toBe('open')
      expect(await tabs().first().textContent()).toContain(NAME)

      // Where Chromium offers WebGL, turn the GPU setting off: the DOM renderer is readable.
      if ((await host(first).getAttribute('data-renderer')) === 'webgl') {
        await page.getByRole('button', { name: 'Settings…' }).click()
        await page.getByLabel('Draw with the GPU (WebGL) when available').uncheck()
        await page.getByRole('button', { name: 'Done' }).click()
      }
      await expect.poll(() => host(first).getAttribute('data-renderer')).toBe('dom')

      await type(first, 'echo "hi $((6*7))"')
      await waitForText(first, /^hi 42$/m)
    })

    it('a resize of the window reaches the remote pty (stty size matches xterm)', async () => {
      const size = async (): Promise<string> =>
        `${await host(first).getAttribute('data-rows')} ${await host(first).getAttribute('data-cols')}`
      const before = await size()
      await type(first, 'clear; stty size')
      await waitForText(first, new RegExp(`^${before}$`, 'm'))

      await page.setViewportSize({ width: 1000, height: 640 })
      await expect.poll(size).not.toBe(before)
      const after = await size()
      await type(first, 'clear; stty size')
      await waitForText(first, new RegExp(`^${after}$`, 'm'))
    })

    it('settings apply live and are saved', async () => {
      const cols = Number(await host(first).getAttribute('data-cols'))
      await page.getByRole('button', { name: 'Settings…' }).click()
      const dialog = page.getByTestId('terminal-settings')
      await dialog.getByLabel('Font size').fill('17')
      // Bigger cells, fewer columns, while the dialog is still open.
      await expect
        .poll(async () => Number(await host(first).getAttribute('data-cols')))
        .toBeLessThan(cols)
      await dialog.getByRole('button', { name: 'Done' }).click()
      const stored = await pierCli(home, 'settings', 'get', 'terminal', '--json')
      expect(JSON.parse(stored.stdout)).toMatchObject({ fontSize: 17, gpu: false })
      // Back to the default size for the screenshot.
      await page.getByRole('button', { name: 'Settings…' }).click()
      await dialog.getByLabel('Font size').fill('13')
      await dialog.getByRole('button', { name: 'Done' }).click()
    })

    it('saves a snippet for this server and runs it in the terminal', async () => {
      await page.getByRole('button', { name: 'Snippets' }).click()
      const panel = page.getByTestId('snippets')
      await panel.getByRole('button', { name: 'New snippet' }).click()
      await panel.getByLabel('Snippet name').fill('answer')
      await panel.getByLabel('Command').fill('echo "snip $((40+2))"')
      await panel.getByRole('button', { name: 'Save snippet' }).click()
      const row = panel.locator('li[data-snippet-name="answer"]')
      await expect.poll(() => row.count()).toBe(1)
      expect(await row.textContent()).toContain(NAME)

      await type(first, 'clear')
      await row.getByRole('button', { name: 'Paste' }).click()
      await waitForText(first, /echo "snip \$\(\(40\+2\)\)"/)
      expect(await screen(first)).not.toMatch(/^snip 42$/m)
      await page.keyboard.press('Control+U')
      await row.getByRole('button', { name: 'Run' }).click()
      await waitForText(first, /^snip 42$/m)

      const listed = await pierCli(home, 'snippet', 'list', '--server', NAME, '--json')
      expect(JSON.parse(listed.stdout)).toMatchObject([
        { name: 'answer', server: NAME, command: 'echo "snip $((40+2))"' }
      ])
    })

    it('shows colour output (screenshot)', async () => {
      await type(
        first,
        'clear; ls --color=always / ; printf "\\033[31mred\\033[0m \\033[32mgreen\\033[0m \\033[1;34mbold blue\\033[0m\\n"'
      )
      await waitForText(first, /^red green bold blue$/m)
      // The DOM renderer draws colours as classes on spans.
      expect(
        await pane(first).locator('.xterm-rows span[class*="xterm-fg-"]').count()
      ).toBeGreaterThan(0)
      fs.mkdirSync(ARTIFACTS, { recursive: true })
      const file = path.join(ARTIFACTS, 'terminal.png')
      await page.screenshot({ path: file })
      expect(fs.statSync(file).size).toBeGreaterThan(10_000)
    })

    it('copies the selection, pastes with the keyboard, finds in the scrollback', async () => {
      await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], {
        origin: served.origin
      })
      await type(first, 'clear; echo "copy-me-$((3*3))"')
      await waitForText(first, /^copy-me-9$/m)
      // Double-click selects a word in xterm; Ctrl+Shift+C copies it.
      const word = pane(first).locator('.xterm-rows > div', { hasText: /^copy-me-9\s*$/ })
      // xterm's screen layer takes the pointer events, so click where the row is drawn.
      const box = await word.boundingBox()
      if (!box) throw new Error('the row with copy-me-9 is not drawn')
      await page.mouse.dblclick(box.x + 20, box.y + box.height / 2)
      await page.keyboard.press('Control+Shift+C')
      await expect
        .poll(() => page.evaluate<string>('navigator.clipboard.readText()'))
        .toBe('copy-me-9')

      await page.evaluate('navigator.clipboard.writeText("echo pasted-$((5+5))")')
      await host(first).click()
      await page.keyboard.press('Control+Shift+V')
      await page.keyboard.press('Enter')
      await waitForText(first, /^pasted-10$/m)

      await page.keyboard.press('Control+Shift+F')
      const find = page.getByLabel('Find in terminal')
      await expect.poll(() => find.count()).toBe(1)
      await find.fill('copy-me')
      await expect
        .poll(() => pane(first).locator('.xterm-selection div').count())
        .toBeGreaterThan(0)
      await page.keyboard.press('Escape')
      await expect.poll(() => find.count()).toBe(0)
    })

    it('opens a second tab, switches with Ctrl+Tab, closes it after confirming, reopens it', async () => {
      await page.getByRole('button', { name: 'New terminal' }).click()
      await page.getByRole('menuitem', { name: new RegExp(`^${NAME}`) }).click()
      await expect.poll(() => tabs().count()).toBe(2)
      const second = await activeTabId()
      expect(second).not.toBe(first)
      expect(await tabs().nth(1).textContent()).toContain(`${NAME} (2)`)
      await expect.poll(() => state(second), { timeout: 30_000 }).toBe('open')
      await type(second, 'echo "second $((1+1))"')
      await waitForText(second, /^second 2$/m)

      await page.keyboard.press('Control+Tab')
      await expect.poll(activeTabId).toBe(first)
      await page.keyboard.press('Control+Shift+Tab')
      await expect.poll(activeTabId).toBe(second)

      // Rename by double-clicking the title.
      await tabs().nth(1).locator('.term-tab-title').dblclick()
      await page.getByLabel('Tab name').fill('logs')
      await page.keyboard.press('Enter')
      await expect.poll(() => tabs().nth(1).textContent()).toContain('logs')

      await page.getByRole('button', { name: 'Close logs' }).click()
      const dialog = page.getByRole('dialog', { name: 'Close logs?' })
      await expect.poll(() => dialog.count()).toBe(1)
      await dialog.getByRole('button', { name: 'Cancel' }).click()
      expect(await tabs().count()).toBe(2)
      await page.getByRole('button', { name: 'Close logs' }).click()
      await dialog.getByRole('button', { name: 'Close terminal' }).click()
      await expect.poll(() => tabs().count()).toBe(1)
      expect(await activeTabId()).toBe(first)

      await host(first).click()
      await page.keyboard.press('Control+Shift+T')
      await expect.poll(() => tabs().count()).toBe(2)
      expect(await tabs().nth(1).textContent()).toContain('logs')
      const reopened = await activeTabId()
      await expect.poll(() => state(reopened), { timeout: 30_000 }).toBe('open')
      await page.getByRole('button', { name: 'Close logs' }).click()
      await page
        .getByRole('dialog', { name: 'Close logs?' })
        .getByRole('button', { name: 'Close terminal' })
        .click()
      await expect.poll(() => tabs().count()).toBe(1)
    })

    it('a shell that exits shows its code, and Restart opens a fresh one in the same tab', async () => {
      await type(first, 'exit 3')
      await expect.poll(() => state(first), { timeout: 15_000 }).toBe('exited')
      const banner = pane(first).getByTestId('session-banner')
      expect(await banner.textContent()).toContain('Shell exited with code 3')
      await banner.getByRole('button', { name: 'Restart' }).click()
      await expect.poll(() => state(first), { timeout: 30_000 }).toBe('open')
      expect(await banner.count()).toBe(0)
      await type(first, 'echo "again $((2*21))"')
      await waitForText(first, /^again 42$/m)
    })

    it('a lost connection says so, and Reconnect opens a fresh session', async () => {
      // Kill the sshd process serving this connection: the channel closes without an exit status.
      await type(first, 'kill -9 $PPID')
      await expect.poll(() => state(first), { timeout: 30_000 }).toBe('lost')
      const banner = pane(first).getByTestId('session-banner')
      expect(await banner.textContent()).toContain(`Connection to ${NAME} lost`)
      await banner.getByRole('button', { name: 'Reconnect' }).click()
      await expect.poll(() => state(first), { timeout: 60_000 }).toBe('open')
      await type(first, 'echo "back $((6*7))"')
      await waitForText(first, /^back 42$/m)
    })

    it('draws with WebGL while visible, gives the context back when hidden, survives its loss', async () => {
      const gpu = await launch({ webgl: true })
      try {
        const p = await openApp(gpu, served.url, problems, { width: 1280, height: 860 })
        await p.getByRole('button', { name: /^Terminals/ }).click()
        await p.getByRole('button', { name: `Open a shell on ${NAME}` }).click()
        const one = (await p.locator('.term-tab').first().getAttribute('data-tab-id')) ?? ''
        const hostOf = (id: string): Locator =>
          p.locator(`.term-pane[data-tab-id="${id}"]`).getByTestId('terminal')
        await expect
          .poll(
            () => p.locator(`.term-pane[data-tab-id="${one}"]`).getAttribute('data-terminal-state'),
            { timeout: 30_000 }
          )
          .toBe('open')
        // The first test switched the GPU off, and the setting was saved.
        expect(await hostOf(one).getAttribute('data-renderer')).toBe('dom')
        await p.getByRole('button', { name: 'Settings…' }).click()
        await p.getByLabel('Draw with the GPU (WebGL) when available').check()
        await p.getByRole('button', { name: 'Done' }).click()
        await expect.poll(() => hostOf(one).getAttribute('data-renderer')).toBe('webgl')

        // A second tab: the first one, hidden, drops its WebGL context.
        await p.getByRole('button', { name: 'New terminal' }).click()
        await p.getByRole('menuitem', { name: new RegExp(`^${NAME}`) }).click()
        await expect.poll(() => p.locator('.term-tab').count()).toBe(2)
        const two = (await p.locator('.term-tab').nth(1).getAttribute('data-tab-id')) ?? ''
        await expect.poll(() => hostOf(two).getAttribute('data-renderer')).toBe('webgl')
        expect(await hostOf(one).getAttribute('data-renderer')).toBe('dom')
        await p.locator('.term-tab').first().click()
        await expect.poll(() => hostOf(one).getAttribute('data-renderer')).toBe('webgl')
        expect(await hostOf(two).getAttribute('data-renderer')).toBe('dom')

        await p.locator('.term-tab').first().click()
        await p.locator('[data-theme-option="dark"]').click()
        await hostOf(one).click()
        await p.keyboard.type(
          'clear; ls --color=always / ; printf "\\033[31mred\\033[0m \\033[32mgreen\\033[0m \\033[1;34mbold blue\\033[0m\\n"'
        )
        await p.keyboard.press('Enter')
        await p.waitForTimeout(1000)
        await p.screenshot({ path: path.join(ARTIFACTS, 'terminal-dark.png') })

        // The GPU takes the context away: xterm gives up on it after its grace period and the
        // DOM renderer takes over, with the session untouched.
        await p.evaluate(`(() => {
          const pane = document.querySelector('.term-pane[data-tab-id="${one}"]')
          for (const c of pane.querySelectorAll('canvas')) {
            const gl = c.getContext('webgl2')
            gl && gl.getExtension('WEBGL_lose_context')?.loseContext()
          }
        })()`)
        await expect
          .poll(() => hostOf(one).getAttribute('data-renderer'), { timeout: 15_000 })
          .toBe('dom')
        await hostOf(one).click()
        await p.keyboard.type('echo "still $((6*7))"')
        await p.keyboard.press('Enter')
        await expect
          .poll(() => p.evaluate<string>(`(${SCREEN_TEXT})(${JSON.stringify(one)})`), {
            timeout: 15_000
          })
          .toMatch(/^still 42$/m)
      } finally {
        await gpu.close()
      }
    })

    it('ran without console errors or CSP violations', () => {
      expect(problems).toEqual([])
    })
  }
)
