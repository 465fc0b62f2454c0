// Runs in: main, preload and renderer (pure data: zod schemas and types, no Node or DOM imports).
// The one contract every transport serves: Electron IPC, the `pier` CLI and `pier serve`.
// Each method has an input schema (checked in main before any handler runs), an output schema
// (the type the caller gets) and a kind: `query`/`mutation` answer once, `stream` yields values.
import { z } from 'zod'
import type { ServerCheckReport } from '../core/servers/service'
import type { SetupEvent } from '../core/servers/docker-setup'
import type { ImportResult } from '../core/servers/import-ssh-config'
import { jobId, jobRecordSchema, jobStatusSchema, lockKey } from '../core/jobs/model'
import { cronEntrySchema, cronName } from '../core/jobs/cron-schema'
import { normalizeCronExpr } from '../core/jobs/cron-expr'
import { linkStatusSchema, serverSchema } from '../core/servers/model'
import { fingerprint, hostAddress, loginUser, serverName, sshPort } from '../core/servers/validate'
import { keychainStatusSchema } from '../core/secrets/status'
import type { TerminalEvent, TerminalInfo } from '../core/terminal/session'
import type { ChartSeries, ShownSample, SyncResult } from '../core/metrics/service'
import { metricsSettingsSchema, parseDuration, type RawSample } from '../core/metrics/sample'
import type { AlertEvent, AlertRuleInfo } from '../core/alerts/service'
import { isWebUrl, MAX_URL_LENGTH } from '../core/links'
import { terminalSettingsPatch, terminalSettingsSchema } from '../core/settings/terminal'
import { snippetId, snippetSchema } from '../core/snippets/model'

import { dockerContract } from './contract-docker'
import { appsContract } from './contract-apps'
import { stacksContract } from './contract-stacks'
import { databasesContract } from './contract-databases'
import { proxyContract } from './contract-proxy'
import { autodeployContract } from './contract-autodeploy'
import { clustersContract } from './contract-clusters'
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
const serverField = z.string().min(1).max(200)
const duration = z
  .string()
  .max(20)
  .superRefine((v, ctx) => {
    try {
      const sec = parseDuration(v)
      if (sec < 60 || sec > 400 * 86_400)
        ctx.addIssue({ code: 'custom', message: 'A range is 1 minute to 400 days.' })
    } catch (e) {
      ctx.addIssue({ code: 'custom', message: (e as Error).message })
    }
  })
  .transform((v) => parseDuration(v))
