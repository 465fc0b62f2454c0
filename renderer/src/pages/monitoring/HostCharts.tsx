// Runs in: renderer.
// A server's own figures: CPU (with each minute's peak on day and week ranges), load, memory and
// disk against their totals, disk I/O and network rates.
import { useMemo, type JSX } from 'react'
import type { ChartSeries } from '../../../../main/core/metrics/service'
import { TimeChart, type ChartLine } from '../../components/charts/TimeChart'
import {
  formatBytes,
  formatLoad,
  formatPercent,
  formatRate,
  percentOf
} from '../../lib/metrics-format'
import { chartColor } from './colors'

function latest(line: ChartSeries['lines']['cpu']): number | null {
  for (let i = line.length - 1; i >= 0; i--) {
    const v = line[i]?.[1]
    if (v !== null && v !== undefined) return v
  }
  return null
}

function ofTotal(v: number | null, total: number | null): string {
  const pct = percentOf(v, total)
  return pct === null ? formatBytes(v) : `${formatBytes(v)} (${formatPercent(pct, 0)})`
}

export function HostCharts({ series }: { series: ChartSeries }): JSX.Element {
  const { lines, totals, from, to } = series
  const sets = useMemo(() => {
    const cpu: ChartLine[] = [{ key: 'cpu', label: 'CPU', line: lines.cpu, color: chartColor(0) }]
    // The peak band goes first, under the average line.
    if (lines.cpuMax.length > 0)
      cpu.unshift({
        key: 'cpuMax',
        label: 'Peak (per minute)',
        line: lines.cpuMax,
        color: 'var(--chart-peak)',
        kind: 'area'
      })
    return {
      cpu,
      load: [{ key: 'load1', label: 'Load (1 min)', line: lines.load1, color: chartColor(2) }],
      mem: [{ key: 'memUsed', label: 'Used', line: lines.memUsed, color: chartColor(3) }],
      disk: [{ key: 'diskUsed', label: 'Used', line: lines.diskUsed, color: chartColor(4) }],
      io: [
        { key: 'ioRead', label: 'Read', line: lines.ioRead, color: chartColor(5) },
        { key: 'ioWrite', label: 'Write', line: lines.ioWrite, color: chartColor(1) }
      ],
      net: [
        { key: 'netRx', label: 'In', line: lines.netRx, color: chartColor(0) },
        { key: 'netTx', label: 'Out', line: lines.netTx, color: chartColor(1) }
      ]
    } satisfies Record<string, ChartLine[]>
  }, [lines])
  const mem = latest(lines.memUsed)
  const disk = latest(lines.diskUsed)

  return (
    <div className="chart-grid">
      <TimeChart
        id="cpu"
        title="CPU"
        summary={formatPercent(latest(lines.cpu))}
        lines={sets.cpu}
        from={from}
        to={to}
        scale={{ kind: 'percent' }}
        format={(v) => formatPercent(v)}
        axisFormat={(v) => `${v}%`}
      />
      <TimeChart
        id="load"
        title="Load"
        summary={formatLoad(latest(lines.load1))}
        lines={sets.load}
        from={from}
        to={to}
        scale={{ kind: 'number' }}
        format={formatLoad}
        axisFormat={(v) => String(Math.round(v * 100) / 100)}
      />
      <TimeChart
        id="memory"
        title="Memory"
        summary={`${formatBytes(mem)} of ${formatBytes(totals.mem)}`}
        lines={sets.mem}
        from={from}
        to={to}
        scale={{ kind: 'bytes', max: totals.mem }}
        format={(v) => ofTotal(v, totals.mem)}
        axisFormat={(v) => formatBytes(v)}
      />
      <TimeChart
        id="disk"
        title="Disk"
        summary={`${formatBytes(disk)} of ${formatBytes(totals.disk)}`}
        lines={sets.disk}
        from={from}
        to={to}
        scale={{ kind: 'bytes', max: totals.disk }}
        format={(v) => ofTotal(v, totals.disk)}
        axisFormat={(v) => formatBytes(v)}
      />
      <TimeChart
        id="io"
        title="Disk I/O"
        lines={sets.io}
        from={from}
        to={to}
        scale={{ kind: 'bytes' }}
        format={formatRate}
        axisFormat={(v) => formatRate(v)}
      />
      <TimeChart
        id="network"
        title="Network"
        lines={sets.net}
        from={from}
        to={to}
        scale={{ kind: 'bytes' }}
        format={formatRate}
        axisFormat={(v) => formatRate(v)}
      />
    </div>
  )
}
