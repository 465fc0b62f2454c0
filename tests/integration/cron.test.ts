// Pier's crontab block on a real host with a real cron: the user's own lines survive install,
// update and removal byte for byte, an entry really fires and its status is read back, a busy
// entry skips instead of piling up, and bad input never reaches the crontab.
import fs from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createCore, type Core } from '../../main/core/core'
import { HOSTILE } from '../support/hostile'
import { memoryKeychain } from '../support/memory-keychain'
import { connectSsh, execOn, hostsOrSkip, type TestHost, recordHarnessServer } from './support'
import type { Client } from 'ssh2'

const hosts = hostsOrSkip()

// A user's own crontab, with the things a careless rewrite would damage: an environment line,
// an escaped %, comments, blank lines, unicode and a line that looks like a marker but is not.
const USER_CRONTAB = [
  'MAILTO=""',
  '# my backups ✓',
  '',
  '15 2 * * * tar czf "$HOME/home-$(date +\\%F).tgz" "$HOME/notes" >/dev/null 2>&1',
  '#  BEGIN pier (not ours: two spaces)',
  '@reboot echo up >> "$HOME/boot.log"',
  ''
].join('\n')

describe.skipIf(hosts.length === 0)("Pier's cron block (real host, real cron)", () => {
  let core: Core
  let home = ''
  let h1: TestHost
  let ssh: Client

  const crontab = async (): Promise<string> => (await execOn(ssh, 'crontab -l 2>/dev/null')).stdout
  const setCrontab = (text: string) =>
    execOn(ssh, `printf '%s' '${Buffer.from(text).toString('base64')}' | base64 -d | crontab -`)
  /** The crontab without Pier's block, which must equal what the user had. */
  const userPart = (text: string) => text.replace(/# BEGIN pier\n[\s\S]*?# END pier\n/, '')

  beforeAll(async () => {
    h1 = hosts[0] as TestHost
    home = fs.mkdtempSync('/tmp/pier-cron-')
    core = createCore({ home, keychain: memoryKeychain() })
    recordHarnessServer(core, h1, 'h1')
    ssh = await connectSsh(h1)
  })
  afterAll(async () => {
    await execOn(ssh, 'crontab -r 2>/dev/null; rm -rf ~/.pier/cron')
    ssh?.end()
    core?.close()
    fs.rmSync(home, { recursive: true, force: true })
  })

  it("install, update and remove never touch the user's own lines", async () => {
    await setCrontab(USER_CRONTAB)
    expect(await crontab()).toBe(USER_CRONTAB)

    await core.cron.install('h1', { name: 'alpha', schedule: '*/5 * * * *', script: 'echo a' })
    const once = await crontab()
    expect(userPart(once)).toBe(USER_CRONTAB)
    expect(once).toContain('*/5 * * * * sh "$HOME/.pier/cron/run.sh" alpha\n')

    // The same install again changes nothing at all.
    await core.cron.install('h1', { name: 'alpha', schedule: '*/5 * * * *', script: 'echo a' })
    expect(await crontab()).toBe(once)

    // Update in place: the block stays where it was even if the user added lines after it.
    await setCrontab(once + '0 9 * * 1 echo weekly\n')
    await core.cron.install('h1', { name: 'alpha', schedule: '0 * * * *', script: 'echo a2' })
    await core.cron.install('h1', { name: 'beta', schedule: '@hourly', script: 'echo b' })
    const updated = await crontab()
    expect(userPart(updated)).toBe(USER_CRONTAB + '0 9 * * 1 echo weekly\n')
    expect(updated.indexOf('# END pier')).toBeLessThan(updated.indexOf('echo weekly'))
    const listed = await core.cron.list('h1')
    expect(listed.map((e) => [e.name, e.schedule])).toEqual([
      ['alpha', '0 * * * *'],
      ['beta', '@hourly']
    ])
    const script = await execOn(ssh, 'cat ~/.pier/cron/alpha/script')
    expect(script.stdout).toBe('echo a2')

    await core.cron.remove('h1', 'alpha')
    await core.cron.remove('h1', 'beta')
    // Removing what is not there is fine, and the crontab is the user's again, byte for byte.
    await core.cron.remove('h1', 'beta')
    expect(await crontab()).toBe(USER_CRONTAB + '0 9 * * 1 echo weekly\n')
    expect((await execOn(ssh, 'ls ~/.pier/cron')).stdout).toBe('run.sh\n')
  })

  it('a user without a crontab is left without one', async () => {
    await execOn(ssh, 'crontab -r 2>/dev/null || true')
    await core.cron.install('h1', { name: 'solo', schedule: '@daily', script: 'true' })
    await core.cron.remove('h1', 'solo')
    const r = await execOn(ssh, 'crontab -l')
    expect(r.code).not.toBe(0)
    expect(r.stderr).toMatch(/no crontab/)
  })

  it('a damaged block is refused with a fix, and the crontab is left as it was', async () => {
    const damaged = USER_CRONTAB + '# BEGIN pier\n* * * * * echo half\n'
    await setCrontab(damaged)
    const err = await core.cron
      .install('h1', { name: 'x', schedule: '* * * * *', script: 'true' })
      .catch((e: unknown) => e)
    expect(err).toMatchObject({ code: 'remote_failed', hint: expect.stringMatching(/crontab -e/) })
    expect(await crontab()).toBe(damaged)
    await setCrontab(USER_CRONTAB)
  })

  it('a real cron fires the entry within 70 s, and its run is read back', async () => {
    await core.cron.install('h1', {
      name: 'fires',
      schedule: '* * * * *',
      script: 'echo "ran as $(id -un) in $PWD"; echo oops >&2; exit 3'
    })
    await expect
      .poll(async () => (await core.cron.list('h1')).find((e) => e.name === 'fires')?.runs, {
        timeout: 75_000,
        interval: 1000
      })
      .toBeGreaterThanOrEqual(1)
    const entry = (await core.cron.list('h1')).find((e) => e.name === 'fires')
    expect(entry).toMatchObject({ lastExitCode: 3, running: false })
    expect(entry?.lastDurationSec).toBeGreaterThanOrEqual(0)
    expect(entry?.lastEndedAt).toBeGreaterThanOrEqual(entry?.lastStartedAt ?? Infinity)
    const log = await execOn(ssh, 'cat ~/.pier/cron/fires/log')
    expect(log.stdout).toBe(`ran as ${h1.username} in /home/${h1.username}\noops\n`)
    await core.cron.remove('h1', 'fires')
  }, 90_000)

  it('an entry still running when cron fires again skips (flock -n) and counts the skip', async () => {
    await core.cron.install('h1', { name: 'busy', schedule: '@yearly', script: 'sleep 3' })
    // Two runs at once, the way two minutes' cron ticks would overlap.
    const r = await execOn(
      ssh,
      'sh ~/.pier/cron/run.sh busy & sleep 1; sh ~/.pier/cron/run.sh busy; wait; cat ~/.pier/cron/busy/status.json'
    )
    expect(r.code).toBe(0)
    const entry = (await core.cron.list('h1')).find((e) => e.name === 'busy')
    expect(entry).toMatchObject({ runs: 1, skipped: 1, lastExitCode: 0 })
    expect(entry?.lastDurationSec).toBeGreaterThanOrEqual(2)
    await core.cron.remove('h1', 'busy')
  })

  it('hostile names and schedules are refused before anything changes; scripts stay literal', async () => {
    const before = await crontab()
    for (const bad of HOSTILE) {
      await expect(
        core.cron.install('h1', { name: bad, schedule: '* * * * *', script: 'true' })
      ).rejects.toThrow()
      await expect(
        core.cron.install('h1', { name: 'ok', schedule: bad, script: 'true' })
      ).rejects.toThrow()
    }
    expect(await crontab()).toBe(before)
    const script = HOSTILE.slice(0, 13).join('\n')
    await core.cron.install('h1', { name: 'literal', schedule: '@yearly', script })
    const stored = await execOn(ssh, 'base64 -w0 ~/.pier/cron/literal/script')
    expect(Buffer.from(stored.stdout, 'base64').toString()).toBe(script)
    await core.cron.remove('h1', 'literal')
    expect(await crontab()).toBe(before)
  })
})
