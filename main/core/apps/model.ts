// Runs in: main, and in the renderer through the API contract (pure zod, no Node imports).
// An app as Pier stores it: where its code comes from (an image, a git repository or a local
// folder: source.ts) and how it runs. Everything a user types is checked here, so nothing
// malformed reaches a compose file or a server.
import { z } from 'zod'
import { placementConstraint, placementPreference } from './placement'
import { appSource } from './source'

export { appImage, appSource, describeSource, type AppSource, type BuildSource } from './source'

/** Also the swarm stack name and the lock key suffix: short, lowercase, DNS-safe. */
export const appName = z
  .string()
  .regex(
    /^[a-z][a-z0-9-]{0,29}$/,
    'An app name is 1-30 lowercase letters, digits or "-", starting with a letter.'
  )
  .refine((s) => !s.endsWith('-'), 'An app name cannot end with "-".')

export const envKey = z
  .string()
  .regex(
    /^[A-Za-z_][A-Za-z0-9_]{0,127}$/,
    'An environment variable name is letters, digits and "_", not starting with a digit.'
  )
  .refine((k) => !k.startsWith('PIER_'), 'Names starting with PIER_ are reserved for Pier.')

/** Any text but NUL, which no environment can carry. */
export const envValue = z
  .string()
  .max(65_536)
  .refine((v) => !v.includes('\0'), 'An environment value cannot contain a NUL byte.')

/** `K=V`, split at the first "=": the value is everything after it, literally. */
export const envPair = z.string().transform((s, ctx) => {
  const eq = s.indexOf('=')
  const key = envKey.safeParse(eq === -1 ? s : s.slice(0, eq))
  if (eq === -1 || !key.success) {
    ctx.addIssue({
      code: 'custom',
      message: `"${s.slice(0, 40)}" is not KEY=VALUE with a valid name (letters, digits, "_").`
    })
    return z.NEVER
  }
  const value = envValue.safeParse(s.slice(eq + 1))
  if (!value.success) {
    ctx.addIssue({ code: 'custom', message: value.error.issues[0]?.message ?? 'bad value' })
    return z.NEVER
  }
  return [key.data, value.data] as const
})

export const portMapping = z.object({
  published: z.number().int().min(1).max(65535),
  target: z.number().int().min(1).max(65535),
  protocol: z.enum(['tcp', 'udp'])
})
export type PortMapping = z.infer<typeof portMapping>

const PORT = /^([0-9]{1,5}):([0-9]{1,5})(?:\/(tcp|udp))?$/
/** `HOST:CONTAINER[/udp]`, published on the server's own address (host mode). */
export const portSpec = z.string().transform((s, ctx): PortMapping => {
  const m = PORT.exec(s)
  const published = Number(m?.[1])
  const target = Number(m?.[2])
  const ok = (n: number) => Number.isInteger(n) && n >= 1 && n <= 65535
  if (!m || !ok(published) || !ok(target)) {
    ctx.addIssue({
      code: 'custom',
      message: `"${s.slice(0, 40)}" is not a port mapping HOST:CONTAINER (1-65535, optional /udp).`
    })
    return z.NEVER
  }
  return { published, target, protocol: (m[3] as 'tcp' | 'udp' | undefined) ?? 'tcp' }
})

export const volumeMount = z.object({
  type: z.enum(['volume', 'bind']),
  source: z.string(),
  target: z.string(),
  readOnly: z.boolean()
})
export type VolumeMount = z.infer<typeof volumeMount>

const VOLUME_NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,62}$/
// Paths are kept to plain characters: they land in a compose file and in mount options.
const ABS_PATH = /^\/[A-Za-z0-9_.@+=/-]*$/
/** `NAME:/path[:ro]` (a named volume) or `/host/path:/path[:ro]` (a bind mount). */
export const volumeSpec = z.string().transform((s, ctx): VolumeMount => {
  const parts = s.split(':')
  const [source = '', target = '', mode] = parts
  const bad = (why: string) => {
    ctx.addIssue({ code: 'custom', message: `"${s.slice(0, 60)}": ${why}` })
    return z.NEVER
  }
  if (
    parts.length < 2 ||
    parts.length > 3 ||
    (mode !== undefined && mode !== 'ro' && mode !== 'rw')
  )
    return bad('a volume is NAME:/path or /host/path:/path, optionally ending in :ro.')
  if (!ABS_PATH.test(target) || target.split('/').includes('..'))
    return bad('the path inside the container must be absolute, without "..".')
  const bind = source.startsWith('/')
  if (bind ? !ABS_PATH.test(source) || source.split('/').includes('..') : !VOLUME_NAME.test(source))
    return bad('the source is a volume name (letters, digits, "_", ".", "-") or an absolute path.')
  return { type: bind ? 'bind' : 'volume', source, target, readOnly: mode === 'ro' }
})

