// The monitoring store with a scripted API: a slow answer for an old range never replaces the
// chart of the range chosen since; enabling installs, syncs and redraws; live samples stay
// within the window; a failed sync keeps the stored history on screen with the API's hint.
import { beforeEach, describe, expect, it } from 'vitest'
import type { ChartSeries } from '../../main/core/metrics/service'
import type { RawSample } from '../../main/core/metrics/sample'
import type { StoreDeps } from '../../renderer/src/stores/deps'
import {
  createMonitoringActions,
  initialMonitoringState,
  monitoringSelectors,
  useMonitoring
} from '../../renderer/src/stores/monitoring'

const server = { id: 'srv-1', name: 'web' }

function series(last: number): ChartSeries {
  const line: [number, number | null][] = [[last, 1]]
  return {
    server: 'web',
    from: last - 60,
    to: last,
    resolution: 10,
    lines: {
      cpu: line,
      cpuMax: [],
      load1: line,
      memUsed: line,
      diskUsed: line,
      ioRead: line,
      ioWrite: line,
      netRx: line,
      netTx: line
    },
    totals: { mem: null, disk: null },
    containers: []
  }
}

const sample = (t: number): RawSample => ({
  t,
  cpu: 5,
  load: [0, 0, 0],
  mem: { total: 1, used: 1 },
  swap: { total: 0, used: 0 },
  disk: [],
  io: { r: null, w: null },
  net: { rx: null, tx: null },
  ct: []
})

type Pending = {
  method: string
  input: Record<string, unknown>
  resolve(v: unknown): void
  reject(e: unknown): void
}

function fakeApi() {
  const calls: Pending[] = []
  const api: StoreDeps['api'] = {
    call: ((method: string, input: Record<string, unknown>) =>
      new Promise((resolve, reject) =>
        calls.push({ method, input, resolve, reject })
      )) as StoreDeps['api']['call'],
    stream: (() => {
      throw new Error('no streams here')
    }) as StoreDeps['api']['stream']
  }
  const next = async (method: string): Promise<Pending> => {
    for (let i = 0; i < 50; i++) {
      const at = calls.findIndex((c) => c.method === method)
      if (at >= 0) return calls.splice(at, 1)[0] as Pending
      await new Promise((r) => setTimeout(r, 1))
    }
    throw new Error(`no ${method} call`)
  }
  return { api, next }
}

const describeError = (err: unknown) => ({
  message: (err as { message?: string }).message ?? String(err),
  hint: (err as { hint?: string }).hint ?? ''
})

describe('monitoring store', () => {
  beforeEach(() => useMonitoring.setState({ ...initialMonitoringState }, true))

  it('a slow answer for an old range never replaces the chart of the newer one', async () => {
    const { api, next } = fakeApi()
    const actions = createMonitoringActions({ api, describeError })
    const week = actions.setRange(server, { kind: 'preset', preset: '7d' })
    const weekCall = await next('metrics.series')
    expect(weekCall.input).toMatchObject({ server: 'web', since: '604800' })
    const quarter = actions.setRange(server, { kind: 'preset', preset: '15m' })
    const quarterCall = await next('metrics.series')
    quarterCall.resolve(series(900))
    await quarter
    weekCall.resolve(series(7))
    await week
    const view = monitoringSelectors.view(server.id)(useMonitoring.getState())
    expect(view.range).toEqual({ kind: 'preset', preset: '15m' })
    expect(view.series?.to).toBe(900)
    expect(view.status).toBe('ready')
  })

  it('live samples older than the window fall out; ones the history holds are dropped', async () => {
    const { api, next } = fakeApi()
    const actions = createMonitoringActions({ api, describeError })
    const load = actions.setRange(server, { kind: 'preset', preset: '15m' })
    ;(await next('metrics.series')).resolve(series(1000))
    await load
    actions.addLive(server.id, sample(990))
    actions.addLive(server.id, sample(1002))
    actions.addLive(server.id, sample(2000))
    const live = () => monitoringSelectors.view(server.id)(useMonitoring.getState()).live
    expect(live().map((s) => s.t)).toEqual([2000])
    actions.addLive(server.id, sample(2002))
    const again = actions.loadSeries(server)
    ;(await next('metrics.series')).resolve(series(2000))
    await again
    expect(live().map((s) => s.t)).toEqual([2002])
  })

  it('enable installs the collector, then syncs and redraws', async () => {
    const { api, next } = fakeApi()
    const actions = createMonitoringActions({ api, describeError })
    const run = actions.enable(server, { interval: 2, retention: 3 })
    const enable = await next('metrics.enable')
    expect(enable.input).toEqual({ server: 'web', interval: 2, retention: 3 })
    expect(monitoringSelectors.enable(server.id)(useMonitoring.getState())?.status).toBe('running')
    enable.resolve({
      server: 'web',
      enabled: true,
      intervalSec: 2,
      retentionDays: 3,
      lastSyncAt: null
    })
    ;(await next('metrics.sync')).resolve({ server: 'web', samples: 3, bytes: 900 })
    ;(await next('metrics.settings')).resolve({
      server: 'web',
      enabled: true,
      intervalSec: 2,
      retentionDays: 3,
      lastSyncAt: 123
    })
    ;(await next('metrics.series')).resolve(series(50))
    await run
    const s = useMonitoring.getState()
    expect(monitoringSelectors.enable(server.id)(s)).toBeNull()
    expect(monitoringSelectors.settings(server.id)(s).settings?.lastSyncAt).toBe(123)
    expect(monitoringSelectors.view(server.id)(s).series?.to).toBe(50)
  })

  it('a failed sync keeps the history and shows the API hint', async () => {
    const { api, next } = fakeApi()
    const actions = createMonitoringActions({ api, describeError })
    const run = actions.sync(server)
    ;(await next('metrics.sync')).reject({
      message: 'Reading metrics on web failed',
      hint: 'Check cron'
    })
    ;(await next('metrics.settings')).resolve({
      server: 'web',
      enabled: true,
      intervalSec: 10,
      retentionDays: 7,
      lastSyncAt: null
    })
    ;(await next('metrics.series')).resolve(series(10))
    await run
    const s = useMonitoring.getState()
    expect(monitoringSelectors.sync(server.id)(s)).toEqual({
      status: 'error',
      error: { message: 'Reading metrics on web failed', hint: 'Check cron' }
    })
    expect(monitoringSelectors.view(server.id)(s).series?.to).toBe(10)
    actions.dismissSync(server.id)
    expect(monitoringSelectors.sync(server.id)(useMonitoring.getState())).toBeNull()
  })
})
