// Runs in: main, CLI, headless server (pure).
// Turns the engine's stats JSON into the numbers a person reads, the way `docker stats` does.
// A one-shot sample has no precpu_stats, so CPU % needs the previous sample of the same
// container: the caller keeps it between refreshes and passes it back in.

/** The parts of GET /containers/{id}/stats that Pier reads (engine API 1.41). */
export interface RawStats {
  read?: string
  pids_stats?: { current?: number }
  cpu_stats?: CpuStats
  precpu_stats?: CpuStats
  memory_stats?: { usage?: number; limit?: number; stats?: Record<string, number> }
  networks?: Record<string, { rx_bytes?: number; tx_bytes?: number }>
  blkio_stats?: { io_service_bytes_recursive?: Array<{ op?: string; value?: number }> | null }
}

interface CpuStats {
  cpu_usage?: { total_usage?: number; percpu_usage?: number[] | null }
  system_cpu_usage?: number
  online_cpus?: number
}

/** What is kept of a sample to compute the CPU % of the next one. */
export interface CpuSample {
  total: number
  system: number
}

export interface ContainerStats {
  id: string
  name: string
  /** Percent of one CPU (200 = two CPUs busy); null until two samples exist. */
  cpuPercent: number | null
  /** Memory in use without the page cache, as `docker stats` reports it. */
  memoryBytes: number
  memoryLimitBytes: number
  memoryPercent: number
  netRxBytes: number
  netTxBytes: number
  blockReadBytes: number
  blockWriteBytes: number
  pids: number
  readAt: string
}

export function cpuSample(raw: RawStats): CpuSample | null {
  const total = raw.cpu_stats?.cpu_usage?.total_usage
  const system = raw.cpu_stats?.system_cpu_usage
  return typeof total === 'number' && typeof system === 'number' ? { total, system } : null
}

function onlineCpus(s: CpuStats | undefined): number {
  return s?.online_cpus || s?.cpu_usage?.percpu_usage?.length || 1
}

/** CPU % between two samples, or null when they cannot be compared. */
export function cpuPercent(
  now: CpuSample | null,
  before: CpuSample | null,
  cpus: number
): number | null {
  if (!now || !before) return null
  const cpuDelta = now.total - before.total
  const systemDelta = now.system - before.system
  // A restarted container starts its counter again: no meaningful delta across that.
  if (systemDelta <= 0 || cpuDelta < 0) return null
  return round((cpuDelta / systemDelta) * cpus * 100)
}

/** cgroup v1 reports the page cache as total_inactive_file, v2 as inactive_file. */
export function memoryWithoutCache(m: RawStats['memory_stats']): number {
  const usage = m?.usage ?? 0
  const v1 = m?.stats?.total_inactive_file
  if (typeof v1 === 'number' && v1 < usage) return usage - v1
  const v2 = m?.stats?.inactive_file
  if (typeof v2 === 'number' && v2 < usage) return usage - v2
  return usage
}

const round = (n: number): number => Math.round(n * 100) / 100

export function computeStats(
  id: string,
  name: string,
  raw: RawStats,
  previous: CpuSample | null
): ContainerStats {
  const now = cpuSample(raw)
  // A streamed (not one-shot) sample brings its own previous reading.
  const pre = raw.precpu_stats
  const own =
    typeof pre?.system_cpu_usage === 'number' && (pre.cpu_usage?.total_usage ?? 0) > 0
      ? { total: pre.cpu_usage?.total_usage ?? 0, system: pre.system_cpu_usage }
      : null
  const memoryBytes = memoryWithoutCache(raw.memory_stats)
  const memoryLimitBytes = raw.memory_stats?.limit ?? 0
  let netRxBytes = 0
  let netTxBytes = 0
  for (const n of Object.values(raw.networks ?? {})) {
    netRxBytes += n.rx_bytes ?? 0
    netTxBytes += n.tx_bytes ?? 0
  }
  let blockReadBytes = 0
  let blockWriteBytes = 0
  for (const e of raw.blkio_stats?.io_service_bytes_recursive ?? []) {
    const op = (e.op ?? '').toLowerCase()
    if (op === 'read') blockReadBytes += e.value ?? 0
    else if (op === 'write') blockWriteBytes += e.value ?? 0
  }
  return {
    id,
    name,
    cpuPercent: cpuPercent(now, own ?? previous, onlineCpus(raw.cpu_stats)),
    memoryBytes,
    memoryLimitBytes,
    memoryPercent: memoryLimitBytes > 0 ? round((memoryBytes / memoryLimitBytes) * 100) : 0,
    netRxBytes,
    netTxBytes,
    blockReadBytes,
    blockWriteBytes,
    pids: raw.pids_stats?.current ?? 0,
    readAt: raw.read ?? new Date().toISOString()
  }
}
