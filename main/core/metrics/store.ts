// Runs in: main, CLI, headless server.
// The laptop's metrics history in SQLite: samples in, rollups kept current, ranges out.
// Inserts come in batches inside one transaction (a first sync can bring a week of samples).
import type { Db } from '../db/open'
import type { RawSample } from './sample'

export interface SampleRow {
  t: number
  cpu: number | null
  load1: number | null
  mem_used: number | null
  mem_total: number | null
  swap_used: number | null
  swap_total: number | null
  disk_used: number | null
  disk_total: number | null
  io_r: number | null
  io_w: number | null
  net_rx: number | null
  net_tx: number | null
}

export interface RollupRow extends SampleRow {
  cpu_max: number | null
}

export interface ContainerRow {
  t: number
  name: string
  app: string | null
  cpu: number | null
  mem: number | null
  rx: number | null
  tx: number | null
}

const RESOLUTIONS = [60, 3600] as const

export class MetricsStore {
  constructor(private readonly db: Db) {}

  /** Stores samples and brings the rollups of every bucket they touch up to date. */
  insert(serverId: string, samples: readonly RawSample[]): void {
    if (samples.length === 0) return
    const host = this.db.prepare(
      `INSERT OR REPLACE INTO metric_samples (server_id, t, cpu, load1, mem_used, mem_total,
         swap_used, swap_total, disk_used, disk_total, io_r, io_w, net_rx, net_tx)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`
    )
    const ct = this.db.prepare(
      `INSERT OR REPLACE INTO metric_container_samples (server_id, name, t, app, cpu, mem, rx, tx)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`
    )
    let from = Infinity
    let to = -Infinity
    this.db.transaction(() => {
      for (const s of samples) {
        from = Math.min(from, s.t)
        to = Math.max(to, s.t)
        const diskUsed = s.disk.reduce((n, d) => n + d.used, 0)
        const diskTotal = s.disk.reduce((n, d) => n + d.total, 0)
        host.run(
          serverId,
          s.t,
          s.cpu,
          s.load[0] ?? null,
          s.mem.used,
          s.mem.total,
          s.swap.used,
          s.swap.total,
          diskUsed,
          diskTotal,
          s.io.r,
          s.io.w,
          s.net.rx,
          s.net.tx
        )
        for (const c of s.ct) ct.run(serverId, c.name, s.t, c.app || null, c.cpu, c.mem, c.rx, c.tx)
      }
      for (const res of RESOLUTIONS) this.rollup(serverId, res, from, to)
    })()
  }

  // Buckets as `t - t % res`: JS numbers bind as REAL, and `t / res` would then not round down.
  private rollup(serverId: string, res: number, from: number, to: number): void {
    const start = Math.floor(from / res) * res
    const end = (Math.floor(to / res) + 1) * res
    // better-sqlite3 binds a JS number as REAL, and t / 60.0 does not bucket: the division must
    // be an integer one, or every sample becomes a "rollup" of its own.
    this.db
      .prepare(
        `INSERT OR REPLACE INTO metric_rollups (server_id, res, t, n, cpu, cpu_max, load1, mem_used,
           mem_total, disk_used, disk_total, io_r, io_w, net_rx, net_tx)
         SELECT server_id, @res, t - t % @res AS bucket, count(*), avg(cpu), max(cpu), avg(load1),
                avg(mem_used), max(mem_total), max(disk_used), max(disk_total), avg(io_r),
                avg(io_w), avg(net_rx), avg(net_tx)
         FROM metric_samples
         WHERE server_id = @serverId AND t >= @start AND t < @end
         GROUP BY bucket`
      )
      .run({ serverId, res, start, end })
  }

  samples(serverId: string, from: number, to: number): SampleRow[] {
    return this.db
      .prepare(
        `SELECT t, cpu, load1, mem_used, mem_total, swap_used, swap_total, disk_used, disk_total,
                io_r, io_w, net_rx, net_tx
         FROM metric_samples WHERE server_id = ? AND t >= ? AND t <= ? ORDER BY t`
      )
      .all(serverId, from, to) as SampleRow[]
  }

  rollups(serverId: string, res: number, from: number, to: number): RollupRow[] {
    return this.db
      .prepare(
        `SELECT t, cpu, cpu_max, load1, mem_used, mem_total, NULL AS swap_used, NULL AS swap_total,
                disk_used, disk_total, io_r, io_w, net_rx, net_tx
         FROM metric_rollups WHERE server_id = ? AND res = ? AND t >= ? AND t <= ? ORDER BY t`
      )
      .all(serverId, res, from, to) as RollupRow[]
  }

  containers(serverId: string, from: number, to: number): ContainerRow[] {
    return this.db
      .prepare(
        `SELECT t, name, app, cpu, mem, rx, tx FROM metric_container_samples
         WHERE server_id = ? AND t >= ? AND t <= ? ORDER BY name, t`
      )
      .all(serverId, from, to) as ContainerRow[]
  }

  offsets(serverId: string): Map<string, number> {
    const rows = this.db
      .prepare('SELECT day, offset FROM metrics_files WHERE server_id = ?')
      .all(serverId) as { day: string; offset: number }[]
    return new Map(rows.map((r) => [r.day, r.offset]))
  }

  setOffset(serverId: string, day: string, offset: number): void {
    this.db
      .prepare(
        `INSERT INTO metrics_files (server_id, day, offset) VALUES (?, ?, ?)
         ON CONFLICT (server_id, day) DO UPDATE SET offset = excluded.offset`
      )
      .run(serverId, day, offset)
  }

  /** Drops history older than the cutoffs: raw samples first, hourly rollups last. */
  prune(serverId: string, now: number, rawDays: number): void {
    const day = 86_400
    this.db.transaction(() => {
      this.db
        .prepare('DELETE FROM metric_samples WHERE server_id = ? AND t < ?')
        .run(serverId, now - rawDays * day)
      this.db
        .prepare('DELETE FROM metric_container_samples WHERE server_id = ? AND t < ?')
        .run(serverId, now - rawDays * day)
      this.db
        .prepare('DELETE FROM metric_rollups WHERE server_id = ? AND res = 60 AND t < ?')
        .run(serverId, now - 31 * day)
      this.db
        .prepare('DELETE FROM metric_rollups WHERE server_id = ? AND res = 3600 AND t < ?')
        .run(serverId, now - 400 * day)
      this.db
        .prepare("DELETE FROM metrics_files WHERE server_id = ? AND day != 'alerts' AND day < ?")
        .run(serverId, new Date((now - 31 * day) * 1000).toISOString().slice(0, 10))
    })()
  }
}
