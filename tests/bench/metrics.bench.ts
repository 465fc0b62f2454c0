// Monitoring costs, measured against baselines in the same run:
// - one collector sample (remote-scripts/collect-metrics.sh once) vs `docker stats --no-stream`
//   for the same containers, both over Pier's pooled connection on a real host;
// - a 7-day chart (10 s samples): minute rollups + LTTB vs reading every raw sample + LTTB.
// Printed beside them: the collector's CPU time per sample and the bytes a synced day costs.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, bench, describe, inject } from 'vitest'
import { createCore, type Core } from '../../main/core/core'
import { lttb } from '../../main/core/metrics/lttb'
import type { RawSample } from '../../main/core/metrics/sample'
import { remoteScript } from '../../main/core/remote-scripts'
import type { ServerLink } from '../../main/core/ssh/link'
import { shJoin } from '../../main/core/ssh/quote'
import { memoryKeychain } from '../support/memory-keychain'
import { hostsOrSkip, recordHarnessServer } from '../integration/support'

const noHosts = hostsOrSkip().length === 0
if (noHosts && process.env.CI === 'true') {
  throw new Error(`bench needs a test host on CI: ${inject('hostsSkipReason') || 'no hosts'}`)
}

const CONTAINERS = 5
const WEEK = 7 * 86_400

let core: Core | undefined
let link: ServerLink | undefined
let dir = ''
let chartServerId = ''
const now = Math.floor(Date.now() / 1000)

function synthetic(t: number, i: number): RawSample {
  return {
    t,
    cpu: i === 30_000 ? 97 : 10 + 5 * Math.sin(i / 500),
    load: [0.5, 0.4, 0.3],
    mem: { total: 8e9, used: 3e9 + 1e9 * Math.sin(i / 3000) },
    swap: { total: 0, used: 0 },
    disk: [{ mount: '/', total: 1e11, used: 4e10 }],
    io: { r: 1000, w: 5000 },
    net: { rx: 2000, tx: 1000 },
    ct: [{ id: 'abc', name: 'web', app: 'web', cpu: 3, mem: 1e8, rx: 10, tx: 10 }]
  }
}

beforeAll(async () => {
  const host = hostsOrSkip()[0]
  if (!host) return
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pier-bench-metrics-'))
  core = createCore({ home: path.join(dir, 'pier'), keychain: memoryKeychain() })
  const server = recordHarnessServer(core, host, 'bench')
  link = core.pool.link(server.id)
  const names = Array.from({ length: CONTAINERS }, (_, i) => `pier-bench-${i}`)
  await link.exec(
    names
      .map((n) => `docker run -d --name ${n} busybox:local sleep 3600 >/dev/null 2>&1 || true`)
      .join('; ')
  )
  // The collector's own cost per sample: what its loop runs each time (df, the awk program and
  // the clock check), 50 times in one shell, CPU from `times`. The
  // container list it reads is made once, as the collector makes it once a minute.
  const script = remoteScript('collect-metrics.sh')
  const program = /\nSAMPLE='([\s\S]*?)'\n/.exec(script)?.[1]
  if (!program) throw new Error('cannot find the sample program in collect-metrics.sh')
  await core.metrics.live('bench')
  const loop = [
    'SAMPLE=$(cat); d="$HOME/.pier/metrics"; b="$d/bench"; mkdir -p "$b"; i=0',
    'while [ $i -lt 50 ]; do',
    '  df -P -k 2>/dev/null | awk -v dir="$b" -v statef="$b/state" -v ctf="$d/containers" -v once=0 "$SAMPLE"',
    '  read -r now _ < "$b/last"; [ $((now + 2)) -ge 0 ]; i=$((i+1))',
    'done; times; tail -n 1 "$b"/*.jsonl | wc -c; rm -rf "$b"'
  ].join('\n')
  const cost = await link.exec(shJoin(['sh', '-c', loop]), { stdin: program, timeoutMs: 120_000 })
  const [, children, size] = cost.stdout.trim().split('\n')
  const secs = (children ?? '')
    .split(/\s+/)
    .map((x) => /(\d+)m([\d.]+)s/.exec(x))
    .reduce((n, m) => n + (m ? Number(m[1]) * 60 + Number(m[2]) : 0), 0)
  console.log(
    `[metrics] collector: ${((secs / 50) * 1000).toFixed(1)} ms CPU per sample (user+sys of df and awk; ${CONTAINERS} containers); ` +
      `${size} bytes per sample → ${((Number(size) * 8640) / 1e6).toFixed(1)} MB per synced day at 10 s`
  )

  // A week of 10 s samples for the chart benchmarks, on its own server row (no host needed).
  const chart = core.servers.record({
    name: 'chart',
    host: 'chart.invalid',
    username: 'x',
    authMethod: 'agent'
  })
  chartServerId = chart.id
  const samples: RawSample[] = []
  for (let i = 0, t = now - WEEK; t <= now; i++, t += 10) samples.push(synthetic(t, i))
  for (let i = 0; i < samples.length; i += 5000)
    core.metrics.store.insert(chart.id, samples.slice(i, i + 5000))
}, 600_000)

afterAll(async () => {
  await link
    ?.exec(
      Array.from({ length: CONTAINERS }, (_, i) => `docker rm -f pier-bench-${i}`).join('; ') +
        ' >/dev/null 2>&1'
    )
    .catch(() => undefined)
  core?.close()
  if (dir) fs.rmSync(dir, { recursive: true, force: true })
})

describe.skipIf(noHosts)('one metrics sample of a host and its containers', () => {
  bench(
    'docker stats --no-stream, same containers (baseline)',
    async () => {
      const r = await link!.exec('docker stats --no-stream --format "{{.Name}} {{.CPUPerc}}"')
      if (r.code !== 0) throw new Error(r.stderr)
    },
    { time: 0, iterations: 5, warmupIterations: 1 }
  )
  bench(
    'collect-metrics.sh once: host and containers',
    async () => {
      await core!.metrics.live('bench')
    },
    { time: 3000, warmupIterations: 2 }
  )
})

describe.skipIf(noHosts)('a 7-day chart of 10 s samples (60,480 per line)', () => {
  bench(
    'every raw sample from SQLite, then LTTB to 1000 (baseline)',
    () => {
      const rows = core!.metrics.store.samples(chartServerId, now - WEEK, now)
      const line = lttb(
        rows.map((r) => [r.t, r.cpu] as const),
        1000
      )
      if (line.length > 1000) throw new Error('not downsampled')
    },
    { time: 3000 }
  )
  bench(
    'metrics.series: minute rollups, then LTTB to 1000 for all eight lines',
    () => {
      const s = core!.metrics.series('chart', WEEK, 1000, now)
      if (s.lines.cpu.length > 1000) throw new Error('not downsampled')
    },
    { time: 3000 }
  )
})
