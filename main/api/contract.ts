// Runs in: main, preload and renderer (pure data: zod schemas and types, no Node or DOM imports).
// The one contract every transport serves: Electron IPC, the `pier` CLI and `pier serve`.
// Each method has an input schema (checked in main before any handler runs), an output schema
// (the type the caller gets) and a kind: `query`/`mutation` answer once, `stream` yields values.
import { z } from 'zod'
import type { ServerCheckReport } from '../core/servers/service'
import type { SetupEvent } from '../core/servers/docker-setup'
import type { ImportResult } from '../core/servers/import-ssh-config'
import { jobId, jobStatusSchema } from '../core/jobs/model'
import { linkStatusSchema, serverSchema } from '../core/servers/model'
import { fingerprint, hostAddress, loginUser, serverName, sshPort } from '../core/servers/validate'
import { keychainStatusSchema } from '../core/secrets/status'

import { dockerContract } from './contract-docker'
import { mutation, query, stream } from './define'

export type { MethodDef, MethodKind } from './define'

export const serverSummary = serverSchema
export type ServerSummary = z.infer<typeof serverSummary>

export const systemInfo = z.object({
  version: z.string(),
  home: z.string(),
  database: z.string(),
  schemaVersion: z.number().int(),
  platform: z.string(),
  transport: z.enum(['electron', 'cli', 'headless', 'test'])
})
export type SystemInfo = z.infer<typeof systemInfo>
export type Transport = SystemInfo['transport']

export const keychainStatus = keychainStatusSchema

const empty = z.object({}).strict()
const named = z.object({ name: z.string().min(1).max(200) }).strict()

export const addServerInput = z
  .object({
    name: serverName,
    host: hostAddress,
    port: sshPort.default(22),
    user: loginUser,
    key: z.string().min(1).max(4096).optional(),
    passphrase: z.string().max(1024).optional(),
    agent: z.boolean().optional(),
    password: z.string().min(1).max(1024).optional(),
    acceptFingerprint: fingerprint.optional(),
    trustNew: z.boolean().optional(),
    proxyJump: z.string().min(1).max(300).optional(),
    keepPassword: z.boolean().optional()
  })
  .strict()
  .refine(
    (i) =>
      [i.key !== undefined, i.agent === true, i.password !== undefined].filter(Boolean).length ===
      1,
    'Choose exactly one way to sign in: a key file, ssh-agent or a password.'
  )

export const addedServer = z.object({
  server: serverSchema,
  hostKey: z.object({ keyType: z.string(), fingerprint: z.string() }),
  installedKey: z.boolean()
})

export const contract = {
  'system.info': query({
    input: empty,
    output: systemInfo,
    summary: 'Show the Pier version, the data folder and the database schema version.'
  }),
  'system.keychain': query({
    input: empty,
    output: keychainStatus,
    summary: 'Check that the OS keychain can store and return a secret.'
  }),
  'server.list': query({
    input: empty,
    output: z.array(serverSummary),
    summary: 'List the servers Pier knows.'
  }),
  'server.add': mutation({
    input: addServerInput,
    output: addedServer,
    summary:
      "Add a server: verify its host key, prove the login, then save it (a password only installs Pier's key).",
    args: ['name'],
    secrets: ['password', 'passphrase']
  }),
  'server.update': mutation({
    input: z
      .object({
        name: z.string().min(1).max(200),
        rename: serverName.optional(),
        user: loginUser.optional(),
        key: z.string().min(1).max(4096).optional(),
        passphrase: z.string().max(1024).optional(),
        agent: z.boolean().optional()
      })
      .strict()
      .refine((i) => !(i.key && i.agent), 'Choose a key file or ssh-agent, not both.'),
    output: serverSchema,
    summary:
      'Rename a server or change its login user or sign-in; a new login is proven before it is saved.',
    args: ['name'],
    secrets: ['passphrase']
  }),
  'server.importSshConfig': mutation({
    input: z
      .object({
        file: z.string().min(1).max(4096).optional(),
        knownHosts: z.string().min(1).max(4096).optional()
      })
      .strict(),
    output: z.custom<ImportResult>(),
    summary:
      'Import the Host entries of ~/.ssh/config, pinning host keys found in ~/.ssh/known_hosts.'
  }),
  'server.remove': mutation({
    input: z
      .object({ name: z.string().min(1).max(200), fromServer: z.boolean().optional() })
      .strict(),
    output: serverSchema.extend({ keyRemovedFromServer: z.boolean().nullable() }),
    summary:
      "Forget a server (row, pinned keys, keychain entries); --from-server also takes Pier's key off it.",
    args: ['name']
  }),
  'server.trustKey': mutation({
    input: z.object({ name: z.string().min(1).max(200), fingerprint }).strict(),
    output: serverSchema,
    summary: 'After you verified a changed host key on the server itself, accept exactly that key.',
    args: ['name']
  }),
  'server.ping': query({
    input: named,
    output: z.object({ state: linkStatusSchema.shape.state, latencyMs: z.number() }),
    summary: 'Run a no-op on the server over its pooled connection and report the round trip.',
    args: ['name']
  }),
  'server.check': query({
    input: named,
    output: z.custom<ServerCheckReport>(),
    summary:
      'Check a server: OS, resources, Docker and its access, Swarm, cron, ports 80/443, clock.',
    args: ['name']
  }),
  'server.setupDocker': stream({
    input: named,
    output: z.custom<SetupEvent>(),
    summary: 'Install and enable Docker and a single-node Swarm (Debian/Ubuntu); safe to repeat.',
    args: ['name']
  }),
  'server.statuses': stream({
    input: empty,
    output: z.array(linkStatusSchema),
    summary: 'Stream the connection status of every server Pier has a connection for.'
  }),
  'job.list': query({
    input: z.object({ server: z.string().min(1).max(200) }).strict(),
    output: z.array(jobStatusSchema),
    summary: "List a server's jobs (queued, running, finished), newest first.",
    args: ['server']
  }),
  'job.logs': stream({
    input: z
      .object({
        server: z.string().min(1).max(200),
        job: jobId,
        follow: z.boolean().optional(),
        offset: z.coerce.number().int().min(0).optional()
      })
      .strict(),
    output: z.object({ data: z.string(), offset: z.number().int() }),
    summary: "Print a job's log; --follow keeps going until the job ends, across reconnects.",
    args: ['server', 'job']
  }),
  'job.cancel': mutation({
    input: z.object({ server: z.string().min(1).max(200), job: jobId }).strict(),
    output: jobStatusSchema,
    summary: 'Cancel a job: its whole process group ends and its lock is released.',
    args: ['server', 'job']
  }),
  'server.watch': stream({
    input: empty,
    output: z.array(serverSummary),
    summary: 'Stream the server list: now, then again after every change.'
  }),
  ...dockerContract
} as const

export type Contract = typeof contract
export type Method = keyof Contract
export type InputOf<M extends Method> = z.input<Contract[M]['input']>
export type ParsedInputOf<M extends Method> = z.output<Contract[M]['input']>
export type OutputOf<M extends Method> = z.output<Contract[M]['output']>
export type StreamMethod = {
  [M in Method]: Contract[M]['kind'] extends 'stream' ? M : never
}[Method]
export type CallMethod = Exclude<Method, StreamMethod>

export function isMethod(name: string): name is Method {
  return Object.prototype.hasOwnProperty.call(contract, name)
}
