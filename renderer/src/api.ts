// Runs in: renderer.
// The typed API for the UI. In Electron it goes through the preload's bridge; under `pier serve`
// (a browser, or the e2e tests) it opens a WebSocket to the same router. Components and stores
// only ever see `api.call` and `api.stream`.
import { asyncQueue } from '../../main/core/async-queue'
import { ApiError, createClient, type ApiClient } from '../../main/api/client'
import type { CallMethod, InputOf, OutputOf, StreamMethod } from '../../main/api/contract'
import type { ClientMessage, ServerMessage } from '../../main/api/wire'
import type { WireError } from '../../main/core/errors'

export { ApiError }
export type { WireError }

function bridgeClient(bridge: NonNullable<Window['pier']>): ApiClient {
  return {
    call: <M extends CallMethod>(method: M, input: InputOf<M>) =>
      bridge.invoke(method, input).catch((e: WireError) => {
        throw new ApiError(e)
      }) as Promise<OutputOf<M>>,
    stream<M extends StreamMethod>(method: M, input: InputOf<M>) {
      let cancel = (): void => undefined
      const queue = asyncQueue<OutputOf<M>>(() => cancel())
      cancel = bridge.subscribe(
        method,
        input,
        (value) => queue.push(value),
        (end) => queue.end(end ? new ApiError(end) : undefined)
      )
      return queue
    }
  }
}

function socketClient(): ApiClient {
  const proto = location.protocol === 'https:' ? 'wss:' : 'ws:'
  const ws = new WebSocket(`${proto}//${location.host}/api`)
  const outbox: ClientMessage[] = []
  ws.addEventListener('open', () => {
    for (const m of outbox.splice(0)) ws.send(JSON.stringify(m))
  })
  return createClient({
    send: (m) => (ws.readyState === WebSocket.OPEN ? ws.send(JSON.stringify(m)) : outbox.push(m)),
    onMessage: (fn) =>
      ws.addEventListener('message', (e) => fn(JSON.parse(String(e.data)) as ServerMessage)),
    onClose: (fn) => ws.addEventListener('close', fn)
  })
}

export const api: ApiClient = window.pier ? bridgeClient(window.pier) : socketClient()

/** The message and hint of any error, for display. */
export function describeError(err: unknown): { message: string; hint: string } {
  if (err instanceof ApiError) return { message: err.message, hint: err.hint }
  return { message: err instanceof Error ? err.message : String(err), hint: '' }
}
