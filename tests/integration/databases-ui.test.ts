// The Databases and Backups pages end to end: the real renderer served by the real `pier serve`
// (the built CLI) on a throwaway home with the real keychain, in Debian's Chromium, against a
// real test host with a single-node swarm and a Redis image built from Debian's packages. One
// database for the whole file: created from the dialog, reached through "Open on localhost" with
// a real RESP client, backed up from Run now, pulled into the library (sha256 checked), restored
// from that file after the data changed, verified in a throwaway container, and auto-pulled when
// a restarted `pier serve` connects again. Screenshots: tests/e2e/artifacts/databases-*.png and
// backups-*.png, copied to docs/databases.png and docs/backups.png for the README.
import { createHash } from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { Browser, Locator, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launch, openApp } from '../e2e/browser'
import { pierCli, pierServe, root, type Served } from '../e2e/serve'
import { ensureDbImage } from '../hosts/harness'
import { ensureSwarm } from './apps-support'
import { redis } from './databases-support'
import { hostsOrSkip, type TestHost } from './support'
import { addServerByCli, pierOk, screenshot, uiMissing } from './ui-support'

const hosts = hostsOrSkip()
const DB = 'cache'

interface ListedBackup {
  id: string
  status: string
  size: number | null
  sha256: string | null
}

