// Runs in: renderer.
// Monitoring: each server's collector settings, the overview's small charts, and the detail
// view's range, history and live samples, per server id. The live stream itself belongs to the
// chart's hook (hooks/useMetricsLive.ts); it hands samples to `addLive`, and views join them onto
// the history with lib/metrics-live.ts.
import { create } from 'zustand'
import type { ChartSeries } from '../../../main/core/metrics/service'
import type { MetricsSettings, RawSample } from '../../../main/core/metrics/sample'
import type { UiError } from '../lib/errors'
import { rangeKey, seriesQuery, windowSeconds, type MetricsRange } from '../lib/metrics-range'
import type { StoreDeps } from './deps'
import type { ServerRef } from './server-ops'

export type FetchStatus = 'idle' | 'loading' | 'ready' | 'error'
export type LiveState = 'off' | 'connecting' | 'live' | 'error'

export interface SettingsEntry {
  status: FetchStatus
  settings: MetricsSettings | null
  error: UiError | null
}

export interface SeriesEntry {
  status: FetchStatus
  /** The last history that arrived; kept on screen while a newer one loads. */
  series: ChartSeries | null
  error: UiError | null
}

export interface ViewEntry extends SeriesEntry {
  range: MetricsRange
  /** Live samples of the current range, oldest first, never older than its window. */
  live: RawSample[]
  liveState: LiveState
  liveError: UiError | null
}

export interface OpEntry {
  status: 'running' | 'error'
  error: UiError | null
}

export interface MonitoringState {
  settings: Record<string, SettingsEntry>
  overview: Record<string, SeriesEntry>
  views: Record<string, ViewEntry>
  syncs: Record<string, OpEntry>
  enables: Record<string, OpEntry>
}

export const initialMonitoringState: MonitoringState = {
  settings: {},
  overview: {},
  views: {},
  syncs: {},
  enables: {}
}

export const useMonitoring = create<MonitoringState>()(() => ({ ...initialMonitoringState }))

export const DEFAULT_RANGE: MetricsRange = { kind: 'preset', preset: '1h' }
/** The overview's small charts: the last hour, at sparkline detail. */
export const OVERVIEW_RANGE: MetricsRange = { kind: 'preset', preset: '1h' }
export const OVERVIEW_POINTS = 120

const IDLE_SETTINGS: SettingsEntry = { status: 'idle', settings: null, error: null }
const IDLE_SERIES: SeriesEntry = { status: 'idle', series: null, error: null }
export const IDLE_VIEW: ViewEntry = {
  ...IDLE_SERIES,
  range: DEFAULT_RANGE,
  live: [],
  liveState: 'off',
  liveError: null
}

export const monitoringSelectors = {
  settings: (id: string) => (s: MonitoringState) => s.settings[id] ?? IDLE_SETTINGS,
  overview: (id: string) => (s: MonitoringState) => s.overview[id] ?? IDLE_SERIES,
  view: (id: string) => (s: MonitoringState) => s.views[id] ?? IDLE_VIEW,
  sync: (id: string) => (s: MonitoringState) => s.syncs[id] ?? null,
  enable: (id: string) => (s: MonitoringState) => s.enables[id] ?? null
}

export interface EnableChoice {
  interval: number
  retention: number
}

export interface MonitoringActions {
  loadSettings(server: ServerRef): Promise<void>
  /** The overview card: settings, then the last hour at sparkline detail. */
  loadOverview(server: ServerRef): Promise<void>
  /** The detail view's history for its current range. */
  loadSeries(server: ServerRef): Promise<void>
  setRange(server: ServerRef, range: MetricsRange): Promise<void>
  /** Pulls new samples from the server, then redraws from them. */
  sync(server: ServerRef): Promise<void>
  dismissSync(serverId: string): void
  /** Installs the collector, then pulls what it has and redraws. */
  enable(server: ServerRef, choice: EnableChoice): Promise<void>
  addLive(serverId: string, sample: RawSample): void
  setLive(serverId: string, state: LiveState, error?: UiError | null): void
}

