// Runs in: renderer.
// A per-server Docker list (images, volumes, networks) that stays current without polling: it
// loads once, then reloads after the server's engine reports an event of the matching kind
// (an image pulled or deleted, a volume created, a network removed), and after a reconnect.
import { useCallback, useEffect, useState } from 'react'
import { api, describeError } from '../api'
import type { UiError } from '../lib/errors'

export interface DockerResource<T> {
  data: T | null
  loading: boolean
  error: UiError | null
  reload(): void
}

export function useDockerResource<T>(
  server: string | null,
  load: (server: string) => Promise<T>,
  /** Engine event types that can change this list. */
  eventTypes: readonly string[]
): DockerResource<T> {
  const [epoch, setEpoch] = useState(0)
  // The answer carries the load it answers, so "loading" is derived, never set in the effect.
  const [result, setResult] = useState<{
    epoch: number
    data: T | null
    error: UiError | null
  } | null>(null)
  const reload = useCallback(() => setEpoch((n) => n + 1), [])
  const types = eventTypes.join(',')

  useEffect(() => {
    if (!server) return
    let stopped = false
    load(server).then(
      (data) => !stopped && setResult({ epoch, data, error: null }),
      (err: unknown) =>
        !stopped &&
        // A failed reload keeps the list it had, with the error above it.
        setResult((r) => ({ epoch, data: r?.data ?? null, error: describeError(err) }))
    )
    return () => {
      stopped = true
    }
  }, [server, load, epoch])

  useEffect(() => {
    if (!server) return
    let stopped = false
    let timer: ReturnType<typeof setTimeout> | null = null
    const wanted = new Set([...types.split(','), 'resync'])
    const it = api.stream('docker.events', { server })
    void (async () => {
      try {
        for await (const e of it) {
          if (stopped) return
          if (!wanted.has(e.type)) continue
          // A prune is a burst of events: one reload after it settles.
          if (timer) clearTimeout(timer)
          timer = setTimeout(() => !stopped && setEpoch((n) => n + 1), 150)
        }
      } catch {
        // The list still works without live updates; the next manual reload shows the news.
      }
    })()
    return () => {
      stopped = true
      if (timer) clearTimeout(timer)
      void it.return?.()
    }
  }, [server, types])

  return {
    data: result?.data ?? null,
    loading: result?.epoch !== epoch,
    error: result?.error ?? null,
    reload
  }
}
