// Runs in: main, CLI, headless server.
// What each app's swarm service is doing right now, for the Apps list: running and desired
// replicas, the release tag it runs, swarm's update state, and its running containers with the
// server each runs on (the Terminal button opens a shell in one, over that server's own
// connection: a cluster app's replicas may all run on other nodes than its manager). One round
// of engine requests per server, not per app.
import type Docker from 'dockerode'
import { PierError } from '../errors'
import type { DockerEngines } from '../docker/engines'
import { LABELS } from '../docker/model'
import { currentReplicas, type SwarmTaskInfo } from '../docker/swarm-tasks'
import { serviceName, type Release } from './model'

export interface AppContainer {
  id: string
  name: string
  /** The server it runs on: the app's own, or for a cluster app the node's server in Pier. */
  server: string
}

/** Where an app's service is asked, and which server each of its cluster's nodes is. */
export interface StatusPlace {
  server: string
  /** A node id → the server Pier knows it as (null: not a server in Pier). */
  nodeServer?: (nodeId: string) => string | null
}

export interface AppServiceStatus {
  /** Replicas the service asks for; null for a global service. */
  desired: number | null
  /**
   * Replicas of the current spec running now (tasks of the spec being replaced during a rolling
   * update do not count); swarm's own count, else this node's containers, where the engine did
   * not list the tasks.
   */
  running: number
  /** The image the service spec names, e.g. pier/web:3. */
  image: string
  /** The release number read off that image's pier/APP:N tag; null for any other image. */
  release: number | null
  /** Swarm's UpdateStatus.State (updating, completed, rollback_completed, paused…), if any. */
  updateState: string | null
  updateMessage: string | null
  /**
   * Running containers of the current spec: those on the app's server first (newest first),
   * then those on the cluster's other nodes that Pier knows as servers.
   */
  containers: AppContainer[]
}

export interface AppStatus {
  app: string
  server: string
  /** Null when the server has no such service (never deployed, or removed by hand). */
  service: AppServiceStatus | null
  /** Set when the server could not be asked; service is then null. */
  error: { code: string; message: string; hint: string } | null
  /** The record of the release the service runs, as last copied from the server (or null). */
  release: Release | null
}

interface ServiceInfo {
  ID?: string
  Spec?: {
    Name?: string
    Mode?: { Replicated?: { Replicas?: number } }
    TaskTemplate?: { ContainerSpec?: { Image?: string }; ForceUpdate?: number }
  }
  ServiceStatus?: { RunningTasks?: number; DesiredTasks?: number }
  UpdateStatus?: { State?: string; Message?: string }
}

/** `pier/web:3@sha256:…` → 3 for app web; anything else → null. */
export function releaseOfImage(app: string, image: string): number | null {
  const bare = image.split('@')[0] ?? ''
  const prefix = `pier/${app}:`
  if (!bare.startsWith(prefix)) return null
  const n = bare.slice(prefix.length)
  return /^[1-9][0-9]{0,8}$/.test(n) ? Number(n) : null
}

/**
 * The status of one app's service from the engine's service list, its containers and (where the
 * engine gave them) the swarm's tasks wanted running.
 */
export function serviceStatus(
  app: string,
  services: readonly ServiceInfo[],
  containers: readonly Docker.ContainerInfo[],
  tasks: readonly SwarmTaskInfo[] | null = null,
  place: StatusPlace = { server: '' }
): AppServiceStatus | null {
  const name = serviceName(app)
  const svc = services.find((s) => s.Spec?.Name === name)
  if (!svc) return null
  const current = tasks === null ? null : currentReplicas(svc, tasks)
  const currentIds = new Set(current?.map((t) => t.Status?.ContainerStatus?.ContainerID))
  const mine = containers
    .filter((c) => c.Labels?.[LABELS.swarmService] === name && c.State === 'running')
    // The old spec's containers still running during an update go last.
    .sort(
      (a, b) => Number(currentIds.has(b.Id)) - Number(currentIds.has(a.Id)) || b.Created - a.Created
    )
  const here: AppContainer[] = mine.map((c) => ({
    id: c.Id,
    name: (c.Names?.[0] ?? c.Id.slice(0, 12)).replace(/^\//, ''),
    server: place.server
  }))
  const local = new Set(mine.map((c) => c.Id))
  const elsewhere: AppContainer[] = []
  for (const t of current ?? []) {
    const id = t.Status?.ContainerStatus?.ContainerID
    const server = t.NodeID ? (place.nodeServer?.(t.NodeID) ?? null) : null
    if (!id || local.has(id) || server === null || server === place.server) continue
    elsewhere.push({ id, name: `${name}.${t.Slot ?? 0}.${t.ID ?? ''}`, server })
  }
  const image = svc.Spec?.TaskTemplate?.ContainerSpec?.Image ?? ''
  return {
    desired: svc.Spec?.Mode?.Replicated?.Replicas ?? null,
    running: current !== null ? current.length : (svc.ServiceStatus?.RunningTasks ?? mine.length),
    image: image.split('@')[0] ?? image,
    release: releaseOfImage(app, image),
    updateState: svc.UpdateStatus?.State ?? null,
    updateMessage: svc.UpdateStatus?.Message ?? null,
    containers: [...here, ...elsewhere.sort((a, b) => a.server.localeCompare(b.server))]
  }
}

/** Asks each server once for its Pier services and their running containers. */
export async function appStatuses(
  engines: DockerEngines,
  apps: readonly { name: string; server: string }[],
  known: (app: string) => readonly Release[],
  nodeServer: (app: string) => ((nodeId: string) => string | null) | undefined = () => undefined
): Promise<AppStatus[]> {
  const servers = [...new Set(apps.map((a) => a.server))]
  const answers = new Map<
    string,
    | { services: ServiceInfo[]; containers: Docker.ContainerInfo[]; tasks: SwarmTaskInfo[] | null }
    | AppStatus['error']
  >()
  await Promise.all(
    servers.map(async (server) => {
      try {
        const engine = engines.get(server)
        const [services, containers, tasks] = await Promise.all([
          engine.call(
            (d) =>
              d.listServices({ filters: { label: [LABELS.app] }, status: true }) as Promise<
                ServiceInfo[]
              >,
            'Listing the app services'
          ),
          engine.call(
            (d) => d.listContainers({ filters: { label: [LABELS.app] } }),
            'Listing the app containers'
          ),
          // Only managers list tasks; without them the engine's own count has to do.
          engine
            .call(
              (d) =>
                d.listTasks({ filters: { 'desired-state': ['running'] } }) as Promise<
                  SwarmTaskInfo[]
                >,
              'Listing the app tasks'
            )
            .catch(() => null)
        ])
        answers.set(server, { services, containers, tasks })
      } catch (err) {
        const e = err instanceof PierError ? err : null
        answers.set(server, {
          code: e?.code ?? 'internal',
          message: e?.message ?? String(err),
          hint: e?.hint ?? 'Try again.'
        })
      }
    })
  )
  return apps.map((a) => {
    const answer = answers.get(a.server)
    if (!answer || !('services' in answer))
      return { app: a.name, server: a.server, service: null, error: answer ?? null, release: null }
    const service = serviceStatus(a.name, answer.services, answer.containers, answer.tasks, {
      server: a.server,
      nodeServer: nodeServer(a.name)
    })
    const n = service?.release ?? null
    return {
      app: a.name,
      server: a.server,
      service,
      error: null,
      release: n === null ? null : (known(a.name).find((r) => r.number === n) ?? null)
    }
  })
}