const terminalId = z.string().regex(/^[0-9a-f]{24}$/, 'Not a terminal session id.')
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
  'system.openExternal': mutation({
    input: z
      .object({
        url: z
          .string()
          .max(MAX_URL_LENGTH)
          .refine(isWebUrl, 'Only http and https links can be opened.')
      })
      .strict(),
    output: z.object({ opened: z.boolean() }),
    summary:
      'Open a web link in the system browser; {opened:false} where Pier has no browser to hand it to.',
    viewerOnly: true
  }),
  'settings.get': query({
    input: z.object({ key: z.literal('terminal') }).strict(),
    output: terminalSettingsSchema,
    summary: 'Show a group of settings (terminal: font, size, scrollback, copy on select, GPU).',
    args: ['key']
  }),
  'settings.set': mutation({
    input: z.object({ key: z.literal('terminal'), value: terminalSettingsPatch }).strict(),
    output: terminalSettingsSchema,
    summary: 'Change some settings of a group; the others keep their values.',
    args: ['key'],
    viewerOnly: true
  }),
  'snippet.list': query({
    input: z.object({ server: z.string().min(1).max(200).optional() }).strict(),
    output: z.array(snippetSchema),
    summary: "List saved snippets: a --server's and the global ones, or all of them."
  }),
  'snippet.save': mutation({
    input: z
      .object({
        id: snippetId.optional(),
        server: z.string().min(1).max(200).nullable().optional(),
        name: z.string().trim().min(1).max(200),
        command: z.string().min(1).max(100_000)
      })
      .strict(),
    output: snippetSchema,
    summary:
      'Add a snippet (or change one, with --id): a command to type into terminals, for one --server or global.',
    args: ['name']
  }),
  'snippet.remove': mutation({
    input: z.object({ id: snippetId }).strict(),
    output: snippetSchema,
    summary: 'Delete a snippet.',
    args: ['id']
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
  'job.start': mutation({
    input: z
      .object({
        server: z.string().min(1).max(200),
        script: z.string().min(1).max(1_000_000),
        args: z.array(z.string().max(100_000)).max(1000).optional(),
        key: lockKey.default('adhoc'),
        title: z.string().min(1).max(200).optional(),
        timeoutSec: z.coerce
          .number()
          .int()
          .min(0)
          .max(7 * 86400)
          .optional()
      })
      .strict(),
    output: z.object({ id: jobId }),
    summary:
      'Run a shell script on a server as a durable job (detached; survives disconnects). Jobs with one --key run one at a time.',
    args: ['server']
  }),
  'job.history': query({
    input: z.object({ server: z.string().min(1).max(200).optional() }).strict(),
    output: z.array(jobRecordSchema),
    summary: 'Jobs this Pier knows of, newest first, from its local history (asks no server).',
    args: ['server']
  }),
  'job.watch': stream({
    input: z.object({ server: z.string().min(1).max(200).optional() }).strict(),
    output: z.array(jobRecordSchema),
    summary: 'Stream the local job history: now, then again after every change.',
    args: ['server']
  }),
  'job.prune': mutation({
    input: z
      .object({
        server: z.string().min(1).max(200),
        days: z.coerce.number().int().min(0).max(3650).default(14)
      })
      .strict(),
    output: z.object({ removed: z.array(jobId) }),
    summary: "Remove a server's folders of jobs that ended more than --days days ago (default 14).",
    args: ['server']
  }),
  'cron.list': query({
    input: z.object({ server: z.string().min(1).max(200) }).strict(),
    output: z.array(cronEntrySchema),
    summary: "List Pier's cron entries on a server with each one's last run.",
    args: ['server']
  }),
  'cron.add': mutation({
    input: z
      .object({
        server: z.string().min(1).max(200),
        name: cronName,
        schedule: z
          .string()
          .max(200)
          .superRefine((v, ctx) => {
            try {
              normalizeCronExpr(v)
            } catch (e) {
              ctx.addIssue({ code: 'custom', message: (e as Error).message })
            }
          }),
        script: z.string().min(1).max(1_000_000)
      })
      .strict(),
    output: z.array(cronEntrySchema),
    summary:
      "Add or replace a cron entry in Pier's block of the server's crontab (runs under flock -n).",
    args: ['server', 'name']
  }),
  'cron.remove': mutation({
    input: z.object({ server: z.string().min(1).max(200), name: cronName }).strict(),
    output: z.array(cronEntrySchema),
    summary:
      "Remove a cron entry from Pier's block; the user's own crontab lines stay as they are.",
    args: ['server', 'name']
  }),
  'job.cancel': mutation({
    input: z.object({ server: z.string().min(1).max(200), job: jobId }).strict(),
    output: jobStatusSchema,
    summary: 'Cancel a job: its whole process group ends and its lock is released.',
    args: ['server', 'job']
  }),
  'metrics.enable': mutation({
    input: z
      .object({
        server: serverField,
        interval: z.coerce.number().int().min(2).max(60).optional(),
        retention: z.coerce.number().int().min(1).max(365).optional()
      })
      .strict(),
    output: metricsSettingsSchema,
    summary:
      "Install the metrics collector in the server's cron block: a sample every --interval s (default 10), kept --retention days (default 7).",
    args: ['server']
  }),
  'metrics.disable': mutation({
    input: z.object({ server: serverField }).strict(),
    output: metricsSettingsSchema,
    summary: 'Remove the metrics collector from the server (the history stays).',
    args: ['server']
  }),
  'metrics.settings': query({
    input: z.object({ server: serverField }).strict(),
    output: metricsSettingsSchema,
    summary: 'Whether metrics are on for a server, its interval, retention and last sync.',
    args: ['server']
  }),
  'metrics.sync': mutation({
    input: z.object({ server: serverField }).strict(),
    output: z.custom<SyncResult>(),
    summary: 'Pull the samples this laptop has not seen yet (only new bytes are transferred).',
    args: ['server']
  }),
  'metrics.show': query({
    input: z.object({ server: serverField, since: duration.default(3600) }).strict(),
    output: z.custom<{
      server: string
      synced: boolean
      warning: string | null
      samples: ShownSample[]
    }>(),
    summary:
      'Sync, then print samples from the last --since (15m, 1h, 24h, 7d): time, CPU, memory, disk, network.',
    args: ['server']
  }),
  'metrics.series': query({
    input: z
      .object({
        server: serverField,
        since: duration.default(3600),
        /** The window's end (epoch seconds) for a custom range; now when absent. */
        until: z.number().int().min(0).optional(),
        maxPoints: z.number().int().min(10).max(5000).default(1000)
      })
      .strict(),
    output: z.custom<ChartSeries>(),
    summary: 'Chart lines for a range, each downsampled to at most maxPoints (LTTB).',
    viewerOnly: true
  }),
  'metrics.live': stream({
    input: z
      .object({ server: serverField, every: z.number().int().min(2).max(60).default(2) })
      .strict(),
    output: z.custom<RawSample>(),
    summary: 'A fresh sample every few seconds while a chart is on screen (not stored).',
    viewerOnly: true
  }),
  'alert.add': mutation({
    input: z
      .object({
        server: serverField,
        rule: z.string().min(1).max(200),
        webhook: z.string().min(1).max(2000),
        kind: z.enum(['json', 'ntfy', 'slack', 'discord']).optional(),
        rateLimit: z.coerce.number().int().min(1).max(10_080).optional()
      })
      .strict(),
    output: z.custom<AlertRuleInfo>(),
    summary:
      'Alert from the server itself: --rule "cpu > 90 for 5m" | "mem > 85" | "disk > 90" | "down CONTAINER", --webhook URL (ntfy, Slack, Discord or JSON), at most once per --rate-limit minutes (default 60).',
    args: ['server']
  }),
  'alert.list': query({
    input: z.object({ server: serverField.optional() }).strict(),
    output: z.custom<{ rules: AlertRuleInfo[]; events: AlertEvent[] }>(),
    summary: 'Alert rules, and what the servers reported doing about them (as of the last sync).',
    args: ['server']
  }),
  'alert.remove': mutation({
    input: z.object({ id: z.string().regex(/^[0-9a-f]{8}$/, 'Not an alert rule id.') }).strict(),
    output: z.object({ removed: z.string() }),
    summary: 'Remove an alert rule from its server and forget its webhook.',
    args: ['id']
  }),
  'terminal.open': stream({
    input: z
      .object({
        server: z.string().min(1).max(200),
        cols: z.number().int().min(1).max(1000),
        rows: z.number().int().min(1).max(1000),
        /** A running container on that server: a shell inside it instead of on the server. */
        container: z.string().min(1).max(200).optional()
      })
      .strict(),
    output: z.custom<{ t: 'ready'; info: TerminalInfo } | TerminalEvent>(),
    summary:
      'Open a shell on a server (or in one of its containers): first {t:"ready"}, then output until exit. Cancel to close it.',
    viewerOnly: true
  }),
  'terminal.input': mutation({
    input: z.object({ id: terminalId, data: z.string().min(1).max(1_000_000) }).strict(),
    output: z.object({}),
    summary: 'Send keystrokes or pasted text to a terminal.',
    viewerOnly: true
  }),
  'terminal.resize': mutation({
    input: z
      .object({
        id: terminalId,
        cols: z.number().int().min(1).max(1000),
        rows: z.number().int().min(1).max(1000)
      })
      .strict(),
    output: z.object({}),
    summary: "Resize a terminal's pty.",
    viewerOnly: true
  }),
  'terminal.ack': mutation({
    input: z.object({ id: terminalId, bytes: z.number().int().min(1) }).strict(),
    output: z.object({}),
    summary: 'Tell Pier how many output bytes the viewer has drawn (flow control).',
    viewerOnly: true
  }),
  'server.watch': stream({
    input: empty,
    output: z.array(serverSummary),
    summary: 'Stream the server list: now, then again after every change.'
  }),
  ...dockerContract,
  ...appsContract,
  ...stacksContract,
  ...databasesContract,
  ...proxyContract,
  ...autodeployContract,
  ...clustersContract
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
