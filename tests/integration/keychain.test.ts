// The secrets module against a real Secret Service (gnome-keyring on a private D-Bus session,
// set up by scripts/with-keyring.sh), and its refusal when no keychain answers.
import { execFile } from 'node:child_process'
import path from 'node:path'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'
import { createKeychain } from '../../main/core/secrets/keychain'
import { tmpDir } from '../support/tmp'

const run = promisify(execFile)
const root = path.resolve(import.meta.dirname, '../..')
const ready = process.env.PIER_KEYRING_READY === '1'
const reason = 'no unlocked Secret Service (run through `npm test`, which starts gnome-keyring)'
if (!ready && process.env.CI === 'true') throw new Error(`CI: ${reason}`)
if (!ready) console.warn(`keychain tests skipped: ${reason}`)

describe.skipIf(!ready)('keychain (real Secret Service)', () => {
  const service = `dev.pier.test.${process.pid}`

  it('stores, returns and deletes a secret', () => {
    const kc = createKeychain(service)
    const secret = 'p@ss w0rd; $(id) `x` \n ünï 🚀'
    kc.set('server:web-1:password', secret)
    expect(kc.get('server:web-1:password')).toBe(secret)
    expect(kc.delete('server:web-1:password')).toBe(true)
    expect(kc.get('server:web-1:password')).toBeNull()
    expect(kc.delete('server:web-1:password')).toBe(false)
  })

  it('keeps services apart', () => {
    const a = createKeychain(`${service}.a`)
    const b = createKeychain(`${service}.b`)
    a.set('k', 'from-a')
    expect(b.get('k')).toBeNull()
    a.delete('k')
  })

  it('passes its own probe', () => {
    expect(() => createKeychain(service).check()).not.toThrow()
  })

  it('reports an unreachable keychain clearly, with a hint, and writes no secret anywhere', async () => {
    const home = tmpDir('pier-home-')
    const { stdout } = await run(
      process.execPath,
      [path.join(root, 'bin/pier.js'), 'system', 'keychain', '--json', '--home', home],
      { env: { ...process.env, DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/bus' } }
    )
    const status = JSON.parse(stdout) as { available: boolean; message: string; hint: string }
    expect(status.available).toBe(false)
    expect(status.message).toMatch(/keychain is not reachable/)
    expect(status.hint).toMatch(/Secret Service|gnome-keyring/)
  })
})
