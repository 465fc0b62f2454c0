// The Jobs UI end to end: the real renderer served by the real `pier serve` (the built CLI) on a
// throwaway home, in Debian's Chromium, with jobs started by the `pier` CLI on a real test host.
// A running job shows its reported step and progress; its log shows the server's lines with
// colours as styled text and markup as literal text (no element is ever made from a log line);
// search finds text; Cancel (after confirming) ends it; a job started here that finishes raises
// a notice; a 100k-line log renders only a screenful of rows. Screenshots go to
// tests/e2e/artifacts/jobs-*.png.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { Browser, Locator, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launch, openApp } from '../e2e/browser'
import { pierServe, type Served } from '../e2e/serve'
import { hostsOrSkip, type TestHost } from './support'
import { addServerByCli, pierOk, screenshot, uiMissing } from './ui-support'

const hosts = hostsOrSkip()
const skip = uiMissing('jobs', hosts.length > 0)

// Colours (16, 256 and truecolor), markup that must stay text, the progress protocol, then a
// long sleep for the cancel.
const ANSI_SCRIPT = [
  "printf '\\033[31mred text\\033[0m then \\033[1;38;5;208mbold orange\\033[0m and \\033[38;2;10;120;200mtruecolor\\033[0m\\n'",
  "echo '<b>not bold</b> <script>window.pwned=1</script>'",
  "echo '::pier step Building'",
  "echo '::pier progress 50'",
  'sleep 300'
].join('\n')

