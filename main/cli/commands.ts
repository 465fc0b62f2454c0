// Runs in: CLI.
// Maps CLI words to contract methods ("server list" → "server.list") and gives some methods a
// nicer human rendering. Every contract method is reachable; nothing here adds behaviour.
import { z } from 'zod'
import { contract, type Method, type OutputOf } from '../api/contract'
import type { LogLine } from '../core/docker/model'
import { human, table } from './format'
import type { CronEntry } from '../core/jobs/cron-schema'
import { dockerRenderers } from './render-docker'
import { appRenderers } from './render-apps'
import { stackRenderers } from './render-stacks'
import { databaseRenderers } from './render-databases'
import { proxyRenderers } from './render-proxy'
import { clusterRenderers } from './render-clusters'

const camel = (word: string): string =>
  word.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase())

/** Commands of three words: "backup volume run" is backup.volumeRun. */
const GROUPS = new Set(['backup volume'])

/** How many words name the command. */
export function commandLength(words: readonly string[]): number {
  return words.length >= 3 && GROUPS.has(`${words[0]} ${words[1]}`) ? 3 : 2
}

/** "server trust-key …" → "server.trustKey", "backup volume run …" → "backup.volumeRun"; the
 * words after those are positional. */
export function methodFor(words: readonly string[]): Method | undefined {
  if (words.length < 2) return undefined
  const name =
    commandLength(words) === 3
      ? `${words[0]}.${camel(`${words[1]}-${words[2]}`)}`
      : `${words[0]}.${camel(words[1] ?? '')}`
  if (!Object.prototype.hasOwnProperty.call(contract, name)) return undefined
  return isViewerOnly(name as Method) ? undefined : (name as Method)
}

const kebab = (field: string): string => field.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)

function unwrap(t: z.ZodType): z.ZodType {
  let inner = t
  while (
    inner instanceof z.ZodOptional ||
    inner instanceof z.ZodDefault ||
    inner instanceof z.ZodNullable
  ) {
    inner = inner.unwrap() as z.ZodType
  }
  return inner
}

export interface CommandSpec {
  /** Accepted --flags (kebab-case). Secrets appear only as --NAME-stdin. */
  names: string[]
  booleans: Set<string>
  /** Positional words, in order, and the input fields they fill. */
  args: readonly string[]
  /** How many of them must be given: trailing optional fields may be left out. */
  requiredArgs: number
  /** --NAME-stdin flag → the secret input field it fills from standard input. */
  stdin: Map<string, string>
  /** Flags that may be given more than once (array fields). */
  repeatable: Set<string>
  /** `--secret K` names whose values are read from stdin or a prompt into `values`. */
  secretValues?: { names: string; values: string }
}

/** What a command accepts on the command line, read from its contract definition. */
export function flagsOf(method: Method): CommandSpec {
  const def = contract[method] as {
    input: z.ZodType
    args?: readonly string[]
    secrets?: readonly string[]
    secretValues?: { names: string; values: string }
  }
  const shape =
    def.input instanceof z.ZodObject ? (def.input.shape as Record<string, z.ZodType>) : {}
  const args = def.args ?? []
  const secrets = def.secrets ?? []
  const stdin = new Map(secrets.map((f) => [`${kebab(f)}-stdin`, f]))
  const fields = Object.keys(shape).filter(
    (f) => !args.includes(f) && !secrets.includes(f) && f !== def.secretValues?.values
  )
  const booleans = new Set([
    ...fields.filter((f) => unwrap(shape[f] as z.ZodType) instanceof z.ZodBoolean).map(kebab),
    ...stdin.keys()
  ])
  const repeatable = new Set(
    fields.filter((f) => unwrap(shape[f] as z.ZodType) instanceof z.ZodArray).map(kebab)
  )
  let requiredArgs = args.length
  while (requiredArgs > 0 && shape[args[requiredArgs - 1] as string]?.isOptional()) requiredArgs--
  return {
    names: [...fields.map(kebab), ...stdin.keys()],
    booleans,
    args,
    requiredArgs,
    stdin,
    repeatable,
    secretValues: def.secretValues
  }
}

/** Every boolean flag of any command, so argv can be split before the command is known. */
export function isBooleanFlag(name: string): boolean {
  return (Object.keys(contract) as Method[]).some((m) => flagsOf(m).booleans.has(name))
}

/** Every repeatable flag of any command. */
export function isRepeatableFlag(name: string): boolean {
  return (Object.keys(contract) as Method[]).some((m) => flagsOf(m).repeatable.has(name))
}

