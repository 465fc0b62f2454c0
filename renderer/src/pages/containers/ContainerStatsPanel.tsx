// Runs in: renderer.
// Live CPU, memory, network and block I/O of one container, each with a sparkline of the last
// two minutes. Mounted only while the Stats tab shows, so polling stops when it closes.
import type { JSX } from 'react'
import { ErrorBanner } from '../../components/ErrorBanner'
import { Sparkline } from '../../components/Sparkline'
import type { ContainerRow } from '../../../../main/core/docker/model'
import { useContainerStats } from '../../hooks/useContainerStats'
import { HISTORY_POINTS, type StatsPoint } from '../../lib/container-stats'
import { formatBytes, formatPercent, formatRate } from '../../lib/docker-format'

function Metric({
  name,
  value,
  detail,
  values,
  max,
  testId
}: {
  name: string
  value: string
  detail?: string
  values: (number | null)[]
  max?: number
  testId: string
}): JSX.Element {
  return (
    <div className="metric" data-testid={testId}>
      <div className="metric-head">
        <span className="metric-name">{name}</span>
        <span className="metric-value">{value}</span>
      </div>
      {detail && <span className="metric-detail muted">{detail}</span>}
      <Sparkline
        values={values}
        slots={HISTORY_POINTS}
        width={220}
        height={40}
        label={`${name}: ${value}`}
        {...(max === undefined ? {} : { max })}
      />
    </div>
  )
}

const pick = (h: StatsPoint[], f: (p: StatsPoint) => number | null): (number | null)[] => h.map(f)
const sum = (a: number | null, b: number | null): number | null =>
  a === null || b === null ? null : a + b

export function ContainerStatsPanel({ row }: { row: ContainerRow }): JSX.Element {
  const { latest, history, absent, error } = useContainerStats(row.server, row.id)
  const last = history[history.length - 1]
  if (row.state !== 'running' && row.state !== 'paused')
    return <p className="muted detail-empty">Stats are measured while the container runs.</p>
  return (
    <div className="detail-stack" data-testid="container-stats">
      {error && <ErrorBanner title="Stats stopped updating." error={error} />}
      {!latest && !absent && !error && (
        <p className="loading" role="status">
          Sampling…
        </p>
      )}
      {absent && <p className="muted">The engine reported no stats for this container.</p>}
      {latest && (
        <div className="metrics">
          <Metric
            testId="stat-cpu"
            name="CPU"
            value={formatPercent(latest.cpuPercent)}
            detail="of one core"
            values={pick(history, (p) => p.cpu)}
          />
          <Metric
            testId="stat-memory"
            name="Memory"
            value={formatBytes(latest.memoryBytes)}
            detail={`${formatPercent(latest.memoryPercent)} of ${formatBytes(latest.memoryLimitBytes)}`}
            values={pick(history, (p) => p.memoryBytes)}
          />
          <Metric
            testId="stat-network"
            name="Network"
            value={`↓ ${formatRate(last?.rxRate ?? null)}  ↑ ${formatRate(last?.txRate ?? null)}`}
            detail={`${formatBytes(latest.netRxBytes)} in, ${formatBytes(latest.netTxBytes)} out since start`}
            values={pick(history, (p) => sum(p.rxRate, p.txRate))}
          />
          <Metric
            testId="stat-block"
            name="Block I/O"
            value={`R ${formatRate(last?.readRate ?? null)}  W ${formatRate(last?.writeRate ?? null)}`}
            detail={`${formatBytes(latest.blockReadBytes)} read, ${formatBytes(latest.blockWriteBytes)} written`}
            values={pick(history, (p) => sum(p.readRate, p.writeRate))}
          />
          <p className="muted small">{latest.pids} processes · sampled every 2 s</p>
        </div>
      )}
    </div>
  )
}
