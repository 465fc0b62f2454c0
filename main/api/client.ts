// Runs in: preload and renderer (no Node or DOM imports).
// A typed client over a message pipe. Calls return promises; streams are async iterators whose
// `return()` (a `break` in for-await) cancels the stream on the other side.
import type { WireError } from '../core/errors'
import type { CallMethod, InputOf, OutputOf, StreamMethod } from './contract'
import type { ClientMessage, Pipe, ServerMessage } from './wire'

export class ApiError extends Error implements WireError {
  readonly code: WireError['code']
  readonly hint: string
  constructor(e: WireError) {
    super(e.message)
    this.name = 'ApiError'
    this.code = e.code
    this.hint = e.hint
  }
}

export interface ApiClient {
  call<M extends CallMethod>(method: M, input: InputOf<M>): Promise<OutputOf<M>>
  stream<M extends StreamMethod>(method: M, input: InputOf<M>): AsyncIterableIterator<OutputOf<M>>
}

type Pending = { resolve: (v: unknown) => void; reject: (e: Error) => void }
type StreamState = { queue: ServerMessage[]; wake?: () => void }

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
  const streams = new Map<number, StreamState>()

  pipe.onMessage((m) => {
    if (m.t === 'ok' || (m.t === 'err' && calls.has(m.id))) {
      const p = calls.get(m.id)
      calls.delete(m.id)
      if (m.t === 'ok') p?.resolve(m.result)
      else p?.reject(new ApiError(m.error))
      return
    }
    const s = streams.get(m.id)
    if (!s) return
    s.queue.push(m)
    s.wake?.()
  })
  pipe.onClose(() => {
    closed = true
    for (const p of calls.values()) p.reject(closedError())
    calls.clear()
    for (const [id, s] of streams) {
      s.queue.push({ t: 'err', id, error: closedError() })
      s.wake?.()
    }
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
    stream<M extends StreamMethod>(
      method: M,
      input: InputOf<M>
    ): AsyncIterableIterator<OutputOf<M>> {
      const id = next++
      const state: StreamState = { queue: [] }
      streams.set(id, state)
      if (closed) state.queue.push({ t: 'err', id, error: closedError() })
      else pipe.send({ t: 'sub', id, method, input })
      let done = false
      const finish = (): void => {
        done = true
        streams.delete(id)
      }
      const iterator: AsyncIterableIterator<OutputOf<M>> = {
        [Symbol.asyncIterator]() {
          return iterator
        },
        async next() {
          while (!done) {
            const m = state.queue.shift()
            if (!m) {
              await new Promise<void>((r) => (state.wake = r))
              state.wake = undefined
              continue
            }
            if (m.t === 'data') return { value: m.value as OutputOf<M>, done: false }
            finish()
            if (m.t === 'err') throw new ApiError(m.error)
          }
          return { value: undefined, done: true }
        },
        async return() {
          if (!done) {
            finish()
            if (!closed) pipe.send({ t: 'cancel', id })
          }
          return { value: undefined, done: true }
        }
      }
      return iterator
    }
  }
}
