// Runs in: main, CLI, headless server.
// Monitoring without a resident agent or an open port: the collector runs from Pier's cron block
// on each server, and the laptop pulls what it has not seen yet, by file and byte offset, over the
// pooled SSH connection. Live mode asks for one fresh sample per call (one short exec).
import { PierError } from '../errors'
import type { Db } from '../db/open'
import type { EventBus } from '../events'
import type { CronService } from '../jobs/cron'
import { remoteScript } from '../remote-scripts'
import type { ServersService } from '../servers/service'
import type { SshPool } from '../ssh/pool'
import { shJoin } from '../ssh/quote'
import { lttb, type Point } from './lttb'
import { rawSampleSchema, type MetricsSettings, type RawSample } from './sample'
import { MetricsStore, type SampleRow } from './store'

export const METRICS_CRON = 'pier-metrics'
const DAY = /^(\d{4}-\d\d-\d\d|alerts)$/
const WRITE_CONFIG =
  'umask 077 && mkdir -p "$HOME/.pier/metrics" && cat > "$HOME/.pier/metrics/config"'

export interface EnableMetrics {
  intervalSec?: number
  retentionDays?: number
}

export interface SyncResult {
  server: string
  samples: number
  /** Bytes of sample data transferred (not counting headers). */
  bytes: number
}

export type Line = Point[]

export interface ChartSeries {
  server: string
  from: number
  to: number
  resolution: number
  lines: Record<
    'cpu' | 'load1' | 'memUsed' | 'diskUsed' | 'ioRead' | 'ioWrite' | 'netRx' | 'netTx',
    Line
  > & {
    /**
     * Each minute's highest CPU, for ranges drawn from rollups (empty for raw samples, where it
     * would equal `cpu`): a minute's average hides a ten-second spike, its peak does not.
     */
    cpuMax: Line
  }
  totals: { mem: number | null; disk: number | null }
  containers: { name: string; app: string | null; cpu: Line; mem: Line }[]
}

export interface ShownSample {
  t: number
  cpu: number | null
  load1: number | null
  mem: { used: number | null; total: number | null }
  disk: { used: number | null; total: number | null }
  net: { rx: number | null; tx: number | null }
  io: { read: number | null; write: number | null }
}

/** Splits metrics-read.sh output; returns whole JSON lines per day and the new offsets. */
export function parseRead(out: Buffer): { day: string; lines: string[]; offset: number }[] {
  const files: { day: string; lines: string[]; offset: number }[] = []
  let at = 0
  for (;;) {
    const nl = out.indexOf(0x0a, at)
    if (nl < 0) throw new Error('the metrics stream was cut off')
    const header = out.subarray(at, nl).toString('utf8')
    at = nl + 1
    if (header === '=pier-done') return files
    const m = /^=pier-file (\S+) (\d+) (\d+)$/.exec(header)
    if (!m || !DAY.test(m[1] as string)) throw new Error(`unexpected line: ${header.slice(0, 80)}`)
    const from = Number(m[2])
    const size = Number(m[3])
    const body = out.subarray(at, at + (size - from))
    if (body.length !== size - from) throw new Error('the metrics stream was cut off')
    at += size - from
    // Only whole lines: a sample being written right now is read next time.
    const end = body.lastIndexOf(0x0a) + 1
    const lines = body
      .subarray(0, end)
      .toString('utf8')
      .split('\n')
      .filter((l) => l.trim() !== '')
    files.push({ day: m[1] as string, lines, offset: from + end })
  }
}

export class MetricsService {
  readonly store: MetricsStore
  private readonly syncing = new Map<string, Promise<SyncResult>>()
  private timer: NodeJS.Timeout | null = null

  constructor(
    private readonly deps: {
      db: Db
      servers: ServersService
      pool: SshPool
      cron: CronService
      bus: EventBus
      /** Lines of the collector's alerts.log, new since the last sync. */
      onAlertLines?: (serverId: string, lines: string[]) => void
    }
  ) {
    this.store = new MetricsStore(deps.db)
  }

  private link(serverId: string) {
    return this.deps.pool.link(serverId)
  }

  enabled(serverId: string): boolean {
    const row = this.deps.db
      .prepare('SELECT enabled FROM metrics_settings WHERE server_id = ?')
      .get(serverId) as { enabled: number } | undefined
    return row?.enabled === 1
  }

  settings(server: string): MetricsSettings {
    const s = this.deps.servers.get(server)
    const row = this.deps.db
      .prepare('SELECT * FROM metrics_settings WHERE server_id = ?')
      .get(s.id) as
      | {
          enabled: number
          interval_sec: number
          retention_days: number
          last_sync_at: number | null
        }
      | undefined
    return {
      server: s.name,
      enabled: row?.enabled === 1,
      intervalSec: row?.interval_sec ?? 10,
      retentionDays: row?.retention_days ?? 7,
      lastSyncAt: row?.last_sync_at ?? null
    }
  }

