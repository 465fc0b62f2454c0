// Runs in: preload and renderer (no Node or DOM imports).
// A typed client over a message pipe. Calls return promises; streams are async iterators whose
// `return()` (a `break` in for-await) cancels the stream on the other side.
import type { WireError } from '../core/errors'
import { asyncQueue, type AsyncQueue } from '../core/async-queue'
import type { CallMethod, InputOf, OutputOf, StreamMethod } from './contract'
import type { ClientMessage, Pipe, ServerMessage } from './wire'

export class ApiError extends Error implements WireError {
  readonly code: WireError['code']
  readonly hint: string
  readonly details?: Record<string, string>
  constructor(e: WireError) {
    super(e.message)
    this.name = 'ApiError'
    this.code = e.code
    this.hint = e.hint
    this.details = e.details
  }

  toWire(): WireError {
    const { code, message, hint, details } = this
    return details ? { code, message, hint, details } : { code, message, hint }
  }
}

export interface ApiClient {
  call<M extends CallMethod>(method: M, input: InputOf<M>): Promise<OutputOf<M>>
  stream<M extends StreamMethod>(method: M, input: InputOf<M>): AsyncIterableIterator<OutputOf<M>>
}

type Pending = { resolve: (v: unknown) => void; reject: (e: Error) => void }

const closedError = (): ApiError =>
  new ApiError({
    code: 'internal',
    message: 'The connection to Pier closed.',
    hint: 'Reload the window; if it persists, restart Pier.'
  })

export function createClient(pipe: Pipe<ServerMessage, ClientMessage>): ApiClient {
  let next = 1
  let closed = false
  const calls = new Map<number, Pending>()
  const streams = new Map<number, AsyncQueue<unknown>>()

  pipe.onMessage((m) => {
    const call = calls.get(m.id)
    if (call && (m.t === 'ok' || m.t === 'err')) {
      calls.delete(m.id)
      if (m.t === 'ok') call.resolve(m.result)
      else call.reject(new ApiError(m.error))
      return
    }
    const stream = streams.get(m.id)
    if (!stream) return
    if (m.t === 'data') return stream.push(m.value)
    streams.delete(m.id)
    if (m.t === 'err') stream.end(new ApiError(m.error))
    else stream.end()
  })
  pipe.onClose(() => {
    closed = true
    for (const p of calls.values()) p.reject(closedError())
    calls.clear()
    for (const s of streams.values()) s.end(closedError())
    streams.clear()
  })

  return {
    call(method, input) {
      if (closed) return Promise.reject(closedError())
      const id = next++
      return new Promise((resolve, reject) => {
        calls.set(id, { resolve: resolve as (v: unknown) => void, reject })
        pipe.send({ t: 'call', id, method, input })
      })
    },
    stream<M extends StreamMethod>(method: M, input: InputOf<M>) {
      const id = next++
      const queue = asyncQueue<OutputOf<M>>(() => {
        if (streams.delete(id) && !closed) pipe.send({ t: 'cancel', id })
      })
      if (closed) {
        queue.end(closedError())
        return queue
      }
      streams.set(id, queue as AsyncQueue<unknown>)
      pipe.send({ t: 'sub', id, method, input })
      return queue
    }
  }
}
