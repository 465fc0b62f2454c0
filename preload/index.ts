// Runs in: preload (sandboxed; bundled whole, no Node built-ins beyond what the sandbox allows).
// Opens one MessagePort to main and exposes a small typed bridge over it. The page never sees
// ipcRenderer, a channel name, or a way to send arbitrary messages.
import { contextBridge, ipcRenderer } from 'electron'
import { ApiError, createClient } from '../main/api/client'
import type { ClientMessage, ServerMessage } from '../main/api/wire'
import type { PierBridge } from './api'

// The preload runs in a DOM context, but is type-checked with the node-side config: describe
// the slice of the DOM MessagePort it uses rather than pulling DOM types into main.
interface DomPort {
  postMessage(message: unknown): void
  start(): void
  addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void
  addEventListener(type: 'close', listener: () => void): void
}
const channel = new MessageChannel() as unknown as { port1: DomPort; port2: DomPort }
const { port2 } = channel
type Transfer = Parameters<typeof ipcRenderer.postMessage>[2]
ipcRenderer.postMessage('pier:connect', null, [channel.port1] as unknown as Transfer)

const client = createClient({
  send: (m: ClientMessage) => port2.postMessage(m),
  onMessage: (fn) => port2.addEventListener('message', (e) => fn(e.data as ServerMessage)),
  onClose: (fn) => port2.addEventListener('close', fn)
})
port2.start()

// Errors are re-thrown as plain objects: class instances lose their fields crossing the bridge.
const plain = (err: unknown): never => {
  if (err instanceof ApiError) throw { code: err.code, message: err.message, hint: err.hint }
  throw err
}

const bridge: PierBridge = {
  platform: process.platform,
  invoke: (method, input) => client.call(method, input).catch(plain),
  subscribe(method, input, onValue, onEnd) {
    const it = client.stream(method, input)
    let cancelled = false
    void (async () => {
      try {
        for await (const v of it) {
          if (cancelled) break
          onValue(v)
        }
        if (!cancelled) onEnd(null)
      } catch (err) {
        if (!cancelled) {
          const e =
            err instanceof ApiError
              ? err
              : new ApiError({ code: 'internal', message: String(err), hint: '' })
          onEnd({ code: e.code, message: e.message, hint: e.hint })
        }
      }
    })()
    return () => {
      cancelled = true
      void it.return?.()
    }
  }
}

contextBridge.exposeInMainWorld('pier', bridge)
