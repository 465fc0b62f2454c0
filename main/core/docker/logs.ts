// Runs in: main, CLI, headless server.
// Container and swarm service logs as lines: tail, since/until, timestamps, stdout and stderr
// kept apart. Following survives a reconnect: the engine is asked for timestamps, and after a
// dropped link following resumes from the last line received, without repeating it.
import type { Readable } from 'node:stream'
import { PierError } from '../errors'
import type { Engine } from './engines'
import { LogDecoder, sinceParam, timeParam, tsAfter, tsParts, type LogLine } from './log-lines'

export interface LogOptions {
  follow?: boolean
  /** Lines from the end; default all. */
  tail?: number
  since?: string
  until?: string
  /** Put the engine's timestamp on each line (field `ts`). */
  timestamps?: boolean
  signal?: AbortSignal
}

type Kind = 'container' | 'service'

function time(value: string | undefined, field: string): string | undefined {
  if (value === undefined) return undefined
  const t = timeParam(value)
  if (t === null)
    throw new PierError(
      'invalid_input',
      `--${field} "${value.slice(0, 40)}" is not a time.`,
      'Use unix seconds, a date like 2024-05-01T12:00:00Z, or a duration like 10m, 2h or 1d.'
    )
  return t
}

async function isTty(engine: Engine, kind: Kind, ref: string): Promise<boolean> {
  if (kind === 'container') {
    const info = (await engine.call(
      (d) => d.getContainer(ref).inspect(),
      `container "${ref}"`
    )) as { Config?: { Tty?: boolean } }
    return info.Config?.Tty ?? false
  }
  const info = (await engine.call((d) => d.getService(ref).inspect(), `service "${ref}"`)) as {
    Spec?: { TaskTemplate?: { ContainerSpec?: { TTY?: boolean } } }
  }
  return info.Spec?.TaskTemplate?.ContainerSpec?.TTY ?? false
}

export async function* readLogs(
  engine: Engine,
  kind: Kind,
  ref: string,
  opts: LogOptions = {}
): AsyncGenerator<LogLine> {
  const what = `${kind} "${ref}"`
  const since = time(opts.since, 'since')
  const until = time(opts.until, 'until')
  const tty = await isTty(engine, kind, ref)
  let last: [number, number] | null = null
  for (let attempt = 0; ; attempt++) {
    if (opts.signal?.aborted) return
    const params = {
      stdout: true,
      stderr: true,
      follow: opts.follow ?? false,
      timestamps: true,
      // After a reconnect the tail was already shown: continue from the last line instead.
      ...(last
        ? { since: sinceParam(last) }
        : { tail: opts.tail ?? 'all', ...(since ? { since } : {}) }),
      ...(until ? { until } : {}),
      ...(opts.signal ? { abortSignal: opts.signal } : {})
    }
    const decoder = new LogDecoder(tty, true)
    const emit = function* (lines: LogLine[]): Generator<LogLine> {
      for (const l of lines) {
        const parts = l.ts ? tsParts(l.ts) : null
        if (parts && last && !tsAfter(parts, last)) continue
        if (parts) last = parts
        yield opts.timestamps ? l : { stream: l.stream, line: l.line }
      }
    }
    let body: Buffer | Readable
    try {
      body = (await engine.call(
        (d) =>
          (kind === 'container'
            ? (d.getContainer(ref).logs(params as never) as unknown)
            : (d.getService(ref).logs(params as never) as unknown)) as Promise<unknown>,
        what
      )) as Buffer | Readable
    } catch (err) {
      if (opts.signal?.aborted) return
      if (!(
        opts.follow &&
        attempt > 0 &&
        err instanceof PierError &&
        err.code === 'connection_lost'
      ))
        throw err
      await new Promise((r) => setTimeout(r, 500))
      continue
    }
    if (Buffer.isBuffer(body)) {
      yield* emit([...decoder.push(body), ...decoder.end()])
      return
    }
    const stream = body
    let dropped = false
    try {
      try {
        for await (const chunk of stream as AsyncIterable<Buffer>) yield* emit(decoder.push(chunk))
      } catch {
        // The channel closed under the response: the link dropped, or the caller aborted.
        dropped = true
      }
      yield* emit(decoder.end())
      // Without an error and without a proper end, the response was cut off all the same.
      if (!stream.readableEnded) dropped = true
    } finally {
      stream.destroy()
    }
    if (!opts.follow || !dropped || opts.signal?.aborted) return
    // The link dropped mid-follow: wait for it to come back, then resume after the last line.
    if (!(await stillThere(engine, kind, ref))) return
  }
}

/** After a drop: is the followed object still there? (waits for the reconnect, up to a limit) */
async function stillThere(engine: Engine, kind: Kind, ref: string): Promise<boolean> {
  for (let i = 0; i < 120; i++) {
    try {
      await isTty(engine, kind, ref)
      return true
    } catch (err) {
      if (err instanceof PierError && err.code === 'not_found') return false
      await new Promise((r) => setTimeout(r, 500))
    }
  }
  return false
}
