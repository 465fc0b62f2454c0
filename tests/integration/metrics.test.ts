// Monitoring on a real host with a real cron: the collector samples at the set interval, a CPU
// burner shows up in host and container figures, sync transfers only new bytes, and samples taken
// while the link was cut arrive after it is restored.
import fs from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createCore, type Core } from '../../main/core/core'
import { cutLink, restoreLink } from '../hosts/harness'
import { memoryKeychain } from '../support/memory-keychain'
import { hostsOrSkip, type TestHost, recordHarnessServer } from './support'

const hosts = hostsOrSkip()

describe.skipIf(hosts.length === 0)('metrics collector (real host, real cron)', () => {
  let core: Core
  let home = ''
  let h2: TestHost
  const sh = async (cmd: string) => {
    const r = await core.pool.link(core.servers.get('h2').id).exec(cmd, { timeoutMs: 60_000 })
    if (r.code !== 0) throw new Error(`${cmd}: ${r.stderr}`)
    return r.stdout
  }
  const serverId = () => core.servers.get('h2').id
  const localCount = () =>
    (
      core.db
        .prepare('SELECT count(*) AS n FROM metric_samples WHERE server_id = ?')
        .get(serverId()) as { n: number }
    ).n

  beforeAll(async () => {
    h2 = hosts[1] as TestHost
    home = fs.mkdtempSync('/tmp/pier-metrics-')
    core = createCore({ home, keychain: memoryKeychain(), sshKeepaliveMs: 1000 })
    recordHarnessServer(core, h2, 'h2')
  })
  afterAll(async () => {
    await restoreLink(h2.name)
    await core.metrics.disable('h2').catch(() => undefined)
    await sh('docker rm -f pier-burner pier-idle >/dev/null 2>&1; rm -rf ~/.pier/metrics').catch(
      () => undefined
    )
    core?.close()
    fs.rmSync(home, { recursive: true, force: true })
  })

  it('cron runs the collector, which samples at the set interval', async () => {
    await sh(
      'docker run -d --name pier-burner busybox:local sh -c "while :; do :; done" >/dev/null && docker run -d --name pier-idle busybox:local sleep 3600 >/dev/null'
    )
    const settings = await core.metrics.enable('h2', { intervalSec: 2, retentionDays: 3 })
    expect(settings).toMatchObject({ enabled: true, intervalSec: 2, retentionDays: 3 })
    const entry = (await core.cron.list('h2')).find((e) => e.name === 'pier-metrics')
    expect(entry?.schedule).toBe('* * * * *')
    await expect
      .poll(async () => (await core.metrics.sync('h2')).samples + localCount(), {
        timeout: 80_000,
        interval: 2000
      })
      .toBeGreaterThanOrEqual(5)
    await core.metrics.sync('h2')
    const rows = core.metrics.store.samples(serverId(), 0, 2 ** 31)
    const gaps = rows.slice(1).map((r, i) => r.t - (rows[i]?.t ?? 0))
    // Every 2 s, give or take the time a sample takes; one minute's run hands to the next.
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(1)
    expect(Math.max(...gaps)).toBeLessThanOrEqual(4)
  }, 120_000)

  it('a CPU burner shows in the container and host figures; an idle container does not', async () => {
    await core.metrics.sync('h2')
    const now = Math.floor(Date.now() / 1000)
    const ct = core.metrics.store
      .containers(serverId(), now - 30, now)
      .filter((c) => c.cpu !== null)
    const burner = ct.filter((c) => c.name === 'pier-burner').map((c) => c.cpu as number)
    const idle = ct.filter((c) => c.name === 'pier-idle').map((c) => c.cpu as number)
    expect(burner.length).toBeGreaterThan(0)
    // A busy loop gets a whole core on a quiet host; leave room for a busy CI machine.
    expect(Math.max(...burner)).toBeGreaterThan(20)
    expect(Math.max(...idle)).toBeLessThan(5)
    expect(Math.max(...burner)).toBeGreaterThan(Math.max(...idle) + 15)
    const host = core.metrics.store.samples(serverId(), now - 30, now).map((r) => r.cpu ?? 0)
    // One busy core of however many: a clear rise over an idle host.
    expect(Math.max(...host)).toBeGreaterThan(100 / 8)
    const s = core.metrics.store.samples(serverId(), now - 30, now).at(-1)
    expect(s?.mem_total).toBeGreaterThan(0)
    expect(s?.disk_total).toBeGreaterThan(0)
  })

  it('syncing twice transfers only the new bytes, and local rows equal the server lines', async () => {
    await core.metrics.sync('h2')
    const again = await core.metrics.sync('h2')
    // At most the sample or two written between the two calls.
    expect(again.bytes).toBeLessThan(4000)
    await sh('sleep 5')
    const third = await core.metrics.sync('h2')
    expect(third.samples).toBeGreaterThanOrEqual(1)
    const serverLines = Number(await sh('cat ~/.pier/metrics/*.jsonl | wc -l'))
    // The server may have written one more since; never fewer, never duplicated here.
    expect(localCount()).toBeLessThanOrEqual(serverLines)
    expect(localCount()).toBeGreaterThanOrEqual(serverLines - 2)
    const offsets = [...core.metrics.store.offsets(serverId()).values()].reduce((a, b) => a + b, 0)
    const size = Number(await sh('cat ~/.pier/metrics/*.jsonl | wc -c'))
    expect(offsets).toBeLessThanOrEqual(size)
  })

  it('samples taken while the link was cut arrive after it is restored', async () => {
    await core.metrics.sync('h2')
    const cutAt = Math.floor(Date.now() / 1000)
    await cutLink(h2.name)
    await new Promise((r) => setTimeout(r, 60_000))
    await restoreLink(h2.name)
    const restoredAt = Math.floor(Date.now() / 1000)
    await expect
      .poll(async () => (await core.metrics.sync('h2').catch(() => ({ samples: 0 }))).samples, {
        timeout: 30_000,
        interval: 1000
      })
      .toBeGreaterThan(0)
    const during = core.metrics.store.samples(serverId(), cutAt + 5, restoredAt - 5)
    // Every 2 s across the minute (a little slack for the minute's hand-over).
    expect(during.length).toBeGreaterThanOrEqual(20)
  }, 150_000)

  it('live mode takes fresh samples without disturbing the stored history', async () => {
    const before = localCount()
    const a = await core.metrics.live('h2')
    const b = await core.metrics.live('h2')
    expect(b.t).toBeGreaterThanOrEqual(a.t)
    expect(b.cpu).not.toBeNull()
    expect(b.ct.map((c) => c.name).sort()).toEqual(['pier-burner', 'pier-idle'])
    expect(localCount()).toBe(before)
  })

  it('shows samples for a window with time, CPU, memory, disk and network', async () => {
    const shown = core.metrics.show('h2', 15 * 60)
    expect(shown.length).toBeGreaterThan(10)
    expect(shown.at(-1)).toMatchObject({
      t: expect.any(Number),
      mem: { used: expect.any(Number), total: expect.any(Number) },
      disk: { used: expect.any(Number), total: expect.any(Number) },
      net: { rx: expect.any(Number), tx: expect.any(Number) }
    })
    const series = core.metrics.series('h2', 3600, 50)
    expect(series.lines.cpu.length).toBeLessThanOrEqual(60)
    expect(series.containers.map((c) => c.name)).toContain('pier-burner')
  })

  it('disable removes the collector from cron and keeps the history', async () => {
    const kept = localCount()
    const off = await core.metrics.disable('h2')
    expect(off.enabled).toBe(false)
    expect((await core.cron.list('h2')).some((e) => e.name === 'pier-metrics')).toBe(false)
    expect(localCount()).toBe(kept)
  })
})
