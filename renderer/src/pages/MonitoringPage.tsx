// Runs in: renderer.
// Every server at a glance: the last hour of CPU and memory for each server that collects
// metrics, and a way to turn them on for each that does not. A card opens the server's
// Monitoring tab. The cards refresh each minute, the pace of the app's background sync.
import { useEffect, useMemo, type JSX } from 'react'
import type { ServerSummary } from '../../../main/api/contract'
import { monitoringActions } from '../actions'
import { Sparkline } from '../components/charts/Sparkline'
import type { ChartLine } from '../components/charts/TimeChart'
import { EmptyState } from '../components/EmptyState'
import { ErrorBanner } from '../components/ErrorBanner'
import { MonitoringIcon } from '../components/icons'
import { StatusDot } from '../components/StatusDot'
import { usePageVisible } from '../hooks/usePageVisible'
import { lineMax, percentLine } from '../lib/chart-rows'
import { formatBytes, formatPercent } from '../lib/metrics-format'
import { monitoringSelectors, useMonitoring } from '../stores/monitoring'
import { serverSelectors, useServers } from '../stores/servers'
import { serverStatusSelectors, useServerStatus } from '../stores/server-status'
import { openServer, setPage } from '../stores/ui'
import { chartColor } from './monitoring/colors'
import { EnableMetrics } from './monitoring/EnableMetrics'
import { PAGES } from './pages'

const REFRESH_MS = 60_000

function lastValue(line: ChartLine['line']): number | null {
  for (let i = line.length - 1; i >= 0; i--) {
    const v = line[i]?.[1]
    if (v !== null && v !== undefined) return v
  }
  return null
}

function ServerCard({ server }: { server: ServerSummary }): JSX.Element {
  const ref = useMemo(() => ({ id: server.id, name: server.name }), [server.id, server.name])
  const settings = useMonitoring(monitoringSelectors.settings(server.id))
  const overview = useMonitoring(monitoringSelectors.overview(server.id))
  const status = useServerStatus(serverStatusSelectors.of(server.id))
  const visible = usePageVisible()

  useEffect(() => {
    if (!visible) return
    void monitoringActions.loadOverview(ref)
    const timer = setInterval(() => void monitoringActions.loadOverview(ref), REFRESH_MS)
    return () => clearInterval(timer)
  }, [ref, visible])

  const series = overview.series
  const lines = useMemo((): ChartLine[] => {
    if (!series) return []
    return [
      { key: 'cpu', label: 'CPU', line: series.lines.cpu, color: chartColor(0) },
      {
        key: 'mem',
        label: 'Memory',
        line: percentLine(series.lines.memUsed, series.totals.mem),
        color: chartColor(3)
      }
    ]
  }, [series])
  const enabled = settings.settings?.enabled ?? false
  const hasData = lines.some((l) => lineMax(l.line) !== null)
  const cpu = lines[0] ? lastValue(lines[0].line) : null
  const mem = series ? lastValue(series.lines.memUsed) : null
  const open = (): void => openServer(server.id, 'monitoring')

  return (
    <li
      className="metric-card"
      data-server-name={server.name}
      data-metrics={enabled ? 'on' : 'off'}
    >
      <div className="metric-card-head">
        <button type="button" className="metric-card-name link-button" onClick={open}>
          {server.name}
        </button>
        <StatusDot status={status} />
      </div>
      {settings.status === 'error' && settings.error && <ErrorBanner error={settings.error} />}
      {hasData && series ? (
        <button
          type="button"
          className="metric-card-chart"
          onClick={open}
          title={`Open ${server.name}’s charts`}
        >
          <Sparkline
            lines={lines}
            from={series.from}
            to={series.to}
            label={`${server.name}: CPU and memory over the last hour`}
          />
          <span className="metric-card-figures">
            <span>
              <span className="chart-swatch" style={{ background: chartColor(0) }} />
              CPU <strong>{formatPercent(cpu, 0)}</strong>
            </span>
            <span>
              <span className="chart-swatch" style={{ background: chartColor(3) }} />
              Memory <strong>{formatBytes(mem)}</strong>
              {series.totals.mem ? ` of ${formatBytes(series.totals.mem)}` : ''}
            </span>
          </span>
        </button>
      ) : enabled ? (
        <p className="muted small metric-card-note">
          Collecting; the first samples arrive within a minute or two.
        </p>
      ) : null}
      {settings.settings && enabled && (
        <p className="muted small" data-testid="card-collector">
          A sample every {settings.settings.intervalSec} s, kept {settings.settings.retentionDays}{' '}
          days
        </p>
      )}
      {settings.settings && !enabled && (
        <div className="metric-card-cta">
          {!hasData && <p className="muted small">Metrics are off.</p>}
          <EnableMetrics server={ref} compact />
        </div>
      )}
    </li>
  )
}

export function MonitoringPage(): JSX.Element {
  const servers = useServers(serverSelectors.servers)
  const empty = useServers(serverSelectors.isEmpty)
  if (empty) {
    const info = PAGES.monitoring
    return (
      <EmptyState
        icon={<MonitoringIcon size={22} />}
        title={info.emptyTitle}
        labelledBy="monitoring-empty-title"
      >
        <p className="lead">{info.about}</p>
        <div className="callout">
          <p>Metrics are recorded on one of your servers, so add a server first.</p>
          <button
            type="button"
            className="button button-primary"
            onClick={() => setPage('servers')}
          >
            Go to Servers
          </button>
        </div>
      </EmptyState>
    )
  }
  return (
    <section aria-labelledby="monitoring-overview-title" className="monitoring-overview">
      <div className="section-header">
        <h2 id="monitoring-overview-title" className="section-title">
          The last hour on {servers.length === 1 ? 'your server' : `${servers.length} servers`}
        </h2>
      </div>
      <ul className="metric-cards">
        {servers.map((s) => (
          <ServerCard key={s.id} server={s} />
        ))}
      </ul>
    </section>
  )
}