  /** Installs (or reconfigures) the collector in the server's cron block. Idempotent. */
  async enable(server: string, opts: EnableMetrics = {}): Promise<MetricsSettings> {
    const s = this.deps.servers.get(server)
    const interval = Math.round(opts.intervalSec ?? 10)
    const retention = Math.round(opts.retentionDays ?? 7)
    if (interval < 2 || interval > 60)
      throw new PierError('invalid_input', 'The interval is 2 to 60 seconds.', 'Try --interval 10.')
    if (retention < 1 || retention > 365)
      throw new PierError('invalid_input', 'Retention is 1 to 365 days.', 'Try --retention 7.')
    const r = await this.link(s.id).exec(shJoin(['sh', '-c', WRITE_CONFIG]), {
      stdin: `interval=${interval}\nretention=${retention}\n`
    })
    if (r.code !== 0)
      throw new PierError(
        'remote_failed',
        `Could not write the collector settings on ${s.name}: ${r.stderr.trim().slice(0, 200)}`,
        'Check that the user can write to ~/.pier on the server.'
      )
    await this.deps.cron.install(s.name, {
      name: METRICS_CRON,
      schedule: '* * * * *',
      script: remoteScript('collect-metrics.sh')
    })
    this.deps.db
      .prepare(
        `INSERT INTO metrics_settings (server_id, enabled, interval_sec, retention_days)
         VALUES (?, 1, ?, ?)
         ON CONFLICT (server_id) DO UPDATE SET enabled = 1, interval_sec = excluded.interval_sec,
           retention_days = excluded.retention_days`
      )
      .run(s.id, interval, retention)
    this.deps.bus.changed('metrics')
    return this.settings(s.name)
  }

  /** Removes the collector from cron; the history (here and on the server) stays. */
  async disable(server: string): Promise<MetricsSettings> {
    const s = this.deps.servers.get(server)
    await this.deps.cron.remove(s.name, METRICS_CRON)
    this.deps.db.prepare('UPDATE metrics_settings SET enabled = 0 WHERE server_id = ?').run(s.id)
    this.deps.bus.changed('metrics')
    return this.settings(s.name)
  }

  /** Pulls the samples this laptop has not seen; concurrent calls share one transfer. */
  sync(server: string): Promise<SyncResult> {
    const s = this.deps.servers.get(server)
    let running = this.syncing.get(s.id)
    if (!running) {
      running = this.pull(s.id, s.name).finally(() => this.syncing.delete(s.id))
      this.syncing.set(s.id, running)
    }
    return running
  }

  private async pull(serverId: string, name: string): Promise<SyncResult> {
    const known = [...this.store.offsets(serverId)].map(([d, o]) => `${d} ${o}\n`).join('')
    const chunks: Buffer[] = []
    const it = this.link(serverId).execChunks(
      shJoin(['sh', '-c', remoteScript('metrics-read.sh'), 'metrics-read.sh']),
      { stdin: known, timeoutMs: 300_000 }
    )
    for (;;) {
      const next = await it.next()
      if (next.done) {
        if (next.value.code !== 0)
          throw new PierError(
            'remote_failed',
            `Reading metrics on ${name} failed: ${next.value.stderr.trim().slice(0, 200)}`,
            'Check `pier cron list SERVER` for the collector, then try again.'
          )
        break
      }
      chunks.push(next.value)
    }
    let files
    try {
      files = parseRead(Buffer.concat(chunks))
    } catch (err) {
      throw new PierError(
        'remote_failed',
        `The metrics from ${name} are unreadable: ${(err as Error).message}`,
        'Try again; a transfer cut short is read again from where it stopped.'
      )
    }
    let samples = 0
    let bytes = 0
    for (const f of files) {
      if (f.day === 'alerts') {
        this.deps.onAlertLines?.(serverId, f.lines)
        this.store.setOffset(serverId, f.day, f.offset)
        continue
      }
      const parsed: RawSample[] = []
      for (const line of f.lines) {
        bytes += Buffer.byteLength(line) + 1
        try {
          const r = rawSampleSchema.safeParse(JSON.parse(line))
          if (r.success) parsed.push(r.data)
        } catch {
          // A damaged line (disk full mid-write) is skipped, not fatal: the rest is good data.
        }
      }
      this.deps.db.transaction(() => {
        this.store.insert(serverId, parsed)
        this.store.setOffset(serverId, f.day, f.offset)
      })()
      samples += parsed.length
    }
    const now = Math.floor(Date.now() / 1000)
    this.store.prune(serverId, now, 8)
    this.deps.db
      .prepare('UPDATE metrics_settings SET last_sync_at = ? WHERE server_id = ?')
      .run(now, serverId)
    if (samples > 0) this.deps.bus.changed('metrics')
    return { server: name, samples, bytes }
  }

