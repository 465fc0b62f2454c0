// Runs in: main, CLI, headless server.
// Durable jobs: the server does the work under ~/.pier/jobs/<id>/, detached from the SSH session,
// and the laptop starts, lists, follows and cancels it. Following resumes from the last byte
// received after a dropped connection, so the local copy of a log equals the server's.
import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import { StringDecoder } from 'node:string_decoder'
import { PierError } from '../errors'
import type { EventBus } from '../events'
import { remoteScript } from '../remote-scripts'
import type { ServersService } from '../servers/service'
import type { SshPool } from '../ssh/pool'
import { shJoin } from '../ssh/quote'
import { jobId, lockKey, secretName, type JobRecord, type JobStatus } from './model'
import { runRemote } from './remote-run'
import type { JobRepository, JobRow } from './repository'
import { JobListError, parseJobList } from './status'

export interface StartJob {
  /** The POSIX sh script the job runs. */
  script: string
  /** Its arguments, passed as data (base64 lines in a file), never through a shell. */
  args?: readonly string[]
  /** Jobs with the same key run one after the other (e.g. one per app). */
  key: string
  timeoutSec?: number
  /** A human name for lists and notifications ("Deploy web"). */
  title?: string
  /**
   * Secret values by name: uploaded through stdin as 0600 files in the job's secrets/ folder
   * (the script finds it in $PIER_SECRETS) and removed when the job ends.
   */
  secrets?: Readonly<Record<string, string>>
}

export interface LogChunk {
  data: string
  /** Byte offset after this chunk; follow again from here after a reconnect. */
  offset: number
}

/** Writes stdin to a file in the job folder; the folder and file are private to the user. */
const WRITE_FILE =
  'umask 077 && mkdir -p "$HOME/.pier/jobs/$1/secrets" && cat > "$HOME/.pier/jobs/$1/$2"'
// Detached from the SSH session that starts it. Under a systemd user manager the job becomes its
// own transient unit, so a logind that kills a user's processes at logout (KillUserProcesses=yes)
// leaves it alone; elsewhere setsid + nohup is enough. Either way the runner leads its own
// process group, which is what cancel signals.
const LAUNCH = [
  'cd "$HOME" && run="$HOME/.pier/jobs/$1/run.sh"',
  'if command -v systemd-run >/dev/null 2>&1 && systemctl --user show-environment >/dev/null 2>&1 &&',
  '  systemd-run --user --collect --quiet --same-dir --unit "pier-job-$1" sh "$run" "$1" "$2" "$3" </dev/null >/dev/null 2>&1',
  'then echo started-systemd',
  'else setsid nohup sh "$run" "$1" "$2" "$3" </dev/null >/dev/null 2>&1 & echo started',
  'fi'
].join('\n')
const CANCEL = 'pid=$(cat "$HOME/.pier/jobs/$1/pid") && kill -TERM "-$pid"'

export function newJobId(now = new Date()): string {
  const stamp = now
    .toISOString()
    .replace(/[-:TZ.]/g, '')
    .slice(0, 14)
  return `${stamp}-${randomBytes(3).toString('hex')}`
}

export interface JobsDeps {
  servers: ServersService
  pool: SshPool
  repo: JobRepository
  bus: EventBus
  /** Bytes of a job's log already copied to this laptop (see JobTracker). */
  localBytes?: (serverId: string, id: string) => number
  /** Where the tracker keeps this laptop's copy of a job's log. */
  localLog?: (serverId: string, id: string) => string
}

// The server cannot be reached; a local copy of the log is better than nothing then.
const UNREACHABLE = new Set([
  'connection_refused',
  'host_unreachable',
  'dns_failed',
  'timeout',
  'connection_lost'
])

export class JobsService {
  constructor(private readonly deps: JobsDeps) {}

  private link(server: string) {
    return this.deps.pool.link(this.deps.servers.get(server).id)
  }

  private record(row: JobRow): JobRecord {
    const { notified: _notified, ...rest } = row
    return {
      ...rest,
      server: this.deps.servers.get(row.serverId).name,
      localBytes: this.deps.localBytes?.(row.serverId, row.id) ?? 0
    }
  }

  /** Jobs this laptop knows of (newest first), from SQLite: no server is asked. */
  history(server?: string): JobRecord[] {
    const serverId = server === undefined ? null : this.deps.servers.get(server).id
    return this.deps.repo.list(serverId).map((r) => this.record(r))
  }

  /** Takes a server's report of its jobs into SQLite; true when any row changed. */
  sync(serverId: string, jobs: readonly JobStatus[]): boolean {
    let changed = false
    for (const job of jobs) changed = this.deps.repo.upsert(serverId, job) || changed
    if (changed) this.deps.bus.changed('jobs')
    return changed
  }

  private async run(
    server: string,
    script: string,
    argv: string[],
    stdin?: string
  ): Promise<string> {
    const r = await runRemote(this.link(server), server, script, argv, {
      stdin,
      what: 'A job command',
      hint: 'Check that the user can write to ~/.pier on the server.'
    })
    return r.stdout
  }

