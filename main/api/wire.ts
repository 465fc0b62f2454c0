// Runs in: main, preload and renderer (no Node or DOM imports).
// The message protocol shared by the MessagePort (Electron) and WebSocket (`pier serve`)
// transports. One request id per call or stream; a stream ends with `end` or `err`, and the
// caller may `cancel` it at any time.
import type { WireError } from '../core/errors'

export type ClientMessage =
  | { t: 'call'; id: number; method: string; input: unknown }
  | { t: 'sub'; id: number; method: string; input: unknown }
  | { t: 'cancel'; id: number }

export type ServerMessage =
  | { t: 'ok'; id: number; result: unknown }
  | { t: 'err'; id: number; error: WireError }
  | { t: 'data'; id: number; value: unknown }
  | { t: 'end'; id: number }

/** A bidirectional message pipe: a MessagePort, a WebSocket, or an in-memory pair in tests. */
export interface Pipe<In, Out> {
  send(message: Out): void
  onMessage(listener: (message: In) => void): void
  onClose(listener: () => void): void
}

export function isClientMessage(value: unknown): value is ClientMessage {
  if (typeof value !== 'object' || value === null) return false
  const m = value as Record<string, unknown>
  if (typeof m.id !== 'number' || !Number.isSafeInteger(m.id)) return false
  if (m.t === 'cancel') return true
  return (m.t === 'call' || m.t === 'sub') && typeof m.method === 'string'
}

/** The one IPC channel: the preload sends its MessagePort to main on it, nothing else. */
export const CONNECT_CHANNEL = 'pier:connect'
