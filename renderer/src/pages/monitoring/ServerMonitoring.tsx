// Runs in: renderer.
// One server's charts: the range, live mode while the range is short and the page visible, the
// collector's settings with "Sync now", then the host's charts and its containers'. History comes
// from this computer's copy (fast, works offline); syncing pulls what the server has added.
import { useEffect, useMemo, type JSX } from 'react'
import type { ServerSummary } from '../../../../main/api/contract'
import { monitoringActions } from '../../actions'
import { ErrorBanner } from '../../components/ErrorBanner'
import { Spinner } from '../../components/Spinner'
import { LIVE_EVERY_SEC, useMetricsLive } from '../../hooks/useMetricsLive'
import { useNow } from '../../hooks/useNow'
import { mergeLive } from '../../lib/metrics-live'
import { isLiveRange, windowSeconds } from '../../lib/metrics-range'
import { relativeTime, exactTime } from '../../lib/time'
import { monitoringSelectors, useMonitoring, type ViewEntry } from '../../stores/monitoring'
import type { ServerRef } from '../../stores/server-ops'
import { ContainerCharts } from './ContainerCharts'
import { EnableMetrics } from './EnableMetrics'
import { HostCharts } from './HostCharts'
import { RangePicker } from './RangePicker'

function hasSamples(view: ViewEntry): boolean {
  return (
    view.live.length > 0 ||
    Object.values(view.series?.lines ?? {}).some((l) => l.some((p) => p[1] !== null))
  )
}

function LiveBadge({ view, on }: { view: ViewEntry; on: boolean }): JSX.Element | null {
  if (!on) return null
  const text =
    view.liveState === 'live'
      ? `Live · every ${LIVE_EVERY_SEC} s`
      : view.liveState === 'error'
        ? 'Live paused'
        : view.liveState === 'connecting'
          ? 'Connecting…'
          : 'Live off while hidden'
  const cls = view.liveState === 'live' ? 'live' : view.liveState === 'error' ? 'stopped' : 'idle'
  return (
    <span
      className={`live live-${cls}`}
      role="status"
      data-live-state={view.liveState}
      title={
        view.liveError
          ? `${view.liveError.message} ${view.liveError.hint} Pier tries again shortly.`
          : undefined
      }
    >
      <span className="live-dot" aria-hidden="true" />
      {text}
    </span>
  )
}

function SyncControl({ server, lastSyncAt }: { server: ServerRef; lastSyncAt: number | null }) {
  const op = useMonitoring(monitoringSelectors.sync(server.id))
  const now = useNow()
  const running = op?.status === 'running'
  const iso = lastSyncAt ? new Date(lastSyncAt * 1000).toISOString() : null
  return (
    <>
      <span className="muted small" title={exactTime(iso)} data-testid="last-synced">
        {iso ? `Synced ${relativeTime(iso, now).toLowerCase()}` : 'Never synced'}
      </span>
      <button
        type="button"
        className="button button-secondary"
        disabled={running}
        onClick={() => void monitoringActions.sync(server)}
        title="Copy the samples the server recorded since the last sync"
      >
        {running && <Spinner />}
        {running ? 'Syncing…' : 'Sync now'}
      </button>
    </>
  )
}

export function ServerMonitoring({ server }: { server: ServerSummary }): JSX.Element {
  const { id, name } = server
  const ref = useMemo(() => ({ id, name }), [id, name])
  const settingsEntry = useMonitoring(monitoringSelectors.settings(id))
  const view = useMonitoring(monitoringSelectors.view(id))
  const syncOp = useMonitoring(monitoringSelectors.sync(id))
  const settings = settingsEntry.settings
  const enabled = settings?.enabled ?? false

  useEffect(() => {
    void monitoringActions.loadSettings(ref)
    void monitoringActions.loadSeries(ref)
  }, [ref])
  // Opening the charts of a collecting server brings them up to date once; the app's own
  // background sync keeps them so while they stay open.
  useEffect(() => {
    if (enabled) void monitoringActions.sync(ref)
  }, [ref, enabled])

  const shown = useMemo(
    () => (view.series ? mergeLive(view.series, view.live, windowSeconds(view.range)) : null),
    [view.series, view.live, view.range]
  )
  const withData = hasSamples(view)
  const liveOn = isLiveRange(view.range) && (enabled || withData)
  useMetricsLive(ref, liveOn)

  const firstLoad = view.status === 'loading' && !view.series
  return (
    <section
      className="monitoring"
      aria-labelledby="monitoring-title"
      data-series-status={view.status}
    >
      <div className="section-header monitoring-header">
        <h2 id="monitoring-title" className="section-title">
          Monitoring
        </h2>
        <div className="actions">
          <LiveBadge view={view} on={liveOn} />
          {settings && (enabled || withData) && (
            <SyncControl server={ref} lastSyncAt={settings.lastSyncAt} />
          )}
        </div>
      </div>
      {(enabled || withData) && (
        <div className="monitoring-toolbar">
          <RangePicker
            range={view.range}
            onChange={(r) => void monitoringActions.setRange(ref, r)}
          />
          {settings && (
            <span className="muted small" data-testid="collector-settings">
              {enabled
                ? `Collector: a sample every ${settings.intervalSec} s, kept ${settings.retentionDays} days on the server`
                : 'Collector off: showing the history this computer has'}
            </span>
          )}
        </div>
      )}
      {settingsEntry.status === 'error' && settingsEntry.error && (
        <ErrorBanner
          title="Pier could not read this server’s metrics settings."
          error={settingsEntry.error}
          onRetry={() => monitoringActions.loadSettings(ref)}
        />
      )}
      {syncOp?.status === 'error' && syncOp.error && (
        <ErrorBanner
          title={`Could not copy new samples from ${name}; the charts show what this computer has.`}
          error={syncOp.error}
          onRetry={() => monitoringActions.sync(ref)}
        />
      )}
      {view.status === 'error' && view.error && (
        <ErrorBanner
          title="Pier could not read the metrics history."
          error={view.error}
          onRetry={() => monitoringActions.loadSeries(ref)}
        />
      )}
      {settings && !enabled && !withData && !firstLoad && (
        <div className="callout monitoring-cta" data-testid="metrics-off">
          <p>
            <strong>Metrics are off for {name}.</strong> Turn them on to see CPU, memory, disk,
            network and container charts.
          </p>
          <EnableMetrics server={ref} />
        </div>
      )}
      {settings && !enabled && withData && <EnableMetrics server={ref} compact />}
      {firstLoad && (
        <p className="loading" role="status">
          Loading metrics…
        </p>
      )}
      {enabled && !withData && view.status === 'ready' && (
        <p className="jobs-empty muted" data-testid="metrics-waiting">
          No samples in this range yet. The collector writes its first within a minute; Sync now
          fetches it.
        </p>
      )}
      {shown && withData && (
        <>
          <HostCharts series={shown} />
          <ContainerCharts series={shown} />
        </>
      )}
    </section>
  )
}
