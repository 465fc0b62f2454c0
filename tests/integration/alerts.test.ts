// Alerts evaluated by the collector on a real host: a rule fires to a webhook receiver on another
// harness host (reached over the test network, as a real ntfy or Slack would be over the
// internet), not again within the rate limit, and a webhook whose name resolves to loopback on
// the server is refused there. The laptop learns of both through metrics sync.
import { spawn, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import readline from 'node:readline'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createCore, type Core } from '../../main/core/core'
import type { AlertEvent } from '../../main/core/alerts/service'
import { memoryKeychain } from '../support/memory-keychain'
import { hostsOrSkip, type TestHost, recordHarnessServer } from './support'

const hosts = hostsOrSkip()
const PORT = 18_080

// A name this machine's /etc/hosts maps to loopback (hosts share it), other than the ones the
// laptop already refuses by name, so only the server-side check can stop it.
const loopbackName = (() => {
  try {
    for (const line of fs.readFileSync('/etc/hosts', 'utf8').split('\n')) {
      const [ip, ...names] = line.trim().split(/\s+/)
      if (!ip?.startsWith('127.')) continue
      const n = names.find((x) => x && !/localhost|^ip6-/i.test(x) && !x.startsWith('#'))
      if (n) return n
    }
  } catch {
    // no /etc/hosts: the refusal test is skipped below
  }
  return null
})()

interface Hit {
  url: string
  body: string
}

describe.skipIf(hosts.length === 0)('alerts from the collector (real hosts, real cron)', () => {
  let core: Core
  let home = ''
  let h1: TestHost
  let h2: TestHost
  let receiver: ChildProcess
  const hits: Hit[] = []
  const seen: AlertEvent[] = []

  beforeAll(async () => {
    ;[h1, h2] = hosts as [TestHost, TestHost]
    // The receiver runs inside h1's network namespace, on h1's test-network address.
    const ns = `${process.env.TH_NS ?? 'pier-th-'}${h1.name}`
    receiver = spawn(
      'ip',
      [
        'netns',
        'exec',
        ns,
        process.execPath,
        '-e',
        `require('http').createServer((q, r) => { let b = ''; q.on('data', d => b += d); q.on('end', () => { console.log(JSON.stringify({ url: q.url, body: b })); r.end('ok') }) }).listen(${PORT}, '0.0.0.0', () => console.log('{"ready":true}'))`
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] }
    )
    const lines = readline.createInterface({ input: receiver.stdout! })
    await new Promise<void>((resolve) => {
      lines.on('line', (l) => {
        const v = JSON.parse(l) as Hit & { ready?: boolean }
        if (v.ready) resolve()
        else hits.push(v)
      })
    })
    home = fs.mkdtempSync('/tmp/pier-alerts-')
    core = createCore({ home, keychain: memoryKeychain() })
    core.onAlerts((events) => seen.push(...events))
    recordHarnessServer(core, h2, 'h2')
  })
  afterAll(async () => {
    receiver?.kill()
    await core?.metrics.disable('h2').catch(() => undefined)
    const link = core?.pool.link(core.servers.get('h2').id)
    await link?.exec('rm -rf ~/.pier/metrics').catch(() => undefined)
    core?.close()
    fs.rmSync(home, { recursive: true, force: true })
  })

  it('refuses a rule until metrics are on, and bad rules and targets before anything is written', async () => {
    await expect(
      core.alerts.add('h2', { rule: 'mem > 1', webhook: `http://${h1.ip}:${PORT}/x` })
    ).rejects.toMatchObject({
      code: 'invalid_input',
      hint: expect.stringMatching(/metrics enable/)
    })
    await core.metrics.enable('h2', { intervalSec: 2 })
    await expect(
      core.alerts.add('h2', { rule: 'mem > 1; id', webhook: `http://${h1.ip}:${PORT}/x` })
    ).rejects.toMatchObject({ code: 'invalid_input' })
    await expect(
      core.alerts.add('h2', { rule: 'mem > 1', webhook: 'http://169.254.169.254/latest/' })
    ).rejects.toMatchObject({ code: 'invalid_input' })
    expect(core.alerts.list()).toEqual([])
  })

  it('fires to the webhook from the server, once within the rate limit, and the laptop hears of it', async () => {
    const rule = await core.alerts.add('h2', {
      rule: 'mem > 0.1',
      webhook: `http://${h1.ip}:${PORT}/hook?token=s3cr3t`,
      kind: 'json',
      rateLimitMin: 60
    })
    expect(rule).toMatchObject({ server: 'h2', rule: 'mem > 0.1%', kind: 'json' })
    await expect.poll(() => hits.length, { timeout: 80_000, interval: 500 }).toBeGreaterThan(0)
    const hit = hits[0] as Hit
    expect(hit.url).toBe('/hook?token=s3cr3t')
    expect(JSON.parse(hit.body)).toMatchObject({
      server: h2.name,
      rule: rule.id,
      metric: 'mem',
      threshold: 0.1
    })
    // Several more samples: the rule still holds, but the rate limit keeps it quiet.
    await new Promise((r) => setTimeout(r, 12_000))
    expect(hits).toHaveLength(1)
    await core.metrics.sync('h2')
    const events = core.alerts.events('h2').filter((e) => e.ruleId === rule.id)
    expect(events).toHaveLength(1)
    expect(events[0]).toMatchObject({ delivered: true, metric: 'mem', error: null })
    expect(seen.filter((e) => e.ruleId === rule.id)).toHaveLength(1)
    // The webhook (and its token) only ever lives in a 0600 file on the server.
    const link = core.pool.link(core.servers.get('h2').id)
    const files = await link.exec(
      `stat -c '%a %n' ~/.pier/metrics/alerts/${rule.id}.curl; grep -l s3cr3t ~/.pier/metrics/alerts/${rule.id}.rule || echo clean`
    )
    expect(files.stdout).toMatch(/^600 .*\.curl\nclean\n$/)
    await core.alerts.remove(rule.id)
    expect(core.alerts.list()).toEqual([])
  }, 120_000)

  it.skipIf(loopbackName === null)(
    'a webhook whose name resolves to loopback on the server is refused there, and reported',
    async () => {
      const rule = await core.alerts.add('h2', {
        rule: 'mem > 0.1',
        webhook: `http://${loopbackName}:${PORT}/x`
      })
      await expect
        .poll(
          async () => {
            await core.metrics.sync('h2')
            return core.alerts.events('h2').filter((e) => e.ruleId === rule.id).length
          },
          { timeout: 80_000, interval: 2000 }
        )
        .toBeGreaterThan(0)
      const event = core.alerts.events('h2').find((e) => e.ruleId === rule.id)
      expect(event).toMatchObject({ delivered: false, error: expect.stringMatching(/refused/) })
      await core.alerts.remove(rule.id)
    },
    120_000
  )
})