describe.skipIf(hosts.length === 0 || uiMissing('databases', hosts.length > 0, { keyring: true }))(
  'Databases and Backups UI (Chromium, real host, Redis)',
  () => {
    const h1 = hosts[0] as TestHost
    let home: string
    let served: Served
    let browser: Browser
    let page: Page
    let image = ''
    let password = ''
    let localPort = 0
    let firstBackup: ListedBackup | null = null
    const problems: string[] = []

    const pier = (...args: string[]): Promise<string> => pierOk(home, ...args)
    const shot = async (name: string, docs?: string): Promise<void> => {
      const file = await screenshot(page, name, true)
      if (docs) fs.copyFileSync(file, path.join(root, 'docs', docs))
    }
    const open = async (url: string): Promise<Page> => {
      const p = await openApp(browser, url, problems, { width: 1280, height: 900 })
      await p
        .context()
        .grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(url).origin })
      return p
    }
    const card = (): Locator => page.locator(`article.db-card[data-db="${DB}"]`)
    const backupRows = (): Locator => page.locator('tr[data-backup-id]')
    const libraryRows = (): Locator => page.locator('tr[data-library-id]')
    const listBackups = async (): Promise<ListedBackup[]> =>
      JSON.parse(await pier('backup', 'list', DB, '--json')) as ListedBackup[]
    const sha256 = (file: string): string =>
      createHash('sha256').update(fs.readFileSync(file)).digest('hex')

    beforeAll(async () => {
      await ensureSwarm(h1)
      image = await ensureDbImage(h1.name, 'redis')
      home = fs.mkdtempSync(path.join(os.tmpdir(), 'pier-db-ui-'))
      await addServerByCli(home, h1)
      served = await pierServe(home)
      browser = await launch()
      page = await open(served.url)
      await page.locator('button.nav-item[data-page="databases"]').click()
    }, 900_000)

    afterAll(async () => {
      await browser?.close()
      await served?.stop()
      if (home) {
        await pierCli(home, 'db', 'remove', DB, '--delete-data').catch(() => undefined)
        fs.rmSync(home, { recursive: true, force: true })
      }
    }, 300_000)

    it('refuses a hostile name in the create dialog, then creates a Redis database and shows it running', async () => {
      await page.getByRole('button', { name: 'Create database' }).first().click()
      const form = page.getByRole('form', { name: 'Create a database' })
      const name = form.locator('input[name="db-name"]')
      for (const bad of ['a;$(id)', 'x`id`', '../etc', 'Ünï', 'a'.repeat(31)]) {
        await name.fill(bad)
        expect(await form.locator('.field-error').first().textContent()).toContain(
          'A database name is 1-30 lowercase letters'
        )
      }
      await form.getByRole('button', { name: 'Create' }).click()
      // Nothing was sent: the dialog stays, and Pier knows no database.
      expect(JSON.parse(await pier('db', 'list', '--json'))).toEqual([])
      await name.fill(DB)
      await form.locator('select[name="db-engine"]').selectOption('redis')
      await form.locator('input[name="db-image"]').fill('bad image!')
      expect(await form.locator('.field-error').count()).toBe(1)
      await form.locator('input[name="db-image"]').fill(image)
      expect(await form.locator('.field-error').count()).toBe(0)
      expect(await form.textContent()).toContain(`Runs ${image} as a swarm service`)
      await form.getByRole('button', { name: 'Create' }).click()
      // The card is there while the job runs; the dialog closes once the database answers.
      await expect.poll(() => card().count(), { timeout: 30_000 }).toBe(1)
      await expect
        .poll(() => page.getByRole('form', { name: 'Create a database' }).count(), {
          timeout: 240_000
        })
        .toBe(0)
      await expect
        .poll(() => card().getAttribute('data-status'), { timeout: 60_000 })
        .toBe('running')
      expect(await card().locator('[data-testid="db-status"]').textContent()).toContain('1/1')
      expect(await card().textContent()).toContain('Redis 7')
      const listed = JSON.parse(await pier('db', 'list', '--json')) as {
        name: string
        engine: string
        image: string
      }[]
      expect(listed.map((d) => [d.name, d.engine, d.image])).toEqual([[DB, 'redis', image]])
    }, 400_000)

    it('copies the password from the keychain without ever rendering it, and opens the database on localhost', async () => {
      password = (await pier('db', 'password', DB)).trim()
      expect(password.length).toBeGreaterThanOrEqual(20)
      const copy = card().locator('[data-testid="copy-password"]')
      await copy.click()
      await expect.poll(() => copy.getAttribute('data-copy-state')).toBe('copied')
      expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(password)
      expect(await page.content()).not.toContain(password)

      await card().locator('button[data-action="open-tunnel"]').click()
      const tunnel = card().locator('.db-tunnel-open')
      await expect.poll(() => tunnel.count(), { timeout: 30_000 }).toBe(1)
      localPort = Number(await tunnel.getAttribute('data-local-port'))
      expect(localPort).toBeGreaterThan(0)
      expect(await tunnel.locator('[data-testid="tunnel-address"]').textContent()).toBe(
        `127.0.0.1:${localPort}`
      )
      expect(await tunnel.locator('[data-testid="tunnel-command"]').textContent()).toBe(
        `redis-cli -h 127.0.0.1 -p ${localPort} --askpass`
      )
      // A real client through the forwarded port: the password works, and the data goes in.
      expect(await redis(localPort, [['AUTH', password], ['PING']])).toBe('+OK\r\n+PONG\r\n+OK\r\n')
      expect(
        await redis(localPort, [
          ['AUTH', password],
          ['SET', 'probe', 'before $HOME "q"']
        ])
      ).toBe('+OK\r\n+OK\r\n+OK\r\n')
      await shot('databases-list', 'databases.png')
    }, 120_000)

    it('describes the cron expression as it is typed and saves the schedule', async () => {
      await card().locator('button[data-action="backups"]').click()
      await expect.poll(() => page.locator(`.backup-detail[data-db="${DB}"]`).count()).toBe(1)
      const cron = page.locator('input[name="backup-cron"]')
      const preview = page.locator('[data-testid="cron-preview"]')
      await cron.fill('*/15 * * * *')
      expect(await preview.textContent()).toContain('Runs every 15 minutes.')
      expect(await preview.getAttribute('data-valid')).toBe('true')
      await cron.fill('0 4 * * 1')
      expect(await preview.textContent()).toContain('Runs every Monday at 04:00.')
      await cron.fill('30 3 * * * ; rm -rf /')
      expect(await preview.getAttribute('data-valid')).toBe('false')
      const save = page.getByRole('button', { name: 'Save' })
      expect(await save.isDisabled()).toBe(true)
      await cron.fill('30 3 * * *')
      expect(await preview.textContent()).toContain('Runs every day at 03:30.')
      await page.locator('input[name="backup-keep"]').fill('3')
      await save.click()
      await expect
        .poll(() => page.locator('[data-testid="schedule-state"]').textContent(), {
          timeout: 30_000
        })
        .toContain('Scheduled: 30 3 * * *, keeping 3 good backups.')
      const listed = JSON.parse(await pier('db', 'list', '--json')) as {
        schedule: string | null
        keep: number
      }[]
      expect(listed[0]).toMatchObject({ schedule: '30 3 * * *', keep: 3 })
    }, 60_000)

    it('Run now follows the job and adds a good backup to the history', async () => {
      await expect
        .poll(() => page.locator('[data-testid="no-backups"]').count(), { timeout: 30_000 })
        .toBe(1)
      await page.locator('button[data-action="run-now"]').click()
      await expect
        .poll(() => page.locator('.backup-run [data-job-state]').getAttribute('data-job-state'), {
          timeout: 120_000
        })
        .toBe('succeeded')
      await expect.poll(() => backupRows().count(), { timeout: 30_000 }).toBe(1)
      const row = backupRows().first()
      expect(await row.getAttribute('data-status')).toBe('ok')
      const listed = await listBackups()
      expect(listed).toHaveLength(1)
      firstBackup = listed[0] as ListedBackup
      expect(firstBackup).toMatchObject({ status: 'ok' })
      expect(firstBackup.size).toBeGreaterThan(0)
      expect(await row.getAttribute('data-backup-id')).toBe(firstBackup.id)
      expect(await row.locator('[data-testid="backup-size"]').textContent()).toMatch(/^\d+ B$|KiB/)
      expect(await row.textContent()).toContain((firstBackup.sha256 ?? 'x').slice(0, 12))
    }, 180_000)

    it('pulls the backup into the library with its sha256 checked', async () => {
      await backupRows().first().locator('button[data-action="pull"]').click()
      await expect.poll(() => libraryRows().count(), { timeout: 60_000 }).toBe(1)
      const row = libraryRows().first()
      expect(await row.getAttribute('data-library-id')).toBe(firstBackup?.id)
      expect(await row.getAttribute('data-intact')).toBe('true')
      expect(await row.locator('[data-testid="library-checksum"]').textContent()).toBe(
        'sha256 verified'
      )
      const library = JSON.parse(await pier('backup', 'library', '--json')) as {
        path: string
        record: { sha256: string }
      }[]
      expect(library).toHaveLength(1)
      const file = library[0]?.path ?? ''
      expect(file.startsWith(path.join(home, 'backups', DB))).toBe(true)
      expect(sha256(file)).toBe(firstBackup?.sha256)
      expect(await backupRows().first().locator('[data-testid="in-library"]').count()).toBe(1)
    }, 120_000)

    it('restores the library file into the database after the data changed: the old value is back', async () => {
      expect(
        await redis(localPort, [
          ['AUTH', password],
          ['SET', 'probe', 'after'],
          ['SET', 'extra', '1']
        ])
      ).toBe('+OK\r\n+OK\r\n+OK\r\n+OK\r\n')
      await libraryRows().first().locator('button[data-action="restore"]').click()
      const dialog = page.getByRole('form', { name: 'Restore a backup' })
      const restore = dialog.getByRole('button', { name: 'Restore' })
      expect(await restore.isDisabled()).toBe(true)
      await dialog.locator('input[name="restore-confirm"]').fill('cach')
      expect(await restore.isDisabled()).toBe(true)
      await dialog.locator('input[name="restore-confirm"]').fill(DB)
      await restore.click()
      await expect
        .poll(() => dialog.locator('[data-testid="restore-result"]').count(), { timeout: 300_000 })
        .toBe(1)
      expect(await dialog.locator('[data-testid="restore-result"]').textContent()).toMatch(
        /restored into cache: 1 keys?.*safety backup/
      )
      // Through the same tunnel (it finds the restarted container): the value from before.
      const got = await redis(localPort, [
        ['AUTH', password],
        ['GET', 'probe'],
        ['EXISTS', 'extra']
      ])
      expect(got).toBe('+OK\r\n$16\r\nbefore $HOME "q"\r\n:0\r\n+OK\r\n')
      await dialog.getByRole('button', { name: 'Close' }).click()
      // The safety backup joined the history.
      await expect.poll(() => backupRows().count(), { timeout: 30_000 }).toBe(2)
    }, 360_000)

    it('verifies the library file in a throwaway container and shows the result', async () => {
      const row = libraryRows().first()
      await row.locator('button[data-action="verify"]').click()
      const result = row.locator('[data-testid="verify-result"]')
      await expect.poll(() => result.count(), { timeout: 240_000 }).toBe(1)
      expect(await result.getAttribute('data-ok')).toBe('true')
      expect(await result.textContent()).toBe('restores: 1 keys')
      // The library remembers it (the file's record beside it), for the CLI too.
      const library = JSON.parse(await pier('backup', 'library', DB, '--json')) as {
        verified: { ok: boolean; count: number } | null
      }[]
      expect(library[0]?.verified).toMatchObject({ ok: true, count: 1 })
      // The finished-job notices would cover the library in the screenshot.
      const dismiss = page.locator('.toasts button[aria-label="Dismiss"]')
      while ((await dismiss.count()) > 0) await dismiss.first().click()
      await shot('backups-page', 'backups.png')
    }, 300_000)

    it('auto-pull: a backup made while Pier was away is in the library once `pier serve` connects again', async () => {
      // The box reflects the stored setting, so it turns on once the API has answered.
      const box = page.locator('input[name="auto-pull"]')
      await box.click()
      await expect.poll(() => box.isChecked(), { timeout: 10_000 }).toBe(true)
      await expect
        .poll(async () => {
          const l = JSON.parse(await pier('db', 'list', '--json')) as { autoPull: boolean }[]
          return l[0]?.autoPull
        })
        .toBe(true)
      await page.close()
      await served.stop()
      // Pier is away; the server backs up (as its cron would).
      const run = JSON.parse(await pier('backup', 'run', DB, '--wait', '--json')) as {
        record: { id: string; sha256: string }
      }
      const before = JSON.parse(await pier('backup', 'library', DB, '--json')) as {
        record: { id: string }
      }[]
      expect(before.map((e) => e.record.id)).not.toContain(run.record.id)

      served = await pierServe(home)
      page = await open(served.url)
      await page.locator('button.nav-item[data-page="backups"]').click()
      const row = page.locator(`tr[data-library-id="${run.record.id}"]`)
      await expect.poll(() => row.count(), { timeout: 120_000 }).toBe(1)
      expect(await row.locator('[data-testid="auto-pulled"]').count()).toBe(1)
      const after = JSON.parse(await pier('backup', 'library', DB, '--json')) as {
        path: string
        by: string
        record: { id: string; sha256: string }
      }[]
      const pulled = after.find((e) => e.record.id === run.record.id)
      expect(pulled?.by).toBe('auto')
      expect(sha256(pulled?.path ?? '')).toBe(run.record.sha256)
      // Everything new since the library's newest file came: the safety backup the restore took
      // too; the library now holds exactly the server's good backups.
      const good = (await listBackups()).filter((b) => b.status === 'ok').map((b) => b.id)
      expect(good).toHaveLength(3)
      expect(after.map((e) => e.record.id).sort()).toEqual([...good].sort())
    }, 300_000)

    it('raised no console errors', () => {
      expect(problems).toEqual([])
    })
  }
)