export const healthcheck = z.object({
  /** Run by /bin/sh in the container; healthy when it exits 0. */
  cmd: z.string().min(1).max(4096),
  intervalSec: z.number().int().min(1).max(3600).default(5),
  timeoutSec: z.number().int().min(1).max(3600).default(3),
  retries: z.number().int().min(1).max(100).default(3),
  startPeriodSec: z.number().int().min(0).max(3600).default(0)
})
export type Healthcheck = z.infer<typeof healthcheck>

export const restartPolicy = z.enum(['any', 'on-failure', 'none'])

export const appSpec = z.object({
  /** Plain environment values. */
  env: z.record(envKey, envValue),
  /** Keys whose values live in the OS keychain only. */
  secretKeys: z.array(envKey),
  /** Overrides the image's command (argv, no shell). */
  command: z.array(z.string().max(65_536)).nullable(),
  ports: z.array(portMapping),
  volumes: z.array(volumeMount),
  replicas: z.number().int().min(0).max(100),
  cpus: z.number().positive().max(1024).nullable(),
  memoryMb: z.number().int().min(4).max(4_194_304).nullable(),
  healthcheck: healthcheck.nullable(),
  restart: restartPolicy,
  /** How long a stopping container gets after SIGTERM before SIGKILL. */
  stopGraceSec: z.number().int().min(0).max(3600).default(10),
  /** Release images kept on the server for rollback. */
  keep: z.number().int().min(1).max(100),
  /** Swarm placement (deploy.placement): constraints like node.labels.tier==web. */
  constraints: z.array(placementConstraint).max(50).default([]),
  /** spread=ATTRIBUTE preferences, in order. */
  preferences: z.array(placementPreference).max(10).default([])
})
export type AppSpec = z.infer<typeof appSpec>

export const appSchema = z.object({
  id: z.string(),
  name: z.string(),
  /** Where it is deployed: the server itself, or the cluster manager deploys go through. */
  server: z.string(),
  serverId: z.string(),
  /** The cluster the app runs on (its replicas may run on any node); null for one server. */
  cluster: z.string().nullable().default(null),
  source: appSource,
  spec: appSpec,
  /** A git app's deploy key (OpenSSH public key line) for the repository host; null otherwise. */
  deployKey: z.string().nullable().default(null),
  createdAt: z.number().int(),
  updatedAt: z.number().int()
})
export type App = z.infer<typeof appSchema>

export const releaseSchema = z.object({
  number: z.number().int().min(1),
  image: z.string(),
  imageId: z.string(),
  digest: z.string().nullable(),
  /** The app's source and spec as deployed (secret keys, never their values). */
  config: z.object({ source: appSource, spec: appSpec }),
  /** The git commit a built release was made from; null for image and folder sources. */
  commit: z.string().nullable().default(null),
  jobId: z.string().nullable(),
  createdAt: z.number().int(),
  /** Its image was pruned on the server: no longer a rollback target. */
  pruned: z.boolean(),
  current: z.boolean()
})
export type Release = z.infer<typeof releaseSchema>

export const DEFAULT_SPEC: AppSpec = {
  env: {},
  secretKeys: [],
  command: null,
  ports: [],
  volumes: [],
  replicas: 1,
  cpus: null,
  memoryMb: null,
  healthcheck: null,
  restart: 'any',
  stopGraceSec: 10,
  keep: 5,
  constraints: [],
  preferences: []
}

/** The swarm service of an app, as `docker stack deploy` names it. */
export const serviceName = (app: string): string => `${app}_app`
/** The tag each release's image gets on the server. */
export const releaseTag = (app: string, n: number): string => `pier/${app}:${n}`
