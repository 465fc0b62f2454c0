// Runs in: renderer.
// Streams one container's (or swarm service's) log into a LogBuffer while the Logs tab is open:
// `docker.logs` / `docker.serviceLogs` with the tab's options. The owner keys its component by
// the options, so a change (tail, since, timestamps) starts a fresh buffer instead of mixing two
// views of the log in one.
import { useCallback, useEffect, useState } from 'react'
import type { LogLine as DockerLogLine } from '../../../main/core/docker/model'
import { api, describeError } from '../api'
import type { UiError } from '../lib/errors'
import { LogBuffer, type LogLine } from '../lib/log-buffer'

export type ContainerLogState = 'loading' | 'following' | 'ended' | 'error'

export interface ContainerLogOptions {
  server: string
  /** A container id or name, or a swarm service's name when `service` is set. */
  target: string
  service: boolean
  follow: boolean
  /** Lines from the end to start with; null for the whole log. */
  tail: number | null
  since: string
  until: string
  timestamps: boolean
}

export interface ContainerLog {
  buffer: LogBuffer
  state: ContainerLogState
  error: UiError | null
  retry(): void
}

const toLine = (l: DockerLogLine): LogLine =>
  l.ts ? { text: l.line, stream: l.stream, time: l.ts } : { text: l.line, stream: l.stream }

export function useContainerLog(o: ContainerLogOptions): ContainerLog {
  const [buffer, setBuffer] = useState(() => new LogBuffer())
  const [state, setState] = useState<ContainerLogState>('loading')
  const [error, setError] = useState<UiError | null>(null)
  const { server, target, service, follow, tail, since, until, timestamps } = o

  useEffect(() => {
    let stopped = false
    const opts = {
      server,
      follow,
      timestamps,
      ...(tail === null ? {} : { tail }),
      ...(since.trim() ? { since: since.trim() } : {}),
      ...(until.trim() ? { until: until.trim() } : {})
    }
    const it = service
      ? api.stream('docker.serviceLogs', { ...opts, service: target })
      : api.stream('docker.logs', { ...opts, container: target })
    void (async () => {
      // Lines arrive one by one; handing them over in batches keeps a burst to one append.
      let batch: LogLine[] = []
      let timer: ReturnType<typeof setTimeout> | null = null
      const flush = (): void => {
        timer = null
        if (stopped || batch.length === 0) return
        buffer.append(batch)
        batch = []
      }
      try {
        setState(follow ? 'following' : 'loading')
        for await (const line of it) {
          if (stopped) return
          batch.push(toLine(line))
          timer ??= setTimeout(flush, 30)
        }
        if (stopped) return
        flush()
        setState('ended')
      } catch (err) {
        if (stopped) return
        flush()
        setError(describeError(err))
        setState('error')
      }
    })()
    return () => {
      stopped = true
      void it.return?.()
    }
  }, [buffer, server, target, service, follow, tail, since, until, timestamps])

  const retry = useCallback(() => {
    setError(null)
    setState('loading')
    // A fresh buffer restarts the stream: the tail is read again, not appended twice.
    setBuffer(new LogBuffer())
  }, [])

  return { buffer, state, error, retry }
}
