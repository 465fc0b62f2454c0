// Runs in: renderer.
// One container's live stats while its Stats tab is open: `docker.stats` for its server every
// 2 s (one sample of every container there, which is what the engine's one-shot stats cost
// anyway), kept as a short history for the sparklines. Polling pauses while the window is
// hidden, and stops when the tab closes.
import { useEffect, useRef, useState } from 'react'
import type { ContainerStats } from '../../../main/core/docker/model'
import { api, describeError } from '../api'
import { appendPoint, statsPoint, type StatsPoint } from '../lib/container-stats'
import type { UiError } from '../lib/errors'

export const STATS_INTERVAL_MS = 2000

export interface LiveStats {
  latest: ContainerStats | null
  history: StatsPoint[]
  /** True once a sample came back without this container (it is not running). */
  absent: boolean
  error: UiError | null
}

export function useContainerStats(server: string, id: string): LiveStats {
  const [live, setLive] = useState<LiveStats>({
    latest: null,
    history: [],
    absent: false,
    error: null
  })
  const previous = useRef<ContainerStats | null>(null)

  useEffect(() => {
    let stopped = false
    let timer: ReturnType<typeof setTimeout> | null = null
    const tick = async (): Promise<void> => {
      timer = null
      if (document.visibilityState === 'visible') {
        try {
          const sample = await api.call('docker.stats', { server })
          if (stopped) return
          const mine = sample.containers.find((c) => c.id === id) ?? null
          const before = previous.current
          previous.current = mine
          setLive((s) => ({
            latest: mine,
            history: mine ? appendPoint(s.history, statsPoint(mine, before)) : s.history,
            absent: !mine,
            error: null
          }))
        } catch (err) {
          if (stopped) return
          setLive((s) => ({ ...s, error: describeError(err) }))
        }
      }
      if (!stopped) timer = setTimeout(() => void tick(), STATS_INTERVAL_MS)
    }
    void tick()
    return () => {
      stopped = true
      if (timer) clearTimeout(timer)
    }
  }, [server, id])

  return live
}
