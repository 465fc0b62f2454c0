// Runs in: renderer.
// Follows one job's log into a LogBuffer while the log is open: `job.logs` with follow, which
// the core keeps going across reconnects and ends when the job does. After a failure, Retry
// resumes from the last byte received, so no line is shown twice. The owner keys its component
// by job, so one hook instance only ever follows one job.
import { useCallback, useEffect, useRef, useState } from 'react'
import { api, describeError } from '../api'
import type { UiError } from '../lib/errors'
import { jobLogLine, lineSplitter } from '../lib/job-log'
import { LogBuffer } from '../lib/log-buffer'

export type JobLogState = 'loading' | 'following' | 'ended' | 'error'

export interface JobLog {
  buffer: LogBuffer
  state: JobLogState
  error: UiError | null
  retry(): void
}

export function useJobLog(server: string, job: string): JobLog {
  const [buffer] = useState(() => new LogBuffer())
  const [state, setState] = useState<JobLogState>('loading')
  const [error, setError] = useState<UiError | null>(null)
  const [attempt, setAttempt] = useState(0)
  // Survive a retry: where to resume, and the half line received before the failure.
  const resume = useRef({ offset: 0, splitter: lineSplitter() })

  useEffect(() => {
    let stopped = false
    const from = resume.current
    const it = api.stream('job.logs', { server, job, follow: true, offset: from.offset })
    void (async () => {
      try {
        for await (const chunk of it) {
          if (stopped) return
          from.offset = chunk.offset
          buffer.append(from.splitter.push(chunk.data).map(jobLogLine))
          setState('following')
        }
        if (stopped) return
        buffer.append(from.splitter.flush().map(jobLogLine))
        setState('ended')
      } catch (err) {
        if (stopped) return
        setError(describeError(err))
        setState('error')
      }
    })()
    return () => {
      stopped = true
      void it.return?.()
    }
  }, [server, job, buffer, attempt])

  const retry = useCallback(() => {
    setError(null)
    setState('loading')
    setAttempt((n) => n + 1)
  }, [])

  return { buffer, state, error, retry }
}
