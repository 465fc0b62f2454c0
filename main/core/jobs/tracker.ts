// Runs in: main and the headless server (long-lived processes; the CLI never tracks).
// Keeps this laptop's copy of every unfinished job: follows its log into a local file and its
// status into SQLite until it ends, and picks the work up again after a reconnect or a restart.
// The local file's size is the resume offset, so a crash between two writes loses nothing and
// repeats nothing: the next follow asks the server for exactly the bytes the file lacks.
import fs from 'node:fs'
import path from 'node:path'
import { PierError } from '../errors'
import type { EventBus } from '../events'
import type { ServersService } from '../servers/service'
import { TERMINAL } from './model'
import type { JobRepository, JobRow } from './repository'
import type { JobsService } from './service'

export interface JobFinished {
  serverId: string
  server: string
  job: JobRow
}

export interface TrackerOptions {
  /** Where local log copies live: <dir>/<server id>/<job id>.log */
  dir: string
  jobs: JobsService
  repo: JobRepository
  servers: ServersService
  bus: EventBus
  /** How often SQLite is re-read for jobs started elsewhere (the CLI) and statuses refreshed. */
  intervalMs?: number
  /** A job this Pier started has ended (once per job, across restarts). */
  onFinished?: (f: JobFinished) => void
  /** Days after which ended jobs' folders are removed from a server; 0 keeps them forever. */
  pruneAfterDays?: number
}

export class JobTracker {
  private readonly following = new Set<string>()
  private readonly pruned = new Set<string>()
  private timer: NodeJS.Timeout | null = null
  private stopped = false
  private ticking: Promise<void> | null = null

  constructor(private readonly opts: TrackerOptions) {}

  logPath(serverId: string, id: string): string {
    return path.join(this.opts.dir, serverId, `${id}.log`)
  }

  localBytes(serverId: string, id: string): number {
    try {
      return fs.statSync(this.logPath(serverId, id)).size
    } catch {
      return 0
    }
  }

  start(): void {
    if (this.timer) return
    this.stopped = false
    void this.tick()
    this.timer = setInterval(() => void this.tick(), this.opts.intervalMs ?? 2000)
    this.timer.unref()
  }

  stop(): void {
    this.stopped = true
    if (this.timer) clearInterval(this.timer)
    this.timer = null
  }

  /** One pass: follow every unfinished job not yet followed, refresh their statuses. */
  tick(): Promise<void> {
    this.ticking ??= this.pass().finally(() => (this.ticking = null))
    return this.ticking
  }

  private async pass(): Promise<void> {
    const active = this.opts.repo.active()
    for (const job of active) this.follow(job)
    // Statuses (step, progress, queued → running) of servers with unfinished jobs.
    const serverIds = new Set(active.map((j) => j.serverId))
    await Promise.all(
      [...serverIds].map(async (serverId) => {
        try {
          await this.opts.jobs.list(serverId)
        } catch {
          // Unreachable for now: the follow loop waits for the link; the next pass tries again.
        }
        await this.prune(serverId)
      })
    )
  }

  private async prune(serverId: string): Promise<void> {
    const days = this.opts.pruneAfterDays ?? 14
    if (days <= 0 || this.pruned.has(serverId)) return
    this.pruned.add(serverId)
    try {
      await this.opts.jobs.prune(serverId, days)
    } catch {
      this.pruned.delete(serverId)
    }
  }

  private follow(job: JobRow): void {
    const key = `${job.serverId}/${job.id}`
    if (this.following.has(key) || this.stopped) return
    this.following.add(key)
    void this.copyLog(job)
      .catch(() => undefined)
      .finally(() => this.following.delete(key))
  }

  private async copyLog(job: JobRow): Promise<void> {
    const file = this.logPath(job.serverId, job.id)
    fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 })
    const fd = fs.openSync(file, 'a', 0o600)
    let gone: PierError | null = null
    try {
      const offset = fs.fstatSync(fd).size
      for await (const chunk of this.opts.jobs.logBytes(job.serverId, job.id, {
        offset,
        follow: true
      })) {
        fs.writeSync(fd, chunk.bytes)
        this.opts.bus.changed('jobs')
        if (this.stopped) return
      }
    } catch (err) {
      // The job's process vanished: the status pass below records it as failed.
      if (!(err instanceof PierError) || err.code !== 'remote_failed') throw err
      gone = err
    } finally {
      fs.closeSync(fd)
    }
    const now = await this.opts.jobs.list(job.serverId).then(
      (jobs) => jobs.find((j) => j.id === job.id),
      () => undefined
    )
    if (!now && gone) {
      this.opts.repo.upsert(job.serverId, {
        ...job,
        state: 'failed',
        reason: gone.message
      })
      this.opts.bus.changed('jobs')
    }
    this.announce(job.serverId, job.id)
  }

  private announce(serverId: string, id: string): void {
    const row = this.opts.repo.get(serverId, id)
    if (!row || !TERMINAL.has(row.state)) return
    if (!this.opts.repo.claimNotification(serverId, id)) return
    const server = this.opts.servers.get(serverId).name
    this.opts.onFinished?.({ serverId, server, job: row })
  }
}
