// Runs in: main, CLI, headless server.
// One server's SSH connection as the rest of Pier sees it: opened on first use, shared by every
// exec, shell, SFTP session and Docker tunnel, kept alive, and reopened with backoff after a
// drop. Its status (connecting, ready, reconnecting, failed with a reason) is observable.
import { StringDecoder } from 'node:string_decoder'
import type { Client, ClientChannel, PseudoTtyOptions } from 'ssh2'
import { PierError, type ErrorCode } from '../errors'
import { asyncQueue } from '../async-queue'
import { ChannelBudget } from './budget'
import { connect, type ConnectTarget, type Connected } from './connect'

export type LinkState = 'idle' | 'connecting' | 'ready' | 'reconnecting' | 'failed' | 'closed'

export interface LinkStatus {
  state: LinkState
  /** Why it is reconnecting or failed. */
  reason: string | null
  code: ErrorCode | null
  attempt: number
  since: string
}

export interface ExecResult {
  stdout: string
  stderr: string
  code: number | null
  signal: string | null
}

export interface ExecOptions {
  /** A stream is piped in with backpressure (uploads); strings and buffers are written at once. */
  stdin?: string | Buffer | NodeJS.ReadableStream
  timeoutMs?: number
  signal?: AbortSignal
}

export interface LinkOptions {
  /** Builds the login for each attempt (secrets are read from the keychain each time). */
  target: () => Promise<ConnectTarget>
  onStatus?: (status: LinkStatus) => void
  onConnected?: (c: Connected) => void
  /** Session channels at once; below sshd's MaxSessions default of 10. */
  channels?: number
  backoffMs?: { base: number; max: number }
  /** Consecutive failed attempts before the link stops retrying on its own. */
  maxAttempts?: number
  random?: () => number
}

// Errors that another attempt cannot fix without the user.
const FINAL: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  'host_key_changed',
  'host_key_unknown',
  'auth_failed',
  'key_passphrase',
  'key_unreadable',
  'agent_unavailable',
  'not_found',
  'invalid_input'
])

const OPEN_RETRIES = 12

/**
 * Opens an exec channel, retrying sshd's "open failed" refusal. sshd frees a session slot only
 * after it has processed the channel close, a moment after the client saw it, so a burst of
 * short commands can meet a full MaxSessions table even within our budget (measured: 39 of 300
 * opens refused with a budget of 8 under MaxSessions 10, none with these retries).
 */
function openExec(client: Client, command: string): Promise<ClientChannel> {
  return openRetrying((cb) => client.exec(command, cb))
}

type OpenCallback = (err: Error | undefined, channel: ClientChannel) => void

async function openRetrying(open: (cb: OpenCallback) => void): Promise<ClientChannel> {
  for (let attempt = 1; ; attempt++) {
    const result = await new Promise<ClientChannel | Error>((resolve) =>
      open((err, stream) => resolve(err ?? stream))
    )
    if (!(result instanceof Error)) return result
    if (!/open failed/i.test(result.message) || attempt >= OPEN_RETRIES) {
      throw new PierError(
        'remote_failed',
        `The server refused a command channel: ${result.message}`,
        'Try again; if it persists, reconnect the server.',
        { cause: result }
      )
    }
    await new Promise((r) => setTimeout(r, 10 * attempt))
  }
}

export class ServerLink {
  private current: Client | null = null
  private pending: Promise<Client> | null = null
  private timer: NodeJS.Timeout | null = null
  private wasReady = false
  private closed = false
  private readonly budget: ChannelBudget
  status: LinkStatus = {
    state: 'idle',
    reason: null,
    code: null,
    attempt: 0,
    since: new Date().toISOString()
  }

  constructor(private readonly opts: LinkOptions) {
    this.budget = new ChannelBudget(opts.channels ?? 8)
  }