describe.skipIf(hosts.length === 0 || skip)('Jobs UI (Chromium, real host)', () => {
  const h1 = hosts[0] as TestHost
  let home: string
  let served: Served
  let browser: Browser
  let page: Page
  let ansiJob = ''
  const problems: string[] = []

  const pier = (...args: string[]): Promise<string> => pierOk(home, ...args)
  const startJob = async (title: string, script: string): Promise<string> =>
    (
      JSON.parse(
        await pier(
          'job',
          'start',
          'h1',
          '--key',
          'ui',
          '--title',
          title,
          '--script',
          script,
          '--json'
        )
      ) as { id: string }
    ).id
  const shot = (name: string): Promise<string> => screenshot(page, `jobs-${name}`)
  const logPane = (): Locator => page.locator('section.job-log')
  // A function, not a string: this file is type-checked without the DOM library.
  const colourOf = (l: Locator): Promise<string> =>
    l.evaluate(
      (e) =>
        (
          globalThis as unknown as { getComputedStyle(x: unknown): { color: string } }
        ).getComputedStyle(e).color
    )
  const rows = (): Locator => logPane().locator('.log-row')

  beforeAll(async () => {
    home = fs.mkdtempSync(path.join(os.tmpdir(), 'pier-jobs-ui-'))
    await addServerByCli(home, h1)
    served = await pierServe(home)
    browser = await launch()
    page = await openApp(browser, served.url, problems, { width: 1280, height: 1000 })
  })

  afterAll(async () => {
    await browser?.close()
    await served?.stop()
    if (home) fs.rmSync(home, { recursive: true, force: true })
  })

  it('the server page says it has no jobs yet', async () => {
    await page.locator('tr[data-server-name="h1"]').click()
    await expect.poll(() => page.getByTestId('jobs-empty').count()).toBe(1)
    expect(await page.getByTestId('jobs-empty').textContent()).toContain('No jobs on h1 yet')
  })

  it('shows a running job with the step and progress its script reported', async () => {
    ansiJob = await startJob('Colourful build', ANSI_SCRIPT)
    const card = page.locator(`li.active-job[data-job-id="${ansiJob}"]`)
    await expect.poll(() => card.getAttribute('data-state'), { timeout: 30_000 }).toBe('running')
    await expect
      .poll(() => card.getByTestId('job-step').textContent(), { timeout: 30_000 })
      .toBe('Building · 50%')
    expect(await card.locator('progress').getAttribute('value')).toBe('50')
    expect(await card.textContent()).toContain('Colourful build')
    expect(await page.locator('#jobs-title').textContent()).toBe('Jobs · 1 active')
  })

  it('the log shows colours as styled text and markup as literal text', async () => {
    await page
      .locator(`li.active-job[data-job-id="${ansiJob}"]`)
      .getByRole('button', { name: 'Colourful build' })
      .click()
    await expect.poll(() => logPane().getAttribute('data-job-id')).toBe(ansiJob)
    await expect
      .poll(() => logPane().locator('[data-log-state]').getAttribute('data-log-state'), {
        timeout: 20_000
      })
      .toBe('following')
    await expect.poll(() => rows().count(), { timeout: 20_000 }).toBe(4)

    const red = logPane().locator('.log-row span.ansi-fg-1')
    expect(await red.textContent()).toBe('red text')
    const orange = logPane().locator('.log-row span.ansi-bold', { hasText: 'bold orange' })
    expect(await colourOf(orange)).toBe('rgb(255, 135, 0)')
    const truecolor = logPane().locator('.log-row span[style]', { hasText: 'truecolor' })
    expect(await colourOf(truecolor)).toBe('rgb(10, 120, 200)')

    const markup = rows().nth(1)
    expect(await markup.locator('.log-text').textContent()).toBe(
      '<b>not bold</b> <script>window.pwned=1</script>'
    )
    // The text stayed text: no element was made from it, and nothing ran.
    expect(await logPane().locator('b, script').count()).toBe(0)
    expect(await page.evaluate('window.pwned')).toBeUndefined()
    // The server's timestamp is a column of its own, and the progress lines stay in the log.
    expect(await rows().first().locator('.log-time').textContent()).toMatch(/^\d\d:\d\d:\d\d$/)
    expect(await rows().nth(2).locator('.log-text').textContent()).toBe('::pier step Building')
    expect(await logPane().getByTestId('log-line-count').textContent()).toBe('4 lines')
  })

  it('"/" focuses the search, which highlights and counts the hits', async () => {
    await page.locator('body').click({ position: { x: 5, y: 5 } })
    await page.keyboard.press('/')
    await expect
      .poll(() => page.evaluate("document.activeElement?.getAttribute('aria-label')"))
      .toBe('Search the log')
    await page.keyboard.type('BOLD')
    await expect.poll(() => logPane().getByTestId('log-search-count').textContent()).toBe('1 of 2')
    expect(await logPane().locator('mark.log-mark-current').textContent()).toBe('bold')
    await page.keyboard.press('Enter')
    await expect.poll(() => logPane().getByTestId('log-search-count').textContent()).toBe('2 of 2')
    expect(await logPane().locator('mark.log-mark-current').textContent()).toBe('bold')
    expect(await rows().nth(1).locator('mark.log-mark-current').count()).toBe(1)
    await shot('1-running')
    // Escape in the search box clears the search first, and leaves the log open.
    await page.keyboard.press('Escape')
    await expect.poll(() => logPane().locator('mark').count()).toBe(0)
    expect(await logPane().count()).toBe(1)
  })

  it('downloads the log as a text file', async () => {
    const download = page.waitForEvent('download')
    await logPane().getByRole('button', { name: 'Download' }).click()
    const file = await download
    expect(file.suggestedFilename()).toBe(`h1-${ansiJob}.log`)
    const text = fs.readFileSync(await file.path(), 'utf8')
    expect(text).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ red text then bold orange/)
    expect(text).toContain('<b>not bold</b>')
  })

  it('reads well in the dark theme too', async () => {
    await page.locator('[data-theme-option="dark"]').click()
    await expect.poll(() => page.evaluate('document.documentElement.dataset.theme')).toBe('dark')
    await shot('2-dark')
    await page.locator('[data-theme-option="light"]').click()
  })

  it('Cancel asks first, then the job ends as cancelled', async () => {
    await logPane().getByRole('button', { name: 'Cancel…' }).click()
    const dialog = page.getByRole('dialog', { name: 'Cancel Colourful build?' })
    await expect.poll(() => dialog.count()).toBe(1)
    expect(await dialog.textContent()).toContain('on h1')
    await shot('3-cancel')
    // "Keep running" leaves it alone.
    await dialog.getByRole('button', { name: 'Keep running' }).click()
    await expect.poll(() => dialog.count()).toBe(0)
    expect(await logPane().getAttribute('data-state')).toBe('running')

    await logPane().getByRole('button', { name: 'Cancel…' }).click()
    await dialog.getByRole('button', { name: 'Cancel job' }).click()
    await expect.poll(() => dialog.count(), { timeout: 30_000 }).toBe(0)
    await expect.poll(() => logPane().getAttribute('data-state')).toBe('cancelled')
    const row = page.locator(`tr[data-job-id="${ansiJob}"]`)
    await expect.poll(() => row.getAttribute('data-state')).toBe('cancelled')
    expect(await row.textContent()).toContain('Cancelled')
    expect(await page.locator(`li.active-job[data-job-id="${ansiJob}"]`).count()).toBe(0)
    // The log's follow ends with the job.
    await expect
      .poll(() => logPane().locator('[data-log-state]').getAttribute('data-log-state'), {
        timeout: 20_000
      })
      .toBe('ended')
  })

  it('Escape closes the log', async () => {
    await page.locator('body').click({ position: { x: 5, y: 5 } })
    await page.keyboard.press('Escape')
    await expect.poll(() => logPane().count()).toBe(0)
  })

  it('a job started here that finishes raises a notice that opens its log', async () => {
    const id = await startJob('Quick one', "echo 'all good'\nsleep 5")
    await expect
      .poll(() => page.locator(`li.active-job[data-job-id="${id}"]`).count(), { timeout: 30_000 })
      .toBe(1)
    const toast = page.locator(`.toast[data-job-id="${id}"]`)
    await expect.poll(() => toast.count(), { timeout: 30_000 }).toBe(1)
    expect(await toast.getAttribute('data-state')).toBe('succeeded')
    expect(await toast.textContent()).toContain('Quick one finished')
    await shot('4-notice')
    await toast.getByRole('button', { name: 'Show log' }).click()
    await expect.poll(() => logPane().getAttribute('data-job-id')).toBe(id)
    await expect.poll(() => rows().count(), { timeout: 20_000 }).toBe(1)
    expect(await rows().first().locator('.log-text').textContent()).toBe('all good')
    expect(await toast.count()).toBe(0)
  })

  it('a 100k-line log renders a screenful of rows, follows the end, and finds any line', async () => {
    const id = await startJob(
      'Long log',
      'awk \'BEGIN { for (i = 1; i <= 100000; i++) printf "\\033[3%dmline %d\\033[0m of the long log\\n", i % 8, i }\''
    )
    const row = page.locator(`tr[data-job-id="${id}"]`)
    await expect.poll(() => row.count(), { timeout: 60_000 }).toBe(1)
    await row.click()
    await expect.poll(() => logPane().getAttribute('data-job-id')).toBe(id)
    await expect
      .poll(() => logPane().getByTestId('log-line-count').textContent(), { timeout: 60_000 })
      .toBe('100,000 lines')
    // Only what is in view (plus a margin) is in the DOM.
    expect(await rows().count()).toBeLessThan(120)
    // Following: the last line is on screen.
    await expect
      .poll(() => rows().last().locator('.log-text').textContent())
      .toBe('line 100000 of the long log')
    expect(await rows().last().getAttribute('data-line')).toBe('100000')

    // Searching jumps far up; the view stops following and offers the way back.
    await logPane().getByRole('searchbox').fill('line 4242 ')
    await expect.poll(() => logPane().getByTestId('log-search-count').textContent()).toBe('1 of 1')
    const hit = logPane().locator('.log-row[data-line="4242"]')
    await expect.poll(() => hit.count()).toBe(1)
    // The hit crosses from the coloured number into plain text: one mark per styled piece.
    expect((await hit.locator('mark.log-mark-current').allTextContents()).join('')).toBe(
      'line 4242 '
    )
    expect(await rows().count()).toBeLessThan(120)
    await shot('5-long-log')
    await logPane().getByRole('button', { name: 'Jump to latest' }).click()
    await expect.poll(() => rows().last().getAttribute('data-line')).toBe('100000')
    await expect
      .poll(() => logPane().getByRole('button', { name: 'Jump to latest' }).count())
      .toBe(0)
  })

  it('the Jobs page lists every job with its server', async () => {
    await page.locator('nav [data-page="jobs"]').click()
    await expect.poll(() => page.locator('#content').getAttribute('data-page')).toBe('jobs')
    const history = page.locator('table.job-history tbody tr')
    // The host also holds jobs of the files that ran before this one (deploys, backups): the
    // page lists those too, and this file's three are the ones with its key.
    const ours = history.filter({ has: page.locator('td:nth-child(4)', { hasText: /^ui$/ }) })
    await expect.poll(() => ours.count()).toBe(3)
    expect(await history.count()).toBeGreaterThanOrEqual(3)
    expect(await page.locator('table.job-history thead').textContent()).toContain('Server')
    expect(await history.first().textContent()).toContain('h1')
    await shot('6-all-jobs')
  })

  it('ran without console errors or CSP violations', () => {
    expect(problems).toEqual([])
  })
})