/** Methods that only make sense with a live viewer attached (terminal input, acks). */
export function isViewerOnly(method: Method): boolean {
  return (contract[method] as { viewerOnly?: boolean }).viewerOnly === true
}

export function commandName(method: Method): string {
  const name = method.replace('.', ' ').replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)
  for (const g of GROUPS) if (name.startsWith(`${g}-`)) return `${g} ${name.slice(g.length + 1)}`
  return name
}

const renderers: Partial<{ [M in Method]: (out: OutputOf<M>) => string }> = {
  'server.list': (servers) =>
    servers.length === 0
      ? 'No servers yet. Add one in the app (Servers), then it shows up here.'
      : table(
          servers.map((s) => ({ ...s, address: `${s.username}@${s.host}:${s.port}` })),
          [
            ['name', 'NAME'],
            ['address', 'ADDRESS'],
            ['authMethod', 'AUTH'],
            ['hostKeyFingerprint', 'HOST KEY']
          ]
        ),
  'snippet.list': (snippets) =>
    snippets.length === 0
      ? 'No snippets yet.'
      : table(
          snippets.map((s) => ({
            ...s,
            scope: s.server ?? 'global',
            // One line per snippet: the first line of the command, marked when there is more.
            text: s.command.split('\n')[0] + (s.command.includes('\n') ? ' …' : '')
          })),
          [
            ['id', 'ID'],
            ['name', 'NAME'],
            ['scope', 'SERVER'],
            ['text', 'COMMAND']
          ]
        ),
  'snippet.save': (s) => `Saved snippet ${s.name} (${s.id}) for ${s.server ?? 'every server'}.`,
  'snippet.remove': (s) => `Deleted snippet ${s.name}.`,
  'server.add': (a) =>
    `Added ${a.server.name} (${a.server.username}@${a.server.host}:${a.server.port}).\n` +
    `Host key: ${a.hostKey.keyType} ${a.hostKey.fingerprint}` +
    (a.installedKey
      ? "\nPier's own key is now in the server's ~/.ssh/authorized_keys; the password was not kept."
      : ''),
  'server.remove': (s) =>
    `Removed ${s.name}.` +
    (s.keyRemovedFromServer === true
      ? " Pier's key was taken off the server."
      : s.keyRemovedFromServer === false
        ? " Pier's key was not on the server."
        : ''),
  'server.importSshConfig': (r) =>
    [
      r.imported.length
        ? `Imported ${r.imported.length}: ${r.imported.map((s) => `${s.name} (${s.user}@${s.host}:${s.port}${s.pinnedKeys ? ', host key from known_hosts' : ', host key not yet verified'})`).join(', ')}`
        : 'Imported nothing.',
      ...r.skipped.map((s) => `skipped ${s.alias}: ${s.reason}`),
      ...r.warnings.map((w) => `warning: ${w}`)
    ].join('\n'),
  'server.update': (s) => `Updated ${s.name} (${s.username}@${s.host}:${s.port}, ${s.authMethod}).`,
  'server.trustKey': (s) => `${s.name} now trusts ${s.hostKeyType} ${s.hostKeyFingerprint}.`,
  'server.check': (c) =>
    [
      `${c.server}: ${c.os} (${c.arch}), Docker ${c.docker.version ?? 'not found'}, Swarm ${c.swarm.state}`,
      ...c.readiness.map(
        (i) =>
          `${i.status === 'ok' ? ' ok ' : i.status === 'warn' ? 'warn' : 'FAIL'}  ${i.label}: ${i.detail}${i.fix ? `\n      fix: ${i.fix}` : ''}`
      )
    ].join('\n'),
  'server.setupDocker': (e) =>
    e.kind === 'done'
      ? e.changed
        ? 'Done: the server changed.'
        : 'Done: nothing needed changing.'
      : `${e.status.padEnd(5)} ${e.step}: ${e.detail}`,
  'job.list': (jobs) =>
    jobs.length === 0
      ? 'No jobs on this server yet.'
      : table(
          jobs.map((j) => ({
            ...j,
            queued: new Date(j.queuedAt * 1000).toISOString().replace('.000Z', 'Z'),
            took: j.startedAt && j.endedAt ? `${j.endedAt - j.startedAt}s` : '-',
            exit: j.exitCode
          })),
          [
            ['id', 'ID'],
            ['key', 'KEY'],
            ['state', 'STATE'],
            ['queued', 'QUEUED'],
            ['took', 'TOOK'],
            ['exit', 'EXIT'],
            ['reason', 'REASON']
          ]
        ),
  'job.cancel': (j) => `Job ${j.id}: ${j.state}.`,
  'job.start': (j) => j.id,
  'alert.add': (r) =>
    `Alert ${r.id} on ${r.server}: ${r.rule} → ${r.kind} webhook at ${r.webhookHost}, at most every ${r.rateLimitMin} min.`,
  'alert.remove': (r) => `Removed alert ${r.removed}.`,
  'alert.list': (r) =>
    [
      r.rules.length === 0
        ? 'No alert rules.'
        : table(
            r.rules.map((x) => ({ ...x, every: `${x.rateLimitMin} min` })),
            [
              ['id', 'ID'],
              ['server', 'SERVER'],
              ['rule', 'RULE'],
              ['kind', 'WEBHOOK'],
              ['webhookHost', 'HOST'],
              ['every', 'AT MOST EVERY']
            ]
          ),
      r.events.length === 0
        ? ''
        : '\nRecent:\n' +
          table(
            r.events.slice(0, 20).map((e) => ({
              ...e,
              time: new Date(e.t * 1000).toISOString().replace('.000Z', 'Z'),
              result: e.delivered ? 'delivered' : `not delivered: ${e.error ?? ''}`
            })),
            [
              ['time', 'TIME'],
              ['server', 'SERVER'],
              ['ruleId', 'RULE'],
              ['metric', 'METRIC'],
              ['value', 'VALUE'],
              ['result', 'RESULT']
            ]
          )
    ].join('\n'),
  'metrics.enable': (m) => metricsLine(m),
  'metrics.disable': (m) => metricsLine(m),
  'metrics.settings': (m) => metricsLine(m),
  'metrics.sync': (r) => `${r.server}: ${r.samples} new samples (${r.bytes} bytes).`,
  'metrics.show': (r) =>
    [
      r.warning ? `warning: ${r.warning}` : null,
      r.samples.length === 0
        ? `No samples from ${r.server} in that range. Is the collector on? (pier metrics enable ${r.server})`
        : table(
            r.samples.map((x) => ({
              time: new Date(x.t * 1000).toISOString().replace('.000Z', 'Z'),
              cpu: x.cpu === null ? '-' : `${x.cpu.toFixed(1)}%`,
              load: x.load1 === null ? '-' : x.load1.toFixed(2),
              mem: pct(x.mem.used, x.mem.total),
              disk: pct(x.disk.used, x.disk.total),
              net: `${bytes(x.net.rx)}/s in, ${bytes(x.net.tx)}/s out`
            })),
            [
              ['time', 'TIME'],
              ['cpu', 'CPU'],
              ['load', 'LOAD'],
              ['mem', 'MEM'],
              ['disk', 'DISK'],
              ['net', 'NET']
            ]
          )
    ]
      .filter((l) => l !== null)
      .join('\n'),
  'cron.list': (entries) => cronTable(entries),
  'cron.add': (entries) => cronTable(entries),
  'cron.remove': (entries) => cronTable(entries),
  'job.prune': (r) =>
    r.removed.length === 0
      ? 'Nothing to prune.'
      : `Removed ${r.removed.length}: ${r.removed.join(' ')}`,
  'job.history': (jobs) =>
    jobs.length === 0
      ? 'No jobs yet.'
      : table(
          jobs.map((j) => ({
            ...j,
            title: j.title ?? '',
            queued: new Date(j.queuedAt * 1000).toISOString().replace('.000Z', 'Z'),
            state: j.state === 'running' && j.progress !== null ? `running ${j.progress}%` : j.state
          })),
          [
            ['server', 'SERVER'],
            ['id', 'ID'],
            ['title', 'TITLE'],
            ['state', 'STATE'],
            ['queued', 'QUEUED'],
            ['reason', 'REASON']
          ]
        ),
  'server.ping': (p) => `${p.state}, ${p.latencyMs} ms`,
  'system.keychain': (k) => (k.available ? k.message : `${k.message}\nhint: ${k.hint ?? ''}`),
  ...dockerRenderers,
  ...appRenderers,
  ...stackRenderers,
  ...databaseRenderers,
  ...proxyRenderers,
  ...clusterRenderers
}

