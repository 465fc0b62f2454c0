// Runs in the vitest test workers of the integration project: what the UI test files share.
// Each drives the real renderer, served by the real `pier serve` (the built CLI), in Debian's
// Chromium; a file sets up its data folder with the CLI, the way a user's script would.
import fs from 'node:fs'
import path from 'node:path'
import type { Page } from 'playwright-core'
import { expect } from 'vitest'
import { chromiumMissing } from '../e2e/browser'
import { pierCli, root } from '../e2e/serve'
import type { TestHost } from './support'

export const ARTIFACTS = path.join(root, 'tests/e2e/artifacts')

const built =
  fs.existsSync(path.join(root, 'out/main/cli.js')) &&
  fs.existsSync(path.join(root, 'out/renderer/index.html'))

/**
 * Whether a UI test file cannot run here: no Chromium, no build, or (when it needs one) no
 * unlocked keychain. Where the hosts are there, says why on the console, since a skip is easy
 * to miss. Pair with the file's own host condition in `describe.skipIf`.
 */
export function uiMissing(what: string, hostsReady: boolean, needs: { keyring?: boolean } = {}) {
  const missing = chromiumMissing()
  const keyring = !needs.keyring || process.env.PIER_KEYRING_READY === '1'
  if (hostsReady && missing) console.warn(`${what} UI test skipped: ${missing}`)
  if (hostsReady && !built) console.warn(`${what} UI test skipped: run \`npm run build\``)
  if (hostsReady && !keyring)
    console.warn(`${what} UI test skipped: needs an unlocked keychain (scripts/with-keyring.sh)`)
  return !!missing || !built || !keyring
}

/** Runs `pier ARGS` on HOME and returns its stdout; a failure throws with its stderr. */
export async function pierOk(home: string, ...args: string[]): Promise<string> {
  const r = await pierCli(home, ...args)
  if (r.code !== 0) throw new Error(`pier ${args.join(' ')} failed (${r.code}): ${r.stderr}`)
  return r.stdout
}

/** `pier server add NAME` for a harness host, its fingerprint accepted as a script would. */
export async function addServerByCli(home: string, host: TestHost, name = 'h1'): Promise<void> {
  await pierOk(
    home,
    'server',
    'add',
    name,
    '--host',
    host.sshHost,
    '--port',
    String(host.sshPort),
    '--user',
    host.username,
    '--key',
    host.privateKeyPath,
    '--accept-fingerprint',
    host.hostKeyFingerprint
  )
}

/** Saves ARTIFACTS/NAME.png and checks it holds a picture; returns the file. */
export async function screenshot(page: Page, name: string, fullPage = false): Promise<string> {
  fs.mkdirSync(ARTIFACTS, { recursive: true })
  const file = path.join(ARTIFACTS, `${name}.png`)
  await page.screenshot({ path: file, fullPage })
  expect(fs.statSync(file).size).toBeGreaterThan(5_000)
  return file
}