  async start(server: string, job: StartJob): Promise<{ id: string }> {
    const key = lockKey.parse(job.key)
    const timeout = Math.max(0, Math.floor(job.timeoutSec ?? 0))
    const secrets = Object.entries(job.secrets ?? {}).map(
      ([name, value]) => [secretName.parse(name), value] as const
    )
    const serverId = this.deps.servers.get(server).id
    const id = newJobId()
    const args = (job.args ?? [])
      .map((a) => Buffer.from(a, 'utf8').toString('base64') + '\n')
      .join('')
    await this.run(server, WRITE_FILE, [id, 'script'], job.script)
    await this.run(server, WRITE_FILE, [id, 'args'], args)
    for (const [name, value] of secrets) {
      await this.run(server, WRITE_FILE, [id, `secrets/${name}`], value)
    }
    await this.run(server, WRITE_FILE, [id, 'run.sh'], remoteScript('job-run.sh'))
    await this.run(server, LAUNCH, [id, key, String(timeout)])
    this.deps.repo.insertStarted(serverId, { id, key, title: job.title ?? null })
    this.deps.bus.changed('jobs')
    return { id }
  }

  /** Removes the server's folders of jobs that ended more than `days` days ago. */
  async prune(server: string, days: number): Promise<{ removed: string[] }> {
    const whole = Math.max(0, Math.floor(days))
    const out = await this.run(server, remoteScript('job-prune.sh'), [String(whole)])
    return { removed: out.split('\n').filter((id) => jobId.safeParse(id).success) }
  }

  /** The server's jobs as it reports them now; SQLite is brought up to date on the way. */
  async list(server: string): Promise<JobStatus[]> {
    const out = await this.run(server, remoteScript('job-list.sh'), [])
    try {
      const jobs = parseJobList(out)
      this.sync(this.deps.servers.get(server).id, jobs)
      return jobs
    } catch (err) {
      if (err instanceof JobListError)
        throw new PierError(
          'remote_failed',
          `The job list from ${server} is unreadable: ${err.message}`,
          'Run it again; if it persists, look at ~/.pier/jobs on the server.'
        )
      throw err
    }
  }

  async status(server: string, id: string): Promise<JobStatus> {
    const job = (await this.list(server)).find((j) => j.id === jobId.parse(id))
    if (!job)
      throw new PierError(
        'not_found',
        `There is no job ${id} on ${server}.`,
        'See `pier job list SERVER` for its jobs.'
      )
    return job
  }

  async cancel(server: string, id: string): Promise<JobStatus> {
    await this.status(server, id)
    await this.run(server, CANCEL, [jobId.parse(id)])
    // The runner records "cancelled" as its group ends; give it a moment to do so.
    for (let i = 0; i < 50; i++) {
      const job = await this.status(server, id)
      if (job.state !== 'running' && job.state !== 'queued') return job
      await new Promise((r) => setTimeout(r, 100))
    }
    return this.status(server, id)
  }

  /** The job's log as text; a character split across two chunks is kept whole. */
  async *logs(
    server: string,
    id: string,
    opts: { offset?: number; follow?: boolean } = {}
  ): AsyncGenerator<LogChunk> {
    const decoder = new StringDecoder('utf8')
    let offset = opts.offset ?? 0
    let received = false
    try {
      for await (const chunk of this.logBytes(server, id, opts)) {
        received = true
        offset = chunk.offset
        const data = decoder.write(chunk.bytes)
        if (data) yield { data, offset }
      }
    } catch (err) {
      const local = this.localCopy(server, id)
      if (received || !local || !(err instanceof PierError) || !UNREACHABLE.has(err.code)) throw err
      // Offline: what this laptop copied while it could still reach the server.
      const bytes = fs.readFileSync(local).subarray(offset)
      offset += bytes.length
      const data = decoder.write(bytes)
      if (data) yield { data, offset }
    }
    const rest = decoder.end()
    if (rest) yield { data: rest, offset }
  }

  private localCopy(server: string, id: string): string | null {
    const path = this.deps.localLog?.(this.deps.servers.get(server).id, jobId.parse(id))
    return path && fs.existsSync(path) ? path : null
  }

  /**
   * The job's log bytes from `offset`, following them until the job ends. A dropped connection
   * is waited out (the link reconnects by itself) and following resumes at the last byte
   * received, so the bytes received equal the server's log exactly.
   */
  async *logBytes(
    server: string,
    id: string,
    opts: { offset?: number; follow?: boolean } = {}
  ): AsyncGenerator<{ bytes: Buffer; offset: number }> {
    const job = jobId.parse(id)
    let offset = Math.max(0, Math.floor(opts.offset ?? 0))
    const link = this.link(server)
    const script = remoteScript('job-follow.sh')
    for (let attempt = 0; ; attempt++) {
      const command = !opts.follow
        ? shJoin([
            'sh',
            '-c',
            'tail -c +"$(($2 + 1))" "$HOME/.pier/jobs/$1/log"',
            'pier',
            job,
            String(offset)
          ])
        : shJoin(['sh', '-c', script, 'job-follow.sh', job, String(offset)])
      const chunks = link.execChunks(command)
      let result
      try {
        for (;;) {
          const next = await chunks.next()
          if (next.done) {
            result = next.value
            break
          }
          offset += next.value.length
          yield { bytes: next.value, offset }
        }
      } catch (err) {
        if (!(err instanceof PierError) || attempt > 100) throw err
        result = null
      }
      if (result?.code === 0) return
      if (result?.code === 4) {
        throw new PierError(
          'not_found',
          `There is no job ${id} on ${server}.`,
          'It may have been pruned; see `pier job list SERVER`.'
        )
      }
      if (result?.code === 3) {
        throw new PierError(
          'remote_failed',
          `Job ${id} stopped without finishing: its process is gone.`,
          'The server may have rebooted; start the job again.'
        )
      }
      // No exit status: the connection dropped mid-follow. Wait for the link, then resume.
      await link.client()
    }
  }
}
