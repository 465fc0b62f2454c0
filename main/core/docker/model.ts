// Runs in: main, and in the renderer through the API contract (types only, no Node imports).
// What the Docker views get: rows tagged with the server they came from, and the grouping
// facts (compose project, swarm service, Pier app) that the UI groups by.
import type { EnvVar } from './env-mask'
import type { ContainerStats } from './stats-math'
import type { LogLine } from './log-lines'

export type { EnvVar, ContainerStats, LogLine }

/** Labels Pier groups by. */
export const LABELS = {
  composeProject: 'com.docker.compose.project',
  composeService: 'com.docker.compose.service',
  swarmService: 'com.docker.swarm.service.name',
  swarmStack: 'com.docker.stack.namespace',
  app: 'pier.app'
} as const

export interface ContainerGroup {
  composeProject: string | null
  composeService: string | null
  swarmService: string | null
  swarmStack: string | null
  app: string | null
}

export interface PortMapping {
  ip: string | null
  privatePort: number
  publicPort: number | null
  type: string
}

export interface ContainerRow {
  /** The server's name in Pier. */
  server: string
  id: string
  name: string
  image: string
  imageId: string
  command: string
  /** created, running, paused, restarting, removing, exited, dead */
  state: string
  /** The engine's words, e.g. "Up 3 minutes (healthy)". */
  status: string
  created: number
  ports: PortMapping[]
  labels: Record<string, string>
  group: ContainerGroup
}

export interface MountInfo {
  type: string
  name: string | null
  source: string
  destination: string
  readOnly: boolean
}

export interface NetworkAttachment {
  name: string
  ip: string | null
  aliases: string[]
}

export interface HealthInfo {
  status: string
  failingStreak: number
  log: Array<{ start: string; end: string; exitCode: number; output: string }>
}

export interface ContainerDetail {
  server: string
  id: string
  name: string
  image: string
  imageId: string
  command: string[]
  entrypoint: string[]
  state: string
  running: boolean
  paused: boolean
  restarting: boolean
  exitCode: number | null
  startedAt: string | null
  finishedAt: string | null
  restartCount: number
  restartPolicy: string | null
  tty: boolean
  created: string
  env: EnvVar[]
  labels: Record<string, string>
  group: ContainerGroup
  mounts: MountInfo[]
  ports: PortMapping[]
  networks: NetworkAttachment[]
  health: HealthInfo | null
}

export interface ImageRow {
  server: string
  id: string
  tags: string[]
  digests: string[]
  created: number
  size: number
  /** No tag, and no image builds on it. */
  dangling: boolean
  /** Containers using it (-1 when the engine did not count). */
  containers: number
}

export interface ImagePrunePreview {
  server: string
  /** Every dangling image the engine's prune would delete (unused, untagged). */
  images: ImageRow[]
  reclaimableBytes: number
}

export interface PruneResult {
  server: string
  deleted: string[]
  reclaimedBytes: number
}

export interface VolumeRow {
  server: string
  name: string
  driver: string
  mountpoint: string
  created: string | null
  labels: Record<string, string>
  /** From /system/df; -1 when the engine has not measured it. */
  size: number
  /** Names of the containers that mount it. */
  usedBy: string[]
}

export interface NetworkRow {
  server: string
  id: string
  name: string
  driver: string
  scope: string
  internal: boolean
  attachable: boolean
  /** Docker's own networks (bridge, host, none): they cannot be removed. */
  builtin: boolean
  containers: string[]
}

export interface ServerStats {
  server: string
  containers: ContainerStats[]
}

export interface DockerEvent {
  server: string
  /** container, image, volume, network, service, … or "resync" after a reconnect. */
  type: string
  action: string
  id: string
  name: string | null
  time: number
}

export interface ServerFailure {
  server: string
  code: string
  message: string
  hint: string
}

export interface AllContainers {
  containers: ContainerRow[]
  /** Servers that could not be listed; the others are still shown. */
  failures: ServerFailure[]
}
