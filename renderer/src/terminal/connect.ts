// Runs in: renderer.
// One session in one tab: opens `terminal.open` at the terminal's size, writes output into
// xterm and acknowledges it once xterm has processed it (write callbacks, batched), sends
// keystrokes and resizes, and reports ready / ended / failed to the tab store. Returns the
// function that ends it (the tab closed, or Restart replaced it).
import type { IDisposable } from '@xterm/xterm'
import type { ApiClient } from '../../../main/api/client'
import { createAckBatcher } from '../lib/ack-batcher'
import type { UiError } from '../lib/errors'
import type { TerminalKind, TerminalTarget } from '../stores/terminals'
import type { XtermHost } from './xterm-host'

export interface SessionEvents {
  ready(sessionId: string): void
  ended(code: number | null, signal: string | null): void
  failed(error: UiError, opened: boolean): void
}

export interface SessionHandle {
  /** Types into the session, as if from the keyboard (snippets, paste). */
  input(data: string): void
  close(): void
}

export function connectSession(opts: {
  api: Pick<ApiClient, 'call' | 'stream'>
  describeError: (err: unknown) => UiError
  host: XtermHost
  kind: TerminalKind
  target: TerminalTarget
  events: SessionEvents
}): SessionHandle {
  const { api, host, events } = opts
  const term = host.term
  let id: string | null = null
  let stopped = false
  const subs: IDisposable[] = []
  // Anything typed before the shell is ready is kept and sent first, in order.
  const early: string[] = []

  const input = (data: string): void => {
    if (stopped) return
    if (!id) {
      early.push(data)
      return
    }
    // A session that just ended answers not_found; the banner already says so.
    api.call('terminal.input', { id, data }).catch(() => undefined)
  }

  const acks = createAckBatcher((bytes) => {
    if (id) api.call('terminal.ack', { id, bytes }).catch(() => undefined)
  })

  host.fit()
  // One stream for both kinds: with a container, main opens a Docker exec instead of a shell.
  const stream = api.stream('terminal.open', {
    server: opts.target.server,
    cols: term.cols,
    rows: term.rows,
    ...(opts.target.container ? { container: opts.target.container } : {})
  })

  subs.push(
    term.onData((data) => input(data)),
    term.onBinary((data) => input(data)),
    term.onResize(({ cols, rows }) => {
      if (id && !stopped) api.call('terminal.resize', { id, cols, rows }).catch(() => undefined)
    })
  )

  void (async () => {
    let opened = false
    try {
      for await (const e of stream) {
        if (stopped) break
        if (e.t === 'ready') {
          opened = true
          id = e.info.id
          events.ready(id)
          // The element may have changed size while the shell was opening.
          if (e.info.cols !== term.cols || e.info.rows !== term.rows)
            api
              .call('terminal.resize', { id, cols: term.cols, rows: term.rows })
              .catch(() => undefined)
          for (const data of early.splice(0)) input(data)
        } else if (e.t === 'out') {
          const bytes = e.bytes
          term.write(e.data, () => acks.add(bytes))
        } else {
          // Whatever is still being parsed is acknowledged when it is done; say so now.
          acks.flush()
          events.ended(e.code, e.signal)
        }
      }
    } catch (err) {
      if (!stopped) events.failed(opts.describeError(err), opened)
    } finally {
      acks.dispose()
    }
  })()

  return {
    input,
    close() {
      if (stopped) return
      stopped = true
      subs.forEach((s) => s.dispose())
      acks.dispose()
      void stream.return?.(undefined)
    }
  }
}
