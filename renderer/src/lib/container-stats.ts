// Runs in: renderer (pure; no DOM).
// A container's stats over time, for the live numbers and sparklines: the engine reports
// network and block I/O as totals since start, so rates come from two samples' difference. A
// counter that went down (the container restarted) gives no rate for that step rather than a
// negative one.
import type { ContainerStats } from '../../../main/core/docker/model'

export interface StatsPoint {
  /** Epoch ms of the sample. */
  at: number
  cpu: number | null
  memoryBytes: number
  memoryPercent: number
  rxRate: number | null
  txRate: number | null
  readRate: number | null
  writeRate: number | null
}

/** How many points a sparkline keeps: two minutes at one sample every 2 s. */
export const HISTORY_POINTS = 60

function rate(now: number, before: number, seconds: number): number | null {
  if (seconds <= 0 || now < before) return null
  return (now - before) / seconds
}

export function statsPoint(current: ContainerStats, previous: ContainerStats | null): StatsPoint {
  const at = Date.parse(current.readAt)
  const before = previous ? Date.parse(previous.readAt) : NaN
  const seconds = Number.isFinite(at) && Number.isFinite(before) ? (at - before) / 1000 : 0
  const r = (k: keyof ContainerStats): number | null =>
    previous ? rate(current[k] as number, previous[k] as number, seconds) : null
  return {
    at: Number.isFinite(at) ? at : Date.now(),
    cpu: current.cpuPercent,
    memoryBytes: current.memoryBytes,
    memoryPercent: current.memoryPercent,
    rxRate: r('netRxBytes'),
    txRate: r('netTxBytes'),
    readRate: r('blockReadBytes'),
    writeRate: r('blockWriteBytes')
  }
}

/** The history with one more point, oldest dropped past `max`. */
export function appendPoint(
  history: readonly StatsPoint[],
  point: StatsPoint,
  max = HISTORY_POINTS
): StatsPoint[] {
  const next = [...history, point]
  return next.length > max ? next.slice(next.length - max) : next
}
