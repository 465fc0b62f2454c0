// Runs in: preload (sandboxed; bundled whole, no Node built-ins beyond what the sandbox allows).
// Opens one MessagePort to main and exposes a small typed bridge over it. The page never sees
// ipcRenderer, a channel name, or a way to send arbitrary messages.
import { contextBridge, ipcRenderer } from 'electron'
import { ApiError, createClient } from '../main/api/client'
import { CONNECT_CHANNEL, type ClientMessage, type ServerMessage } from '../main/api/wire'
import type { WireError } from '../main/core/errors'
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
ipcRenderer.postMessage(CONNECT_CHANNEL, null, [channel.port1] as unknown as Transfer)

const client = createClient({
  send: (m: ClientMessage) => port2.postMessage(m),
  onMessage: (fn) => port2.addEventListener('message', (e) => fn(e.data as ServerMessage)),
  onClose: (fn) => port2.addEventListener('close', fn)
})
port2.start()

// Errors cross the bridge as plain {code, message, hint}: class instances lose their fields.
const plain = (err: unknown): WireError =>
  err instanceof ApiError
    ? err.toWire()
    : {
        code: 'internal',
        message: String(err),
        hint: 'Reload the window; if it persists, restart Pier.'
      }

const bridge: PierBridge = {
  platform: process.platform,
  invoke: (method, input) =>
    client.call(method, input).catch((err: unknown) => {
      throw plain(err)
    }),
  subscribe(method, input, onValue, onEnd) {
    const it = client.stream(method, input)
    let cancelled = false
    void (async () => {
      try {
        for await (const v of it) onValue(v)
        if (!cancelled) onEnd(null)
      } catch (err) {
        if (!cancelled) onEnd(plain(err))
      }
    })()
    return () => {
      cancelled = true
      void it.return?.()
    }
  }
}

contextBridge.exposeInMainWorld('pier', bridge)
