// The same checks through the real desktop window, via Playwright's Electron launcher. Runs only
// where the Electron binary exists (a developer's machine after `npm start` fetched it); here
// and on CI it cannot be downloaded, so the spec reports skipped with that reason.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { _electron as electron, type ElectronApplication, type Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createCore } from '../../main/core/core'
import { root } from './serve'

function electronBinary(): string | null {
  const pkg = path.join(root, 'node_modules/electron')
  const pathFile = path.join(pkg, 'path.txt')
  if (!fs.existsSync(pathFile)) return null
  const exe = path.join(pkg, 'dist', fs.readFileSync(pathFile, 'utf8'))
  return fs.existsSync(exe) ? exe : null
}

// better-sqlite3 must be built for Electron's ABI: scripts/start.mjs leaves that build in .native/.
function electronSqlite(): string | undefined {
  const dir = path.join(root, '.native')
  if (!fs.existsSync(dir)) return undefined
  for (const d of fs.readdirSync(dir)) {
    const f = path.join(dir, d, 'better-sqlite3/build/Release/better_sqlite3.node')
    if (fs.existsSync(f)) return f
  }
  return undefined
}

const exe = electronBinary()
const binding = electronSqlite()
const reason = !exe
  ? 'no Electron binary (it cannot be downloaded on this machine; `npm start` fetches it where it can)'
  : !binding
    ? 'no Electron build of better-sqlite3 yet (run `npm start` once)'
    : null
if (reason) console.warn(`Electron specs skipped: ${reason}`)

describe.skipIf(reason !== null)('Pier desktop window (Electron)', () => {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'pier-electron-'))
  let app: ElectronApplication
  let page: Page

  beforeAll(async () => {
    const core = createCore({ home })
    core.servers.record({
      name: 'edge-1',
      host: '198.51.100.4',
      username: 'deploy',
      authMethod: 'agent'
    })
    core.close()
    app = await electron.launch({
      executablePath: exe ?? undefined,
      args: [root, '--no-sandbox'],
      env: { ...process.env, PIER_HOME: home, PIER_SQLITE_BINDING: binding ?? '' }
    })
    page = await app.firstWindow()
  })

  afterAll(async () => {
    await app?.close()
    fs.rmSync(home, { recursive: true, force: true })
  })

  it('loads the app over the pier:// origin and becomes ready', async () => {
    await page.waitForSelector('[data-app-state="ready"]', { timeout: 20_000 })
    expect(new URL(page.url()).protocol).toBe('pier:')
    expect(await page.getByText('edge-1', { exact: true }).count()).toBeGreaterThan(0)
  })

  it('gives the page one small bridge and no Node', async () => {
    // A string, since this file is type-checked without DOM types: it runs in the page.
    const shape = await page.evaluate(`({
      keys: Object.keys(window.pier).sort(),
      require: typeof window.require,
      process: typeof window.process
    })`)
    expect(shape).toEqual({
      keys: ['invoke', 'platform', 'subscribe'],
      require: 'undefined',
      process: 'undefined'
    })
  })

  it('refuses navigation away and popups', async () => {
    const before = page.url()
    await page.evaluate(`window.open('https://example.com'); location.href = 'https://example.com'`)
    await page.waitForTimeout(500)
    expect(page.url()).toBe(before)
    expect(app.windows()).toHaveLength(1)
  })
})
