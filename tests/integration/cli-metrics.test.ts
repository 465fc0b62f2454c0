// `pier metrics …` exactly as the Monitoring issue writes it, run as the built CLI against a real
// host with a real cron.
import fs from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createCore } from '../../main/core/core'
import { pierCli, root } from '../e2e/serve'
import { memoryKeychain } from '../support/memory-keychain'
import { hostsOrSkip, type TestHost, recordHarnessServer } from './support'

const hosts = hostsOrSkip()
const home = fs.mkdtempSync('/tmp/pier-cli-metrics-')

async function pier(...args: string[]): Promise<string> {
  const r = await pierCli(home, ...args)
  if (r.code !== 0) throw new Error(`pier ${args.join(' ')} failed (${r.code}): ${r.stderr}`)
  return r.stdout
}

describe.skipIf(hosts.length === 0 || !fs.existsSync(path.join(root, 'out/main/cli.js')))(
  'pier metrics (built CLI, real host)',
  () => {
    beforeAll(() => {
      const h1 = hosts[0] as TestHost
      const core = createCore({ home, keychain: memoryKeychain() })
      recordHarnessServer(core, h1, 'h1')
      core.close()
    })
    afterAll(async () => {
      await pierCli(home, 'metrics', 'disable', 'h1')
      fs.rmSync(home, { recursive: true, force: true })
    })

    it('enable, show --json with timestamped cpu/mem/disk/net samples, disable', async () => {
      const on = JSON.parse(
        await pier('metrics', 'enable', 'h1', '--interval', '3', '--retention', '2', '--json')
      ) as { enabled: boolean; intervalSec: number; retentionDays: number }
      expect(on).toMatchObject({ enabled: true, intervalSec: 3, retentionDays: 2 })
      type Shown = {
        synced: boolean
        samples: {
          t: number
          cpu: number | null
          mem: { used: number; total: number }
          disk: { used: number; total: number }
          net: { rx: number | null; tx: number | null }
        }[]
      }
      let shown: Shown = { synced: false, samples: [] }
      await expect
        .poll(
          async () => {
            shown = JSON.parse(await pier('metrics', 'show', 'h1', '--since', '15m', '--json'))
            return shown.samples.length
          },
          { timeout: 85_000, interval: 3000 }
        )
        .toBeGreaterThanOrEqual(2)
      expect(shown.synced).toBe(true)
      const last = shown.samples.at(-1)
      expect(last?.t).toBeGreaterThan(Date.now() / 1000 - 120)
      expect(last?.mem.total).toBeGreaterThan(0)
      expect(last?.disk.total).toBeGreaterThan(0)
      expect(typeof last?.cpu).toBe('number')
      expect(await pier('metrics', 'show', 'h1', '--since', '15m')).toMatch(/TIME\s+CPU\s+LOAD/)
      const bad = await pierCli(home, 'metrics', 'show', 'h1', '--since', '1h;id')
      expect(bad.code).toBe(1)
      expect(bad.stderr).toMatch(/not a duration/)
      const off = JSON.parse(await pier('metrics', 'disable', 'h1', '--json')) as {
        enabled: boolean
      }
      expect(off.enabled).toBe(false)
    }, 120_000)
  }
)
