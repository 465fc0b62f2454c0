// Runs in: renderer.
// Streams the log of an app's containers (`app.logs`: its swarm service's log) into a LogBuffer
// while the Logs section is shown. The owner keys its component by the options, so changing
// follow or tail starts a fresh buffer instead of mixing two views of the log in one.
import { useEffect } from 'react'
import { api } from '../api'
import { pourDockerLog, useLogState, type ContainerLog } from './useDockerLogStream'

export function useAppLog(name: string, follow: boolean, tail: number): ContainerLog {
  const { log, set } = useLogState()
  const { buffer } = log
  const { setState, setError } = set

  useEffect(
    () =>
      pourDockerLog(api.stream('app.logs', { name, follow, tail }), buffer, follow, {
        setState,
        setError
      }),
    [buffer, name, follow, tail, setState, setError]
  )

  return log
}