function metricsLine(m: {
  server: string
  enabled: boolean
  intervalSec: number
  retentionDays: number
  lastSyncAt: number | null
}): string {
  return m.enabled
    ? `${m.server}: collecting every ${m.intervalSec}s, kept ${m.retentionDays} days on the server${m.lastSyncAt ? `; last synced ${new Date(m.lastSyncAt * 1000).toISOString()}` : ''}.`
    : `${m.server}: metrics are off.`
}

function pct(used: number | null, total: number | null): string {
  if (used === null || !total) return '-'
  return `${((100 * used) / total).toFixed(0)}% of ${bytes(total)}`
}

function bytes(n: number | null): string {
  if (n === null) return '-'
  const units = ['B', 'KB', 'MB', 'GB', 'TB']
  let v = n
  let i = 0
  while (v >= 1000 && i < units.length - 1) {
    v /= 1000
    i++
  }
  return `${v >= 10 || i === 0 ? v.toFixed(0) : v.toFixed(1)} ${units[i]}`
}

function cronTable(entries: CronEntry[]): string {
  if (entries.length === 0) return 'No Pier cron entries on this server.'
  return table(
    entries.map((e) => ({
      ...e,
      last: e.running
        ? 'running now'
        : e.lastEndedAt === null
          ? 'never'
          : new Date(e.lastEndedAt * 1000).toISOString().replace('.000Z', 'Z'),
      exit: e.lastExitCode,
      took: e.lastDurationSec === null ? '-' : `${e.lastDurationSec}s`
    })),
    [
      ['name', 'NAME'],
      ['schedule', 'SCHEDULE'],
      ['last', 'LAST RUN'],
      ['exit', 'EXIT'],
      ['took', 'TOOK'],
      ['runs', 'RUNS'],
      ['skipped', 'SKIPPED']
    ]
  )
}

