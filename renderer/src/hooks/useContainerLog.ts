// Runs in: renderer.
// Streams one container's (or swarm service's) log into a LogBuffer while the Logs tab is open:
// `docker.logs` / `docker.serviceLogs` with the tab's options. The owner keys its component by
// the options, so a change (tail, since, timestamps) starts a fresh buffer instead of mixing two
// views of the log in one.
import { useEffect } from 'react'
import { api } from '../api'
import {
  pourDockerLog,
  useLogState,
  type ContainerLog,
  type ContainerLogState
} from './useDockerLogStream'

export type { ContainerLog, ContainerLogState }

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

export function useContainerLog(o: ContainerLogOptions): ContainerLog {
  const { log, set } = useLogState()
  const { buffer } = log
  const { setState, setError } = set
  const { server, target, service, follow, tail, since, until, timestamps } = o

  useEffect(() => {
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
    return pourDockerLog(it, buffer, follow, { setState, setError })
  }, [buffer, server, target, service, follow, tail, since, until, timestamps, setState, setError])

  return log
}