  /** One sample taken now (live mode), not stored. */
  async live(server: string): Promise<RawSample> {
    const s = this.deps.servers.get(server)
    const r = await this.link(s.id).exec(
      shJoin(['sh', '-c', remoteScript('collect-metrics.sh'), 'collect-metrics.sh', 'once']),
      { timeoutMs: 20_000 }
    )
    const parsed = rawSampleSchema.safeParse(safeJson(r.stdout.trim()))
    if (r.code !== 0 || !parsed.success)
      throw new PierError(
        'remote_failed',
        `Could not take a sample on ${s.name}: ${(r.stderr || r.stdout).trim().slice(0, 200)}`,
        'The server needs /proc, df and awk; check `pier server check SERVER`.'
      )
    return parsed.data
  }

  /** Samples for a time window, for `pier metrics show` (rollups past six hours). */
  show(server: string, sinceSec: number, until?: number): ShownSample[] {
    const s = this.deps.servers.get(server)
    const to = until ?? Math.floor(Date.now() / 1000)
    const from = to - sinceSec
    const rows: SampleRow[] =
      sinceSec <= 6 * 3600
        ? this.store.samples(s.id, from, to)
        : this.store.rollups(s.id, sinceSec <= 3 * 86_400 ? 60 : 3600, from, to)
    return rows.map((r) => ({
      t: r.t,
      cpu: r.cpu,
      load1: r.load1,
      mem: { used: r.mem_used, total: r.mem_total },
      disk: { used: r.disk_used, total: r.disk_total },
      net: { rx: r.net_rx, tx: r.net_tx },
      io: { read: r.io_r, write: r.io_w }
    }))
  }

  /** Chart lines for a window, each downsampled (LTTB) to at most maxPoints. */
  series(server: string, sinceSec: number, maxPoints = 1000, until?: number): ChartSeries {
    const s = this.deps.servers.get(server)
    const to = until ?? Math.floor(Date.now() / 1000)
    const from = to - sinceSec
    const resolution = sinceSec <= 6 * 3600 ? 0 : 60
    const rows: (SampleRow & { cpu_max?: number | null })[] =
      resolution === 0 ? this.store.samples(s.id, from, to) : this.store.rollups(s.id, 60, from, to)
    const line = (pick: (r: (typeof rows)[number]) => number | null): Line =>
      lttb(
        rows.map((r) => [r.t, pick(r)] as const),
        maxPoints
      )
    // On rollups the peak line picks which minutes are drawn, and the average is read at those
    // same minutes: both lines then share their points, and the spike the peak keeps has its
    // average right under it.
    const cpuMax = resolution === 0 ? [] : line((r) => r.cpu_max ?? null)
    const byTime = new Map(rows.map((r) => [r.t, r]))
    const cpu: Line =
      resolution === 0
        ? line((r) => r.cpu)
        : cpuMax.map(([t]) => [t, byTime.get(t)?.cpu ?? null] as const)
    const last = rows.at(-1)
    const byName = new Map<string, { app: string | null; cpu: Point[]; mem: Point[] }>()
    if (resolution === 0) {
      for (const c of this.store.containers(s.id, from, to)) {
        let e = byName.get(c.name)
        if (!e) byName.set(c.name, (e = { app: c.app, cpu: [], mem: [] }))
        e.cpu.push([c.t, c.cpu])
        e.mem.push([c.t, c.mem])
      }
    }
    return {
      server: s.name,
      from,
      to,
      resolution: resolution || this.settings(s.name).intervalSec,
      lines: {
        cpu,
        cpuMax,
        load1: line((r) => r.load1),
        memUsed: line((r) => r.mem_used),
        diskUsed: line((r) => r.disk_used),
        ioRead: line((r) => r.io_r),
        ioWrite: line((r) => r.io_w),
        netRx: line((r) => r.net_rx),
        netTx: line((r) => r.net_tx)
      },
      totals: { mem: last?.mem_total ?? null, disk: last?.disk_total ?? null },
      containers: [...byName].map(([name, e]) => ({
        name,
        app: e.app,
        cpu: lttb(e.cpu, maxPoints),
        mem: lttb(e.mem, maxPoints)
      }))
    }
  }

  /** Syncs every server with metrics enabled now and then (the app, not the one-shot CLI). */
  startAutoSync(everyMs = 60_000): void {
    if (this.timer) return
    const tick = (): void => {
      const rows = this.deps.db
        .prepare('SELECT server_id FROM metrics_settings WHERE enabled = 1')
        .all() as { server_id: string }[]
      for (const r of rows) void this.sync(r.server_id).catch(() => undefined)
    }
    tick()
    this.timer = setInterval(tick, everyMs)
    this.timer.unref()
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer)
    this.timer = null
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return null
  }
}