export function createMonitoringActions(deps: StoreDeps): MonitoringActions {
  const set = useMonitoring.setState
  const get = useMonitoring.getState
  // Only the latest request per view may land: a slow 7-day answer must not replace the
  // 15-minute chart the user switched to meanwhile.
  const latest = new Map<string, number>()
  let seq = 0

  const patchView = (id: string, patch: Partial<ViewEntry>): void =>
    set((s) => ({ views: { ...s.views, [id]: { ...(s.views[id] ?? IDLE_VIEW), ...patch } } }))

  async function loadSettings(server: ServerRef): Promise<void> {
    const prev = get().settings[server.id] ?? IDLE_SETTINGS
    set((s) => ({
      settings: { ...s.settings, [server.id]: { ...prev, status: 'loading', error: null } }
    }))
    try {
      const settings = await deps.api.call('metrics.settings', { server: server.name })
      set((s) => ({
        settings: { ...s.settings, [server.id]: { status: 'ready', settings, error: null } }
      }))
    } catch (err) {
      set((s) => ({
        settings: {
          ...s.settings,
          [server.id]: { ...prev, status: 'error', error: deps.describeError(err) }
        }
      }))
    }
  }

  async function loadOverview(server: ServerRef): Promise<void> {
    await loadSettings(server)
    const prev = get().overview[server.id] ?? IDLE_SERIES
    set((s) => ({ overview: { ...s.overview, [server.id]: { ...prev, status: 'loading' } } }))
    try {
      const series = await deps.api.call(
        'metrics.series',
        seriesQuery(server.name, OVERVIEW_RANGE, OVERVIEW_POINTS)
      )
      set((s) => ({
        overview: { ...s.overview, [server.id]: { status: 'ready', series, error: null } }
      }))
    } catch (err) {
      set((s) => ({
        overview: {
          ...s.overview,
          [server.id]: { ...prev, status: 'error', error: deps.describeError(err) }
        }
      }))
    }
  }

  async function loadSeries(server: ServerRef): Promise<void> {
    const view = get().views[server.id] ?? IDLE_VIEW
    const ticket = ++seq
    latest.set(server.id, ticket)
    const range = view.range
    patchView(server.id, { status: 'loading', error: null, range })
    try {
      const series = await deps.api.call('metrics.series', seriesQuery(server.name, range))
      if (latest.get(server.id) !== ticket) return
      // Live samples the history now holds are dropped; mergeLive skips them anyway, and the
      // buffer stays bounded.
      const last = Math.max(...Object.values(series.lines).map((l) => l.at(-1)?.[0] ?? 0))
      set((s) => {
        const v = s.views[server.id] ?? IDLE_VIEW
        return {
          views: {
            ...s.views,
            [server.id]: {
              ...v,
              status: 'ready',
              series,
              error: null,
              live: v.live.filter((x) => x.t > last)
            }
          }
        }
      })
    } catch (err) {
      if (latest.get(server.id) !== ticket) return
      patchView(server.id, { status: 'error', error: deps.describeError(err) })
    }
  }

  async function setRange(server: ServerRef, range: MetricsRange): Promise<void> {
    const view = get().views[server.id] ?? IDLE_VIEW
    if (rangeKey(view.range) === rangeKey(range) && view.status !== 'idle') return
    // Another window is another chart: the old lines and live samples do not belong to it.
    patchView(server.id, { range, series: null, live: [], status: 'loading' })
    await loadSeries(server)
  }

  async function sync(server: ServerRef): Promise<void> {
    if (get().syncs[server.id]?.status === 'running') return
    set((s) => ({ syncs: { ...s.syncs, [server.id]: { status: 'running', error: null } } }))
    try {
      await deps.api.call('metrics.sync', { server: server.name })
      set((s) => {
        const { [server.id]: _done, ...syncs } = s.syncs
        return { syncs }
      })
    } catch (err) {
      set((s) => ({
        syncs: { ...s.syncs, [server.id]: { status: 'error', error: deps.describeError(err) } }
      }))
    }
    // The time of the last sync lives in the settings; a failed sync still leaves the stored
    // history worth redrawing.
    await Promise.all([loadSettings(server), loadSeries(server)])
  }

  async function enable(server: ServerRef, choice: EnableChoice): Promise<void> {
    if (get().enables[server.id]?.status === 'running') return
    set((s) => ({ enables: { ...s.enables, [server.id]: { status: 'running', error: null } } }))
    try {
      const settings = await deps.api.call('metrics.enable', {
        server: server.name,
        interval: choice.interval,
        retention: choice.retention
      })
      set((s) => {
        const { [server.id]: _done, ...enables } = s.enables
        return {
          enables,
          settings: { ...s.settings, [server.id]: { status: 'ready', settings, error: null } }
        }
      })
    } catch (err) {
      set((s) => ({
        enables: { ...s.enables, [server.id]: { status: 'error', error: deps.describeError(err) } }
      }))
      return
    }
    await sync(server)
  }

  function addLive(serverId: string, sample: RawSample): void {
    set((s) => {
      const v = s.views[serverId] ?? IDLE_VIEW
      const cut = sample.t - windowSeconds(v.range)
      const live = [...v.live.filter((x) => x.t >= cut && x.t !== sample.t), sample]
      return {
        views: { ...s.views, [serverId]: { ...v, live, liveState: 'live', liveError: null } }
      }
    })
  }

  return {
    loadSettings,
    loadOverview,
    loadSeries,
    setRange,
    sync,
    dismissSync: (serverId) =>
      set((s) => {
        const { [serverId]: _gone, ...syncs } = s.syncs
        return { syncs }
      }),
    enable,
    addLive,
    setLive: (serverId, state, error = null) =>
      patchView(serverId, { liveState: state, liveError: error })
  }
}
