// Runs in: renderer (pure; no DOM).
// Docker facts as a person reads them: sizes in binary units as `docker stats` prints them,
// short ids, port mappings, and which tone a container's state gets.
import type { PortMapping } from '../../../main/core/docker/model'

const UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB']

/** 1536 → "1.5 KiB"; negative (not measured) → "—". */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return '—'
  let n = bytes
  let unit = 0
  while (n >= 1024 && unit < UNITS.length - 1) {
    n /= 1024
    unit++
  }
  if (unit === 0) return `${n} B`
  return `${n >= 100 ? Math.round(n) : n.toFixed(1)} ${UNITS[unit]}`
}

export function formatRate(bytesPerSecond: number | null): string {
  return bytesPerSecond === null ? '—' : `${formatBytes(Math.round(bytesPerSecond))}/s`
}

/** Percent with one decimal; null (not measured yet) → "—". */
export function formatPercent(n: number | null): string {
  if (n === null || !Number.isFinite(n)) return '—'
  return `${n >= 100 ? Math.round(n) : n.toFixed(1)}%`
}

/** The 12 characters `docker ps` shows, without the digest's algorithm. */
export function shortId(id: string): string {
  return id.replace(/^sha256:/, '').slice(0, 12)
}

/**
 * "0.0.0.0:8080→80/tcp", one entry per published or exposed port. The engine lists a port
 * published on both IPv4 and IPv6 twice; it is one fact to the reader.
 */
export function formatPorts(ports: readonly PortMapping[]): string[] {
  const seen = new Set<string>()
  const out: string[] = []
  const sorted = [...ports].sort(
    (a, b) => a.privatePort - b.privatePort || (a.publicPort ?? 0) - (b.publicPort ?? 0)
  )
  for (const p of sorted) {
    const text =
      p.publicPort === null
        ? `${p.privatePort}/${p.type}`
        : `${p.ip && p.ip !== '::' ? p.ip : '0.0.0.0'}:${p.publicPort}→${p.privatePort}/${p.type}`
    const key = p.publicPort === null ? text : `${p.publicPort}→${p.privatePort}/${p.type}`
    if (seen.has(key)) continue
    seen.add(key)
    out.push(text)
  }
  return out
}

export type StateTone = 'ok' | 'busy' | 'warn' | 'bad' | 'idle'

export function stateTone(state: string): StateTone {
  switch (state) {
    case 'running':
      return 'ok'
    case 'restarting':
    case 'removing':
      return 'busy'
    case 'paused':
      return 'warn'
    case 'dead':
      return 'bad'
    default:
      return 'idle'
  }
}

/** "(healthy)" out of the engine's status words, or null when it has no health check. */
export function healthOf(status: string): 'healthy' | 'unhealthy' | 'starting' | null {
  const m = /\((healthy|unhealthy|health: starting)\)/.exec(status)
  if (!m) return null
  return m[1] === 'health: starting' ? 'starting' : (m[1] as 'healthy' | 'unhealthy')
}

/** Unix seconds → "2024-05-01 13:45" in local time, for the created column. */
export function formatCreated(unixSeconds: number): string {
  if (!Number.isFinite(unixSeconds) || unixSeconds <= 0) return '—'
  const d = new Date(unixSeconds * 1000)
  const two = (n: number): string => String(n).padStart(2, '0')
  return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())} ${two(d.getHours())}:${two(d.getMinutes())}`
}
