// Runs in: renderer.
// What the app and container log views share: a Docker log stream poured into a LogBuffer in
// batches, and the state the view shows beside it. The owner starts the stream in its own effect
// (each asks a different API method), keyed by the options, so changing them starts a fresh
// buffer instead of mixing two views of the log in one.
import { useCallback, useState } from 'react'
import type { LogLine as DockerLogLine } from '../../../main/core/docker/model'
import { describeError } from '../api'
import type { UiError } from '../lib/errors'
import { LogBuffer, type LogLine } from '../lib/log-buffer'

export type ContainerLogState = 'loading' | 'following' | 'ended' | 'error'

export interface ContainerLog {
  buffer: LogBuffer
  state: ContainerLogState
  error: UiError | null
  retry(): void
}

export interface LogStateSetters {
  setState(state: ContainerLogState): void
  setError(error: UiError | null): void
}

const toLine = (l: DockerLogLine): LogLine =>
  l.ts ? { text: l.line, stream: l.stream, time: l.ts } : { text: l.line, stream: l.stream }

/** The buffer and state of one log view; Retry starts over with a fresh buffer. */
export function useLogState(): { log: ContainerLog; set: LogStateSetters } {
  const [buffer, setBuffer] = useState(() => new LogBuffer())
  const [state, setState] = useState<ContainerLogState>('loading')
  const [error, setError] = useState<UiError | null>(null)
  const retry = useCallback(() => {
    setError(null)
    setState('loading')
    // A fresh buffer restarts the stream: the tail is read again, not appended twice.
    setBuffer(new LogBuffer())
  }, [])
  return { log: { buffer, state, error, retry }, set: { setState, setError } }
}

/** Pours `it` into `buffer` until it ends or the returned stop (an effect cleanup) is called. */
export function pourDockerLog(
  it: AsyncIterableIterator<DockerLogLine>,
  buffer: LogBuffer,
  follow: boolean,
  { setState, setError }: LogStateSetters
): () => void {
  let stopped = false
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
}
