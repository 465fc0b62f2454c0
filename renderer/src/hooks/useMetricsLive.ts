// Runs in: renderer.
// Live mode for one server's charts: `metrics.live` every 2 s while `on` (a short range on a
// visible page), each sample handed to the monitoring store. The stream stops when the chart
// unmounts, the range grows, or the page is hidden, and starts afresh when it is shown again.
// A failed stream says so and retries on its own a little later: one missed SSH round trip
// should not end live mode for good.
import { useEffect, useState } from 'react'
import { api, describeError } from '../api'
import { monitoringActions } from '../actions'
import type { ServerRef } from '../stores/server-ops'
import { usePageVisible } from './usePageVisible'

export const LIVE_EVERY_SEC = 2
const RETRY_MS = 10_000

export function useMetricsLive(server: ServerRef, on: boolean): void {
  const visible = usePageVisible()
  const active = on && visible
  const [attempt, setAttempt] = useState(0)
  const { id, name } = server

  useEffect(() => {
    if (!active) {
      monitoringActions.setLive(id, 'off')
      return
    }
    let stopped = false
    let retry: ReturnType<typeof setTimeout> | undefined
    monitoringActions.setLive(id, 'connecting')
    const it = api.stream('metrics.live', { server: name, every: LIVE_EVERY_SEC })
    void (async () => {
      try {
        for await (const sample of it) {
          if (stopped) return
          monitoringActions.addLive(id, sample)
        }
        if (!stopped) monitoringActions.setLive(id, 'off')
      } catch (err) {
        if (stopped) return
        monitoringActions.setLive(id, 'error', describeError(err))
        retry = setTimeout(() => setAttempt((n) => n + 1), RETRY_MS)
      }
    })()
    return () => {
      stopped = true
      clearTimeout(retry)
      void it.return?.()
    }
  }, [id, name, active, attempt])
}