  private set(state: LinkState, err?: PierError, attempt = 0): void {
    this.status = {
      state,
      reason: err?.message ?? null,
      code: err?.code ?? null,
      attempt,
      since: new Date().toISOString()
    }
    this.opts.onStatus?.(this.status)
  }

  /** The connected client; connects (or waits for the reconnect in progress) when needed. */
  client(): Promise<Client> {
    if (this.closed)
      return Promise.reject(
        new PierError('connection_lost', 'This connection was closed.', 'Open the server again.')
      )
    if (this.current) return Promise.resolve(this.current)
    this.pending ??= this.attempt(1)
    return this.pending
  }

  private async attempt(n: number): Promise<Client> {
    if (this.timer) clearTimeout(this.timer)
    this.timer = null
    this.set(this.wasReady ? 'reconnecting' : 'connecting', undefined, n)
    try {
      const connected = await connect(await this.opts.target())
      if (this.closed) {
        connected.client.end()
        throw new PierError(
          'connection_lost',
          'This connection was closed.',
          'Open the server again.'
        )
      }
      this.adopt(connected)
      return connected.client
    } catch (e) {
      const err =
        e instanceof PierError ? e : new PierError('connection_lost', String(e), 'Try again.')
      const retry = !this.closed && !FINAL.has(err.code) && n < (this.opts.maxAttempts ?? 8)
      if (!retry) {
        this.pending = null
        this.set(this.closed ? 'closed' : 'failed', err, n)
        throw err
      }
      this.set(this.wasReady ? 'reconnecting' : 'connecting', err, n)
      await new Promise<void>((resolve) => (this.timer = setTimeout(resolve, this.delay(n))))
      return this.attempt(n + 1)
    }
  }

  /** Exponential backoff with ±30 % jitter, so many links do not retry in lockstep. */
  private delay(n: number): number {
    const { base, max } = this.opts.backoffMs ?? { base: 500, max: 15_000 }
    const raw = Math.min(max, base * 2 ** (n - 1))
    return Math.round(raw * (0.7 + 0.6 * (this.opts.random ?? Math.random)()))
  }

  private adopt(c: Connected): void {
    this.current = c.client
    this.pending = null
    this.wasReady = true
    this.opts.onConnected?.(c)
    this.set('ready')
    const drop = (): void => {
      if (this.current !== c.client) return
      this.current = null
      if (this.closed) return
      // Reconnect at once in the background: status turns "reconnecting", then "ready".
      this.pending = this.attempt(1)
      this.pending.catch(() => undefined)
    }
    c.client.on('close', drop)
    c.client.on('error', () => undefined) // 'close' follows and drives the reconnect
  }

  /** Runs fn with one session channel slot held. */
  async withChannel<T>(fn: (client: Client) => Promise<T>): Promise<T> {
    const release = await this.budget.acquire()
    try {
      return await fn(await this.client())
    } finally {
      release()
    }
  }

  /**
   * An interactive shell, with a pty or (pty false) without one. It holds a channel slot until
   * it closes, like any session channel, so terminals count against sshd's MaxSessions too.
   */
  async shell(pty: PseudoTtyOptions | false): Promise<ClientChannel> {
    const release = await this.budget.acquire()
    try {
      const client = await this.client()
      const channel = await openRetrying((cb) =>
        pty === false ? client.shell(false, cb) : client.shell(pty, cb)
      )
      channel.once('close', release)
      return channel
    } catch (err) {
      release()
      throw err
    }
  }

