// Runs in: main, preload and renderer (pure data: zod schemas and types, no Node or DOM imports).
// The Docker part of the contract: `docker.ps` is `pier docker ps SERVER`, and so on. Every id
// or name a user supplies is checked here against the engine's own naming rules before any
// handler runs, so nothing malformed ever reaches a server.
import { z } from 'zod'
import type {
  AllContainers,
  ContainerDetail,
  ContainerRow,
  DockerEvent,
  ImagePrunePreview,
  ImageRow,
  LogLine,
  NetworkRow,
  PruneResult,
  ServerStats,
  VolumeRow
} from '../core/docker/model'
import { containerRef, imageRef, networkRef, serviceRef, volumeRef } from '../core/docker/refs'
import { mutation, query, stream } from './define'

const server = z.string().min(1).max(200)
const onServer = z.object({ server }).strict()
const onContainer = z.object({ server, container: containerRef }).strict()
const stopTimeout = z.coerce.number().int().min(0).max(3600).optional()

const actionResult = z.object({
  server: z.string(),
  container: z.string(),
  action: z.string(),
  state: z.string()
})

const logInput = {
  server,
  follow: z.boolean().optional(),
  tail: z.coerce.number().int().min(0).max(1_000_000).optional(),
  since: z.string().min(1).max(64).optional(),
  until: z.string().min(1).max(64).optional(),
  timestamps: z.boolean().optional()
}

const action = (verb: string, what: string) =>
  mutation({
    input: z.object({ server, container: containerRef, timeout: stopTimeout }).strict(),
    output: actionResult,
    summary: `${verb} a container ${what}`.trim() + '.',
    args: ['server', 'container']
  })

export const dockerContract = {
  'docker.ps': query({
    input: z.object({ server, all: z.boolean().optional() }).strict(),
    output: z.custom<ContainerRow[]>(),
    summary: "List a server's running containers (--all: stopped ones too).",
    args: ['server']
  }),
  'docker.containersAll': query({
    input: z.object({ all: z.boolean().optional() }).strict(),
    output: z.custom<AllContainers>(),
    summary: 'List the containers of every server in one list, each row tagged with its server.'
  }),
  'docker.watch': stream({
    input: z.object({ server: server.optional(), all: z.boolean().optional() }).strict(),
    output: z.custom<AllContainers>(),
    summary:
      'Stream the containers of one server (--server) or all: now, then after every engine event.'
  }),
  'docker.events': stream({
    input: onServer,
    output: z.custom<DockerEvent>(),
    summary: "Stream a server's Docker engine events, resuming after a reconnect.",
    args: ['server']
  }),
  'docker.inspect': query({
    input: onContainer,
    output: z.custom<ContainerDetail>(),
    summary: 'Show a container: state, health, env (secrets masked), mounts, ports and networks.',
    args: ['server', 'container']
  }),
  'docker.start': action('Start', ''),
  'docker.stop': action('Stop', '(--timeout seconds before it is killed)'),
  'docker.restart': action('Restart', '(--timeout seconds before it is killed)'),
  'docker.pause': action('Pause', '(freeze its processes)'),
  'docker.unpause': action('Unpause', ''),
  'docker.remove': mutation({
    input: z
      .object({
        server,
        container: containerRef,
        force: z.boolean().optional(),
        volumes: z.boolean().optional()
      })
      .strict(),
    output: actionResult,
    summary: 'Remove a container (--force: even a running one; --volumes: its anonymous volumes).',
    args: ['server', 'container']
  }),
  'docker.logs': stream({
    input: z.object({ ...logInput, container: containerRef }).strict(),
    output: z.custom<LogLine>(),
    summary:
      "Print a container's log (--follow, --tail N, --since, --until, --timestamps); stderr stays stderr.",
    args: ['server', 'container']
  }),
  'docker.serviceLogs': stream({
    input: z.object({ ...logInput, service: serviceRef }).strict(),
    output: z.custom<LogLine>(),
    summary: "Print a swarm service's log from all its tasks (same options as docker logs).",
    args: ['server', 'service']
  }),
  'docker.stats': query({
    input: onServer,
    output: z.custom<ServerStats>(),
    summary: 'CPU, memory, network and block I/O of every running container, sampled at once.',
    args: ['server']
  }),
  'docker.images': query({
    input: onServer,
    output: z.custom<ImageRow[]>(),
    summary: "List a server's images with size, dangling flag and the containers using them.",
    args: ['server']
  }),
  'docker.imageRemove': mutation({
    input: z.object({ server, image: imageRef, force: z.boolean().optional() }).strict(),
    output: z.object({
      server: z.string(),
      image: z.string(),
      untagged: z.array(z.string()),
      deleted: z.array(z.string())
    }),
    summary: 'Remove an image (--force: even if tagged twice or used by a stopped container).',
    args: ['server', 'image']
  }),
  'docker.imagePrunePreview': query({
    input: z.object({ server, all: z.boolean().optional() }).strict(),
    output: z.custom<ImagePrunePreview>(),
    summary:
      'Show what an image prune would delete (dangling images; --all: every unused image), deleting nothing.',
    args: ['server']
  }),
  'docker.imagePrune': mutation({
    input: z.object({ server, all: z.boolean().optional() }).strict(),
    output: z.custom<PruneResult>(),
    summary: 'Delete dangling images (--all: every image no container uses).',
    args: ['server']
  }),
  'docker.volumes': query({
    input: onServer,
    output: z.custom<VolumeRow[]>(),
    summary: "List a server's volumes with their size and the containers that mount them.",
    args: ['server']
  }),
  'docker.volumeRemove': mutation({
    input: z.object({ server, volume: volumeRef, force: z.boolean().optional() }).strict(),
    output: z.object({ server: z.string(), volume: z.string(), removed: z.literal(true) }),
    summary: 'Remove a volume and its data.',
    args: ['server', 'volume']
  }),
  'docker.volumePrunePreview': query({
    input: onServer,
    output: z.custom<VolumeRow[]>(),
    summary: 'Show the volumes a volume prune would delete (no container mounts them).',
    args: ['server']
  }),
  'docker.volumePrune': mutation({
    input: onServer,
    output: z.custom<PruneResult>(),
    summary: 'Delete every volume no container mounts, with its data.',
    args: ['server']
  }),
  'docker.networks': query({
    input: onServer,
    output: z.custom<NetworkRow[]>(),
    summary: "List a server's networks and the containers attached to each.",
    args: ['server']
  }),
  'docker.networkRemove': mutation({
    input: z.object({ server, network: networkRef }).strict(),
    output: z.object({ server: z.string(), network: z.string(), removed: z.literal(true) }),
    summary: 'Remove a network (Docker refuses while containers are attached).',
    args: ['server', 'network']
  })
} as const
