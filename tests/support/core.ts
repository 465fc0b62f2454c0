// Test helper: a real core on a throwaway PIER_HOME, plus an in-memory pipe pair so the API
// client and server can talk without a transport.
import { afterEach } from 'vitest'
import { createCore, type Core } from '../../main/core/core'
import type { Pipe } from '../../main/api/wire'
import { tmpDir } from './tmp'

const cores: Core[] = []
afterEach(() => {
  for (const c of cores.splice(0)) c.close()
})

export function testCore(): Core {
  const core = createCore({ home: tmpDir('pier-home-') })
  cores.push(core)
  return core
}

/** Two connected pipe ends; messages are structured-cloned like MessagePort does. */
export function pipePair<A, B>(): { a: Pipe<B, A>; b: Pipe<A, B>; close(): void } {
  const listeners = { a: [] as Array<(m: B) => void>, b: [] as Array<(m: A) => void> }
  const closers: Array<() => void> = []
  let open = true
  return {
    a: {
      send: (m) => open && queueMicrotask(() => listeners.b.forEach((l) => l(structuredClone(m)))),
      onMessage: (fn) => listeners.a.push(fn),
      onClose: (fn) => closers.push(fn)
    },
    b: {
      send: (m) => open && queueMicrotask(() => listeners.a.forEach((l) => l(structuredClone(m)))),
      onMessage: (fn) => listeners.b.push(fn),
      onClose: (fn) => closers.push(fn)
    },
    close() {
      open = false
      closers.forEach((c) => c())
    }
  }
}