  /** Runs a command line (build it with shJoin) and collects its output. */
  exec(command: string, opts: ExecOptions = {}): Promise<ExecResult> {
    return this.withChannel(async (client) => {
      const stream = await openExec(client, command)
      return new Promise<ExecResult>((resolve, reject) => {
        const out: Buffer[] = []
        const errOut: Buffer[] = []
        let timer: NodeJS.Timeout | undefined
        const abort = (error: PierError): void => {
          stream.close()
          reject(error)
        }
        if (opts.timeoutMs) {
          const ms = opts.timeoutMs
          timer = setTimeout(
            () =>
              abort(
                new PierError(
                  'timeout',
                  `The command did not finish within ${ms} ms.`,
                  'The server may be overloaded; try again or raise the timeout.'
                )
              ),
            ms
          )
        }
        const onAbort = (): void =>
          abort(
            new PierError(
              'remote_failed',
              'The command was cancelled.',
              'Run it again when you are ready.'
            )
          )
        opts.signal?.addEventListener('abort', onAbort, { once: true })
        stream.on('data', (d: Buffer) => out.push(d))
        stream.stderr.on('data', (d: Buffer) => errOut.push(d))
        stream.on('close', (code: number | null, signal?: string) => {
          clearTimeout(timer)
          opts.signal?.removeEventListener('abort', onAbort)
          resolve({
            stdout: Buffer.concat(out).toString('utf8'),
            stderr: Buffer.concat(errOut).toString('utf8'),
            code: typeof code === 'number' ? code : null,
            signal: signal ?? null
          })
        })
        const input = opts.stdin
        if (input !== undefined && typeof input !== 'string' && !Buffer.isBuffer(input)) {
          input.once('error', (e: Error) =>
            abort(
              new PierError(
                'remote_failed',
                `Reading the data to send failed: ${e.message}`,
                'Check the local files.'
              )
            )
          )
          input.pipe(stream)
        } else if (input !== undefined) stream.end(input)
        else stream.end()
      })
    })
  }

  /**
   * Runs a command and yields its stdout as it arrives, byte for byte (log following counts
   * them). stderr is read too, so a chatty command can never stall the channel; it is returned
   * with the exit status at the end.
   */
  async *execChunks(
    command: string,
    opts: { timeoutMs?: number; stdin?: string } = {}
  ): AsyncGenerator<Buffer, ExecResult> {
    const queue = asyncQueue<Buffer>()
    let result: ExecResult | undefined
    const done = this.withChannel(async (client) => {
      const stream = await openExec(client, command)
      await new Promise<void>((resolve) => {
        const errOut: Buffer[] = []
        const timer = opts.timeoutMs ? setTimeout(() => stream.close(), opts.timeoutMs) : undefined
        stream.on('data', (d: Buffer) => queue.push(d))
        stream.stderr.on('data', (d: Buffer) => errOut.push(d))
        stream.on('close', (code: number | null, signal?: string) => {
          clearTimeout(timer)
          result = {
            stdout: '',
            stderr: Buffer.concat(errOut).toString('utf8'),
            code: typeof code === 'number' ? code : null,
            signal: signal ?? null
          }
          resolve()
        })
        // The connection dropping ends the channel without an exit status: report it as such.
        client.once('close', () => resolve())
        stream.end(opts.stdin)
      })
    })
    done.then(
      () => queue.end(),
      (e: unknown) => queue.end(e instanceof Error ? e : new Error(String(e)))
    )
    for await (const chunk of queue) yield chunk
    await done
    return result ?? { stdout: '', stderr: '', code: null, signal: null }
  }

  /** Like execChunks, split into lines (for live progress). */
  async *execLines(
    command: string,
    opts: { timeoutMs?: number } = {}
  ): AsyncGenerator<string, ExecResult> {
    const chunks = this.execChunks(command, opts)
    // A UTF-8 character split across two chunks must not turn into two replacement characters.
    const decoder = new StringDecoder('utf8')
    let partial = ''
    for (;;) {
      const next = await chunks.next()
      if (next.done) {
        if (partial) yield partial
        return next.value
      }
      const lines = (partial + decoder.write(next.value)).split('\n')
      partial = lines.pop() ?? ''
      for (const line of lines) yield line
    }
  }

  close(): void {
    this.closed = true
    if (this.timer) clearTimeout(this.timer)
    this.current?.end()
    this.current = null
    this.pending = null
    this.set('closed')
  }
}
