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
  const calls = new Set<AbortController>()
  let closed = false
  const send = (m: ServerMessage): void => {
    if (!closed) pipe.send(m)
  }

  pipe.onClose(() => {
    closed = true
    for (const c of [...streams.values(), ...calls]) c.abort()
    streams.clear()
    calls.clear()
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
      calls.add(controller)
      dispatchCall(handlers, msg.method, msg.input, ctx)
        .then(
          (result) => send({ t: 'ok', id: msg.id, result }),
          (err: unknown) => send({ t: 'err', id: msg.id, error: toWireError(err) })
        )
        .finally(() => calls.delete(controller))
      return
    }
    streams.get(msg.id)?.abort()
    streams.set(msg.id, controller)
    void (async () => {
      let it: AsyncIterator<unknown> | undefined
      // On cancel or a closed pipe, end the handler's iterator at once: a handler waiting on a
      // remote stream must let go of it now, not when its next value happens to arrive.
      const stop = (): void => void it?.return?.()
      controller.signal.addEventListener('abort', stop)
      try {
        it = dispatchStream(handlers, msg.method, msg.input, ctx)[Symbol.asyncIterator]()
        for (;;) {
          const r = await it.next()
          if (r.done || controller.signal.aborted) break
          send({ t: 'data', id: msg.id, value: r.value })
        }
        if (!controller.signal.aborted) send({ t: 'end', id: msg.id })
      } catch (err) {
        if (!controller.signal.aborted) send({ t: 'err', id: msg.id, error: toWireError(err) })
      } finally {
        controller.signal.removeEventListener('abort', stop)
        if (streams.get(msg.id) === controller) streams.delete(msg.id)
      }
    })()
  })
}
