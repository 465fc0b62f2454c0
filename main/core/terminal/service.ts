// Runs in: main, CLI, headless server.
// Opens and keeps terminal sessions: server shells over the server's pooled SSH connection (a
// pty with TERM=xterm-256color at the viewer's size). Sessions are addressed by a random id
// that only the API connection that opened them learns.
import { randomBytes } from 'node:crypto'
import type { ClientChannel } from 'ssh2'
import { PierError } from '../errors'
import type { ServersService } from '../servers/service'
import type { SshPool } from '../ssh/pool'
import type { DockerService } from '../docker/service'
import { containerRef } from '../docker/refs'
import { containerBackend } from './container'
import type { PumpOptions } from './output-pump'
import {
  TerminalSession,
  type TerminalBackend,
  type TerminalEvent,
  type TerminalInfo
} from './session'

export interface OpenShell {
  cols: number
  rows: number
  /** false: no pty (a script piping commands into `pier ssh`), output and exit code only. */
  pty?: boolean
  term?: string
}

export function channelBackend(channel: ClientChannel): TerminalBackend {
  let code: number | null = null
  let signal: string | null = null
  channel.on('exit', (c: number | null, s?: string) => {
    code = typeof c === 'number' ? c : null
    signal = s ?? null
  })
  return {
    onData: (listener) => {
      channel.on('data', listener)
      channel.stderr.on('data', listener)
    },
    onEnd: (listener) => channel.once('close', () => listener(code, signal)),
    write: (data) => channel.write(data),
    endInput: () => channel.end(),
    resize: (cols, rows) => channel.setWindow(rows, cols, 0, 0),
    pause: () => channel.pause(),
    resume: () => channel.resume(),
    close: () => channel.close()
  }
}

export class TerminalService {
  private readonly sessions = new Map<string, TerminalSession>()

  constructor(
    private readonly deps: {
      servers: ServersService
      pool: SshPool
      docker: DockerService
      pump?: PumpOptions
    }
  ) {}

  /** A shell inside a running container on the server (bash, else sh), with a TTY. */
  async openContainer(
    server: string,
    container: string,
    opts: { cols: number; rows: number }
  ): Promise<TerminalSession> {
    const s = this.deps.servers.get(server)
    const ref = containerRef.safeParse(container)
    if (!ref.success)
      throw new PierError(
        'invalid_input',
        ref.error.issues[0]?.message ?? 'Not a container name.',
        'Use the name or id `pier docker ps SERVER` shows.'
      )
    const cols = clamp(opts.cols, 1, 1000)
    const rows = clamp(opts.rows, 1, 1000)
    const backend = await containerBackend(this.deps.docker.engines.get(s.name), ref.data, {
      cols,
      rows
    })
    const session = new TerminalSession(
      {
        id: randomBytes(12).toString('hex'),
        server: s.name,
        kind: 'container',
        target: ref.data,
        cols,
        rows,
        openedAt: new Date().toISOString()
      },
      backend,
      this.deps.pump
    )
    this.track(session)
    return session
  }

  async openShell(server: string, opts: OpenShell): Promise<TerminalSession> {
    const s = this.deps.servers.get(server)
    const cols = clamp(opts.cols, 1, 1000)
    const rows = clamp(opts.rows, 1, 1000)
    const channel = await this.deps.pool
      .link(s.id)
      .shell(
        opts.pty === false
          ? false
          : { term: opts.term ?? 'xterm-256color', cols, rows, height: 0, width: 0 }
      )
    const session = new TerminalSession(
      {
        id: randomBytes(12).toString('hex'),
        server: s.name,
        kind: 'shell',
        target: null,
        cols,
        rows,
        openedAt: new Date().toISOString()
      },
      channelBackend(channel),
      this.deps.pump
    )
    this.track(session)
    return session
  }

  /**
   * A shell as one stream for a viewer: {t:'ready'} with the session's id, its output, then its
   * exit. Ending the stream early (the viewer closed the tab or went away) closes the shell.
   */
  async *stream(
    server: string,
    opts: OpenShell & { container?: string },
    signal?: AbortSignal
  ): AsyncGenerator<{ t: 'ready'; info: TerminalInfo } | TerminalEvent> {
    const session = opts.container
      ? await this.openContainer(server, opts.container, opts)
      : await this.openShell(server, opts)
    const close = (): void => session.close()
    signal?.addEventListener('abort', close)
    try {
      yield { t: 'ready', info: { ...session.info } }
      yield* session.events()
    } finally {
      signal?.removeEventListener('abort', close)
      session.close()
    }
  }

  private track(session: TerminalSession): void {
    this.sessions.set(session.info.id, session)
    session.onClosed(() => this.sessions.delete(session.info.id))
  }

  find(id: string): TerminalSession | undefined {
    return this.sessions.get(id)
  }

  get(id: string): TerminalSession {
    const session = this.sessions.get(id)
    if (!session)
      throw new PierError(
        'not_found',
        'This terminal session has ended.',
        'Open a new terminal to the server.'
      )
    return session
  }

  list(): TerminalSession[] {
    return [...this.sessions.values()]
  }

  closeAll(): void {
    for (const s of this.sessions.values()) s.close()
    this.sessions.clear()
  }
}

function clamp(n: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, Math.floor(Number.isFinite(n) ? n : min)))
}
