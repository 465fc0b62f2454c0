// Runs in: main, CLI, headless server (pure).
// The engine's list and inspect answers, shaped into the rows the views and the CLI show.
import type Docker from 'dockerode'
import { maskEnv } from './env-mask'
import {
  LABELS,
  type ContainerDetail,
  type ContainerGroup,
  type ContainerRow,
  type HealthInfo,
  type ImageRow,
  type PortMapping
} from './model'

export function groupOf(labels: Record<string, string> | null | undefined): ContainerGroup {
  const l = labels ?? {}
  const get = (key: string): string | null => (typeof l[key] === 'string' ? (l[key] ?? null) : null)
  return {
    composeProject: get(LABELS.composeProject),
    composeService: get(LABELS.composeService),
    swarmService: get(LABELS.swarmService),
    swarmStack: get(LABELS.swarmStack),
    app: get(LABELS.app)
  }
}

/** "/name" → "name": the engine prefixes names with a slash. */
export const bareName = (name: string): string => (name.startsWith('/') ? name.slice(1) : name)

export function containerRow(server: string, c: Docker.ContainerInfo): ContainerRow {
  const labels = c.Labels ?? {}
  return {
    server,
    id: c.Id,
    name: bareName(c.Names?.[0] ?? c.Id.slice(0, 12)),
    image: c.Image,
    imageId: c.ImageID,
    command: c.Command,
    state: c.State,
    status: c.Status,
    created: c.Created,
    ports: (c.Ports ?? []).map((p) => ({
      ip: p.IP || null,
      privatePort: p.PrivatePort,
      publicPort: p.PublicPort ?? null,
      type: p.Type
    })),
    labels,
    group: groupOf(labels)
  }
}

/** Sorted so the same engine state gives the same list: by name, stable across refreshes. */
export function sortRows(rows: ContainerRow[]): ContainerRow[] {
  return rows.sort(
    (a, b) =>
      a.server.localeCompare(b.server) || a.name.localeCompare(b.name) || a.id.localeCompare(b.id)
  )
}

export interface InspectInfo {
  Id: string
  Name: string
  Image: string
  Created: string
  Path: string
  Args: string[]
  RestartCount?: number
  State: {
    Status: string
    Running: boolean
    Paused: boolean
    Restarting: boolean
    ExitCode?: number
    StartedAt?: string
    FinishedAt?: string
    Health?: {
      Status: string
      FailingStreak: number
      Log?: Array<{ Start: string; End: string; ExitCode: number; Output: string }> | null
    }
  }
  Config: {
    Image: string
    Env?: string[] | null
    Labels?: Record<string, string> | null
    Tty?: boolean
    Cmd?: string[] | null
    Entrypoint?: string[] | string | null
  }
  HostConfig?: { RestartPolicy?: { Name?: string } }
  Mounts?: Array<{
    Type: string
    Name?: string
    Source: string
    Destination: string
    RW: boolean
  }>
  NetworkSettings?: {
    Ports?: Record<string, Array<{ HostIp: string; HostPort: string }> | null> | null
    Networks?: Record<string, { IPAddress?: string; Aliases?: string[] | null }> | null
  }
}

const ZERO_TIME = '0001-01-01T00:00:00Z'
const time = (t: string | undefined): string | null => (!t || t === ZERO_TIME ? null : t)

export function portsFromInspect(
  ports: NonNullable<InspectInfo['NetworkSettings']>['Ports']
): PortMapping[] {
  const out: PortMapping[] = []
  for (const [key, bindings] of Object.entries(ports ?? {})) {
    const [port, type] = key.split('/')
    const privatePort = Number(port)
    if (!bindings || bindings.length === 0) {
      out.push({ ip: null, privatePort, publicPort: null, type: type ?? 'tcp' })
      continue
    }
    for (const b of bindings) {
      out.push({
        ip: b.HostIp || null,
        privatePort,
        publicPort: b.HostPort ? Number(b.HostPort) : null,
        type: type ?? 'tcp'
      })
    }
  }
  return out
}

export function containerDetail(server: string, i: InspectInfo): ContainerDetail {
  const labels = i.Config.Labels ?? {}
  const entrypoint = i.Config.Entrypoint
  const health: HealthInfo | null = i.State.Health
    ? {
        status: i.State.Health.Status,
        failingStreak: i.State.Health.FailingStreak,
        log: (i.State.Health.Log ?? []).map((l) => ({
          start: l.Start,
          end: l.End,
          exitCode: l.ExitCode,
          output: l.Output
        }))
      }
    : null
  return {
    server,
    id: i.Id,
    name: bareName(i.Name),
    image: i.Config.Image,
    imageId: i.Image,
    command: i.Config.Cmd ?? [],
    entrypoint: Array.isArray(entrypoint) ? entrypoint : entrypoint ? [entrypoint] : [],
    state: i.State.Status,
    running: i.State.Running,
    paused: i.State.Paused,
    restarting: i.State.Restarting,
    exitCode: i.State.Running ? null : (i.State.ExitCode ?? null),
    startedAt: time(i.State.StartedAt),
    finishedAt: time(i.State.FinishedAt),
    restartCount: i.RestartCount ?? 0,
    restartPolicy: i.HostConfig?.RestartPolicy?.Name || null,
    tty: i.Config.Tty ?? false,
    created: i.Created,
    env: maskEnv(i.Config.Env),
    labels,
    group: groupOf(labels),
    mounts: (i.Mounts ?? []).map((m) => ({
      type: m.Type,
      name: m.Name ?? null,
      source: m.Source,
      destination: m.Destination,
      readOnly: !m.RW
    })),
    ports: portsFromInspect(i.NetworkSettings?.Ports),
    networks: Object.entries(i.NetworkSettings?.Networks ?? {}).map(([name, n]) => ({
      name,
      ip: n.IPAddress || null,
      aliases: n.Aliases ?? []
    })),
    health
  }
}

export function imageRow(server: string, i: Docker.ImageInfo): ImageRow {
  const tags = (i.RepoTags ?? []).filter((t) => t !== '<none>:<none>')
  return {
    server,
    id: i.Id,
    tags,
    digests: (i.RepoDigests ?? []).filter((d) => d !== '<none>@<none>'),
    created: i.Created,
    size: i.Size,
    dangling: tags.length === 0,
    containers: i.Containers ?? -1
  }
}
