// Runs in: main, CLI, headless server.
// Pier's entries in a server's crontab: backups, the metrics collector, git polling and cleanup
// run there on schedule whether or not the laptop is awake. All of them live in one block
// between "# BEGIN pier" and "# END pier"; the user's own lines around it are never touched
// (remote-scripts/cron-apply.sh rewrites only the block, under a lock, byte for byte outside it).
// Each entry runs remote-scripts/cron-run.sh, which holds a flock -n per entry and records the
// last run in ~/.pier/cron/NAME/status.json.
import { z } from 'zod'
import { PierError } from '../errors'
import { remoteScript } from '../remote-scripts'
import type { ServersService } from '../servers/service'
import type { SshPool } from '../ssh/pool'
import { CronExprError, normalizeCronExpr } from './cron-expr'
import { cronName, type CronEntry } from './cron-schema'
import { runRemote } from './remote-run'

export interface CronInstall {
  name: string
  schedule: string
  /** The POSIX sh script the entry runs (uploaded as a file, never put in the crontab line). */
  script: string
}

const BEGIN = '# BEGIN pier'
const END = '# END pier'
const NOTE = '# Managed by Pier: this block is rewritten by the app. Scripts: ~/.pier/cron/NAME/'
const RUNNER = 'sh "$HOME/.pier/cron/run.sh"'
// What Pier writes, and so the only entry shape it reads back.
const LINE =
  /^(@[a-z]+|\S+ \S+ \S+ \S+ \S+) sh "\$HOME\/\.pier\/cron\/run\.sh" ([a-z0-9][a-z0-9-]*)$/

const WRITE_SCRIPT =
  'umask 077 && mkdir -p "$HOME/.pier/cron/$1" && cat > "$HOME/.pier/cron/$1/script.new" && mv -f "$HOME/.pier/cron/$1/script.new" "$HOME/.pier/cron/$1/script"'
const WRITE_RUNNER =
  'umask 077 && mkdir -p "$HOME/.pier/cron" && cat > "$HOME/.pier/cron/run.sh.new" && mv -f "$HOME/.pier/cron/run.sh.new" "$HOME/.pier/cron/run.sh"'
const REMOVE_DIR = 'rm -rf "$HOME/.pier/cron/$1"'

/** The crontab block for these entries: sorted by name, so the same set gives the same bytes. */
export function cronBlock(entries: readonly { name: string; schedule: string }[]): string {
  if (entries.length === 0) return ''
  const lines = [...entries]
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((e) => `${normalizeCronExpr(e.schedule)} ${RUNNER} ${cronName.parse(e.name)}`)
  return [BEGIN, NOTE, ...lines, END, ''].join('\n')
}

const statusLine = z.object({
  name: z.string(),
  running: z.boolean(),
  startedAt: z.number().int().nullable(),
  endedAt: z.number().int().nullable(),
  exitCode: z.number().int().nullable(),
  durationSec: z.number().int().nullable(),
  runs: z.number().int()
})
const skippedLine = z.object({ name: z.string(), skipped: z.number().int() })
const blockLine = z.object({ line: z.string() })

/** Reads cron-list.sh's output; throws on anything cut off or malformed. */
export function parseCronList(output: string): CronEntry[] {
  const schedules = new Map<string, string>()
  const status = new Map<string, z.infer<typeof statusLine>>()
  const skipped = new Map<string, number>()
  let done = false
  for (const raw of output.split('\n')) {
    if (raw.trim() === '') continue
    const json: unknown = JSON.parse(raw)
    if ((json as { done?: unknown }).done === true) {
      done = true
      continue
    }
    const line = blockLine.safeParse(json)
    if (line.success) {
      const m = LINE.exec(line.data.line)
      if (m?.[1] && m[2]) schedules.set(m[2], m[1])
      continue
    }
    const s = statusLine.safeParse(json)
    if (s.success) {
      status.set(s.data.name, s.data)
      continue
    }
    const k = skippedLine.safeParse(json)
    if (k.success) skipped.set(k.data.name, k.data.skipped)
  }
  if (!done) throw new Error('the cron list was cut off')
  return [...schedules.entries()]
    .map(([name, schedule]): CronEntry => {
      const s = status.get(name)
      return {
        name,
        schedule,
        running: s?.running ?? false,
        lastStartedAt: s?.startedAt ?? null,
        lastEndedAt: s?.endedAt ?? null,
        lastExitCode: s?.exitCode ?? null,
        lastDurationSec: s?.durationSec ?? null,
        runs: s?.runs ?? 0,
        skipped: skipped.get(name) ?? 0
      }
    })
    .sort((a, b) => a.name.localeCompare(b.name))
}

export class CronService {
  constructor(private readonly deps: { servers: ServersService; pool: SshPool }) {}

  private async run(server: string, script: string, argv: string[], stdin?: string) {
    const link = this.deps.pool.link(this.deps.servers.get(server).id)
    return runRemote(link, server, script, argv, {
      stdin,
      what: 'Changing the crontab',
      hint: 'Check that the user may use crontab (cron.allow / cron.deny) and write to ~/.pier.'
    })
  }

  async list(server: string): Promise<CronEntry[]> {
    const { stdout } = await this.run(server, remoteScript('cron-list.sh'), [])
    try {
      return parseCronList(stdout)
    } catch (err) {
      throw new PierError(
        'remote_failed',
        `The cron list from ${server} is unreadable: ${(err as Error).message}`,
        'Run it again; if it persists, look at `crontab -l` on the server.'
      )
    }
  }

  /** Adds an entry or replaces the one with this name (schedule and script). Idempotent. */
  async install(server: string, entry: CronInstall): Promise<CronEntry[]> {
    const name = cronName.parse(entry.name)
    let schedule: string
    try {
      schedule = normalizeCronExpr(entry.schedule)
    } catch (err) {
      if (err instanceof CronExprError)
        throw new PierError('invalid_input', err.message, 'Use five fields like "*/15 * * * *".')
      throw err
    }
    const current = await this.list(server)
    await this.run(server, WRITE_RUNNER, [], remoteScript('cron-run.sh'))
    await this.run(server, WRITE_SCRIPT, [name], entry.script)
    const next = [...current.filter((e) => e.name !== name), { name, schedule }]
    await this.apply(server, cronBlock(next))
    return this.list(server)
  }

  /** Removes an entry and its folder; removing one that is not there is not an error. */
  async remove(server: string, name: string): Promise<CronEntry[]> {
    const valid = cronName.parse(name)
    const current = await this.list(server)
    await this.apply(server, cronBlock(current.filter((e) => e.name !== valid)))
    await this.run(server, REMOVE_DIR, [valid])
    return this.list(server)
  }

  private async apply(server: string, block: string): Promise<void> {
    try {
      await this.run(server, remoteScript('cron-apply.sh'), [], block)
    } catch (err) {
      if (err instanceof PierError && err.details?.exitCode === '3')
        throw new PierError(
          'remote_failed',
          `Pier's block in the crontab on ${server} is damaged, so Pier left the crontab alone.`,
          'Run `crontab -e` on the server and remove the lines from "# BEGIN pier" to "# END pier" (or the lone marker), then try again.'
        )
      throw err
    }
  }
}
