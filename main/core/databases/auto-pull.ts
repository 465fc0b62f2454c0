// Runs in: main, headless server (the app's processes; a one-shot CLI command never auto-pulls).
// "Pull new backups automatically when Pier connects": when a server's connection comes up, and
// every few minutes while it stays up (cron may finish a backup meanwhile), the databases on it
// with auto-pull on get their new good backups copied into the local library.
import type { SshPool } from '../ssh/pool'
import type { BackupsService } from './backups'

export interface AutoPullDeps {
  backups: BackupsService
  pool: SshPool
  /** The servers with at least one auto-pull database (asked on every tick). */
  servers: () => string[]
  onError?: (serverId: string, err: unknown) => void
  onPulled?: (serverId: string, paths: string[]) => void
}

export class AutoPull {
  private started = false
  private timer: NodeJS.Timeout | null = null
  /** One pass per server at a time; a connect during a pass asks for one more after it. */
  private readonly running = new Map<string, Promise<void>>()
  private readonly again = new Set<string>()
  private readonly abort = new AbortController()

  constructor(private readonly deps: AutoPullDeps) {}

  start(everyMs = 10 * 60_000): void {
    if (this.started) return
    this.started = true
    const tick = (): void => {
      for (const id of this.deps.servers())
        if (this.deps.pool.status(id)?.state === 'ready') this.connected(id)
    }
    tick()
    this.timer = setInterval(tick, everyMs)
    this.timer.unref()
  }

  stop(): void {
    this.started = false
    if (this.timer) clearInterval(this.timer)
    this.timer = null
    this.abort.abort()
  }

  /** The pool's onConnected: a pass for this server if any of its databases wants one. */
  connected(serverId: string): void {
    if (!this.started || !this.deps.servers().includes(serverId)) return
    if (this.running.has(serverId)) {
      this.again.add(serverId)
      return
    }
    const pass = (async () => {
      try {
        const paths = await this.deps.backups.autoPull(serverId, this.abort.signal)
        if (paths.length) this.deps.onPulled?.(serverId, paths)
      } catch (err) {
        this.deps.onError?.(serverId, err)
      } finally {
        this.running.delete(serverId)
        if (this.again.delete(serverId)) this.connected(serverId)
      }
    })()
    this.running.set(serverId, pass)
  }

  /** Resolves when the passes in flight have ended (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.running.size) await Promise.all([...this.running.values()])
  }
}
