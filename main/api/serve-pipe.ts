// Runs in: main, headless server.
// Serves the contract over one message pipe (an Electron MessagePort or a WebSocket). Streams are
// pumped until they end, fail, the caller cancels, or the pipe closes; nothing outlives the pipe.
import type { Handlers, Transport } from './router'
import { dispatchCall, dispatchStream, toWireError } from './dispatch'
import { isClientMessage, type ClientMessage, type Pipe, type ServerMessage } from './wire'

export function servePipe(
  handlers: Handlers,
  pipe: Pipe<unknown, ServerMessage>,
  transport: Transport
): void {
  const streams = new Map<number, AbortController>()
  let closed = false
  const send = (m: ServerMessage): void => {
    if (!closed) pipe.send(m)
  }

  pipe.onClose(() => {
    closed = true
    for (const c of streams.values()) c.abort()
    streams.clear()
  })

  pipe.onMessage((raw) => {
    if (!isClientMessage(raw)) return // not ours: drop without echoing attacker-controlled data
    const msg: ClientMessage = raw
    if (msg.t === 'cancel') {
      streams.get(msg.id)?.abort()
      streams.delete(msg.id)
      return
    }
    const controller = new AbortController()
    const ctx = { transport, signal: controller.signal }
    if (msg.t === 'call') {
      dispatchCall(handlers, msg.method, msg.input, ctx).then(
        (result) => send({ t: 'ok', id: msg.id, result }),
        (err: unknown) => send({ t: 'err', id: msg.id, error: toWireError(err) })
      )
      return
    }
    streams.get(msg.id)?.abort()
    streams.set(msg.id, controller)
    void (async () => {
      try {
        for await (const value of dispatchStream(handlers, msg.method, msg.input, ctx)) {
          if (controller.signal.aborted) break
          send({ t: 'data', id: msg.id, value })
        }
        if (!controller.signal.aborted) send({ t: 'end', id: msg.id })
      } catch (err) {
        if (!controller.signal.aborted) send({ t: 'err', id: msg.id, error: toWireError(err) })
      } finally {
        if (streams.get(msg.id) === controller) streams.delete(msg.id)
      }
    })()
  })
}
