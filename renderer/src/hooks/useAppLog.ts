// Runs in: renderer.
// Streams the log of an app's containers (`app.logs`: its swarm service's log) into a LogBuffer
// while the Logs section is shown. The owner keys its component by the options, so changing
// follow or tail starts a fresh buffer instead of mixing two views of the log in one.
import { useCallback, useEffect, useState } from 'react'
import type { LogLine as DockerLogLine } from '../../../main/core/docker/model'
import { api, describeError } from '../api'
import type { UiError } from '../lib/errors'
import { LogBuffer, type LogLine } from '../lib/log-buffer'
import type { ContainerLogState } from './useContainerLog'

const toLine = (l: DockerLogLine): LogLine =>
  l.ts ? { text: l.line, stream: l.stream, time: l.ts } : { text: l.line, stream: l.stream }

export function useAppLog(
  name: string,
  follow: boolean,
  tail: number
): { buffer: LogBuffer; state: ContainerLogState; error: UiError | null; retry(): void } {
  const [buffer, setBuffer] = useState(() => new LogBuffer())
  const [state, setState] = useState<ContainerLogState>('loading')
  const [error, setError] = useState<UiError | null>(null)

  useEffect(() => {
    let stopped = false
    const it = api.stream('app.logs', { name, follow, tail })
    void (async () => {
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
  }, [buffer, name, follow, tail])

  const retry = useCallback(() => {
    setError(null)
    setState('loading')
    setBuffer(new LogBuffer())
  }, [])

  return { buffer, state, error, retry }
}
