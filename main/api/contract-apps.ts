// Runs in: main, preload and renderer (pure data: zod schemas and types, no Node or DOM imports).
// The Apps part of the contract: `app.create` is `pier app create NAME --server S --image IMG`,
// and so on. Repeatable CLI flags (--port, --env, --secret, --volume, --command) are arrays here.
import { z } from 'zod'
import type { LogLine } from '../core/docker/model'
import { buildArgPair, dockerfilePath, gitRef, gitUrl, localDir } from '../core/apps/source'
import { imageRef } from '../core/docker/refs'
import {
  appImage,
  appName,
  appSchema,
  envKey,
  envPair,
  envValue,
  releaseSchema,
  restartPolicy,
  portSpec,
  volumeSpec
} from '../core/apps/model'
import { placementConstraint, placementPreference } from '../core/apps/placement'
import type { DeployResult } from '../core/apps/service'
import type { AppStatus } from '../core/apps/status'
import { mutation, query, stream } from './define'

const server = z.string().min(1).max(200)
const name = z.string().min(1).max(200)

/** What both create and update accept besides the name. */
const specFields = {
  port: z.array(portSpec).max(100).optional(),
  env: z.array(envPair).max(1000).optional(),
  /** Names of secret variables; their values come in secretValues (stdin in the CLI). */
  secret: z.array(envKey).max(1000).optional(),
  secretValues: z.record(envKey, envValue).optional(),
  volume: z.array(volumeSpec).max(100).optional(),
  /** The container's command as argv words, one --command per word. */
  command: z.array(z.string().max(65_536)).max(1000).optional(),
  replicas: z.coerce.number().int().min(0).max(100).optional(),
  cpus: z.coerce.number().positive().max(1024).optional(),
  /** Memory limit in MB. */
  memory: z.coerce.number().int().min(4).max(4_194_304).optional(),
  healthCmd: z.string().min(1).max(4096).optional(),
  healthInterval: z.coerce.number().int().min(1).max(3600).optional(),
  healthRetries: z.coerce.number().int().min(1).max(100).optional(),
  healthStartPeriod: z.coerce.number().int().min(0).max(3600).optional(),
  restart: restartPolicy.optional(),
  stopGrace: z.coerce.number().int().min(0).max(3600).optional(),
  keep: z.coerce.number().int().min(1).max(100).optional(),
  /** Cluster apps only: swarm placement constraints (repeatable; replaces the list on update). */
  constraint: z.array(placementConstraint).max(50).optional(),
  /** Cluster apps only: spread=ATTRIBUTE, e.g. spread=node.labels.zone. */
  preference: z.array(placementPreference).max(10).optional()
}

/** Build settings for --git and --dir sources. */
const buildFields = {
  dockerfile: dockerfilePath.optional(),
  buildArg: z.array(buildArgPair).max(200).optional(),
  /** Replaces the detected stack's base image when Pier writes the Dockerfile. */
  baseImage: imageRef.optional()
}

/** A source: exactly one of image, git (with ref, submodules) or dir. */
const sourceFields = {
  image: appImage.optional(),
  git: gitUrl.optional(),
  ref: gitRef.optional(),
  submodules: z.boolean().optional(),
  /** An absolute path on this computer (the CLI resolves a relative one first). */
  dir: localDir.optional(),
  ...buildFields
}

export const deployResult = z.custom<DeployResult>()

export const appsContract = {
  'app.list': query({
    input: z.object({}).strict(),
    output: z.array(appSchema),
    summary: 'List the apps Pier knows, with their server and image.'
  }),
  'app.watch': stream({
    input: z.object({}).strict(),
    output: z.array(appSchema),
    summary: 'Stream the app list: now, then again after every change (create, update, deploy).'
  }),
  'app.status': query({
    input: z.object({}).strict(),
    output: z.custom<AppStatus[]>(),
    summary:
      "Each app's swarm service now: running and desired replicas, the release it runs, swarm's update state."
  }),
  'app.create': mutation({
    input: z
      .object({
        name: appName,
        server: server.optional(),
        cluster: name.optional(),
        ...sourceFields,
        ...specFields
      })
      .strict(),
    output: appSchema,
    summary:
      'Create an app: (--server S | --cluster C [--constraint node.labels.K==V]… [--preference spread=node.labels.K]…) (--image IMG | --git URL [--ref R] [--submodules] | --dir PATH) [--dockerfile P] [--build-arg K=V]… [--base-image IMG] [--port HOST:CONTAINER]… [--env K=V]… [--secret K]… (values on stdin) [--replicas N] [--volume NAME:/path]… [--health-cmd CMD]. A git app gets a deploy key (shown) for its repository.',
    args: ['name'],
    secretValues: { names: 'secret', values: 'secretValues' }
  }),
  'app.update': mutation({
    input: z
      .object({
        name,
        ...sourceFields,
        ...specFields,
        /** Variables to remove, plain or secret (a secret's keychain entry goes too). */
        unset: z.array(envKey).max(1000).optional()
      })
      .strict(),
    output: appSchema,
    summary:
      "Change an app's source (--image, --git, --dir, --ref, --dockerfile, --build-arg …), env, secrets or limits; the next deploy runs them.",
    args: ['name'],
    secretValues: { names: 'secret', values: 'secretValues' }
  }),
  'app.deployKey': query({
    input: z.object({ name }).strict(),
    output: z.object({ app: z.string(), publicKey: z.string() }),
    summary:
      "A git app's deploy key (public half) to add to its repository host as a read-only deploy key.",
    args: ['name']
  }),
  'app.deploy': mutation({
    input: z
      .object({
        name,
        wait: z.boolean().optional(),
        waitSec: z.coerce.number().int().min(10).max(3600).optional()
      })
      .strict(),
    output: deployResult,
    summary:
      'Deploy an app as a job on its server (deploys of one app queue); --wait follows it to the end.',
    args: ['name']
  }),
  'app.releases': query({
    input: z.object({ name }).strict(),
    output: z.array(releaseSchema),
    summary: "An app's releases as its server recorded them, newest first.",
    args: ['name']
  }),
  'app.rollback': mutation({
    input: z
      .object({
        name,
        to: z.coerce.number().int().min(1).optional(),
        wait: z.boolean().default(true)
      })
      .strict(),
    output: deployResult,
    summary:
      'Roll an app back to its previous release (--to N: any kept release): its image and config.',
    args: ['name']
  }),
  'app.logs': stream({
    input: z
      .object({
        name,
        follow: z.boolean().optional(),
        tail: z.coerce.number().int().min(0).max(1_000_000).optional()
      })
      .strict(),
    output: z.custom<LogLine>(),
    summary: "Print the log of an app's containers (--follow, --tail N).",
    args: ['name']
  }),
  'app.remove': mutation({
    input: z.object({ name }).strict(),
    output: z.object({ removed: z.string() }),
    summary:
      "Remove an app: its service, Pier's release images and ~/.pier/apps/NAME (volumes stay).",
    args: ['name']
  })
} as const
