// Runs in: renderer.
// Containers: the busiest few by CPU and by memory, replicas of a Pier app summed under the
// app's name. Per-container samples are kept at full detail only (not in the minute rollups), so
// ranges longer than that say so instead of drawing an empty chart.
import { useMemo, type JSX } from 'react'
import type { ChartSeries } from '../../../../main/core/metrics/service'
import { TimeChart, type ChartLine } from '../../components/charts/TimeChart'
import { groupContainers, topGroups, type ContainerGroup } from '../../lib/metrics-containers'
import { formatBytes, formatPercent } from '../../lib/metrics-format'
import { chartColor } from './colors'

const TOP = 5

function toLines(groups: ContainerGroup[], metric: 'cpu' | 'mem'): ChartLine[] {
  return groups.map((g, i) => ({
    key: `${metric}-${g.key}`,
    label: g.app && g.names.length > 1 ? `${g.label} (${g.names.length})` : g.label,
    line: g[metric],
    color: chartColor(i)
  }))
}

export function ContainerCharts({ series }: { series: ChartSeries }): JSX.Element {
  const { cpu, mem } = useMemo(() => {
    const groups = groupContainers(series.containers)
    return { cpu: topGroups(groups, 'cpu', TOP), mem: topGroups(groups, 'mem', TOP) }
  }, [series.containers])
  const cpuLines = useMemo(() => toLines(cpu.top, 'cpu'), [cpu])
  const memLines = useMemo(() => toLines(mem.top, 'mem'), [mem])

  return (
    <section className="container-charts" aria-labelledby="containers-title">
      <h3 id="containers-title" className="monitoring-subtitle">
        Containers
      </h3>
      {series.containers.length === 0 ? (
        <p className="muted chart-note" data-testid="containers-empty">
          {series.to - series.from > 6 * 3600
            ? 'Per-container figures are kept for the last 6 hours; choose a shorter range to see them.'
            : 'No container samples in this range.'}
        </p>
      ) : (
        <div className="chart-grid">
          <TimeChart
            id="containers-cpu"
            title="CPU by container (100% = one core)"
            summary={cpu.rest > 0 ? `top ${TOP} of ${TOP + cpu.rest}` : undefined}
            lines={cpuLines}
            legend
            from={series.from}
            to={series.to}
            scale={{ kind: 'number' }}
            format={(v) => formatPercent(v)}
            axisFormat={(v) => `${Math.round(v)}%`}
          />
          <TimeChart
            id="containers-memory"
            title="Memory by container"
            summary={mem.rest > 0 ? `top ${TOP} of ${TOP + mem.rest}` : undefined}
            lines={memLines}
            legend
            from={series.from}
            to={series.to}
            scale={{ kind: 'bytes' }}
            format={formatBytes}
            axisFormat={(v) => formatBytes(v)}
          />
        </div>
      )}
    </section>
  )
}