/** Raw output of a stream value: text for stdout and for stderr, printed as it is. */
export interface RawOutput {
  stdout?: string
  stderr?: string
}

/**
 * Streams whose values are printed as they are, with nothing added (a log is its own text). A
 * container's stderr lines go to stderr, as `docker logs` does.
 */
export const RAW_STREAMS: ReadonlyMap<Method, (value: unknown) => RawOutput> = new Map<
  Method,
  (value: unknown) => RawOutput
>([
  ['job.logs', (v) => ({ stdout: (v as { data: string }).data })],
  ['docker.logs', logLine],
  ['docker.serviceLogs', logLine],
  ['app.logs', logLine],
  ['stack.logs', logLine]
])

function logLine(v: unknown): RawOutput {
  const l = v as LogLine
  const text = `${l.ts ? `${l.ts} ` : ''}${l.line}\n`
  return l.stream === 'stderr' ? { stderr: text } : { stdout: text }
}

export function renderHuman(method: Method, output: unknown): string {
  const r = renderers[method] as ((o: unknown) => string) | undefined
  return r ? r(output) : human(output)
}

/** " APP [DOMAIN]": the positional words, optional ones in brackets. */
export function argsUsage(spec: Pick<CommandSpec, 'args' | 'requiredArgs'>): string {
  return spec.args
    .map((a, i) => (i < spec.requiredArgs ? ` ${a.toUpperCase()}` : ` [${a.toUpperCase()}]`))
    .join('')
}

export function helpText(version: string): string {
  const rows = (Object.keys(contract) as Method[])
    .filter((m) => !isViewerOnly(m))
    .map((m) => ({
      cmd: `pier ${commandName(m)}${argsUsage(flagsOf(m))}`,
      what: contract[m].summary + (contract[m].kind === 'stream' ? ' (streams until Ctrl-C)' : '')
    }))
  rows.push({
    cmd: 'pier ssh SERVER',
    what: "A shell on the server in this terminal (or run stdin's commands; exits with their status)."
  })
  rows.push({
    cmd: 'pier serve [--port N]',
    what: 'Serve the Pier UI and API on 127.0.0.1 (prints a URL with a token).'
  })
  return [
    `pier ${version}: your servers, from your laptop.`,
    '',
    'Usage: pier <command> [options]',
    '',
    table(rows, [
      ['cmd', 'COMMAND'],
      ['what', 'WHAT IT DOES']
    ]),
    '',
    'Options for every command:',
    '  --json         machine-readable output (errors too, as {"error":{code,message,hint}})',
    '  --home DIR     data folder (default: $PIER_HOME, else the per-user app data folder)',
    '  --help         this text',
    '  --version      the Pier version'
  ].join('\n')
}
