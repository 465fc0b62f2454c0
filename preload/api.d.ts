// Runs in: renderer (types only). The shape of the one object the preload exposes.
import type { WireError } from '../main/core/errors'
import type { CallMethod, InputOf, OutputOf, StreamMethod } from '../main/api/contract'

export interface PierBridge {
  readonly platform: string
  invoke<M extends CallMethod>(method: M, input: InputOf<M>): Promise<OutputOf<M>>
  /** Calls onValue for each value; onEnd once with an error or null. Returns a cancel function. */
  subscribe<M extends StreamMethod>(
    method: M,
    input: InputOf<M>,
    onValue: (value: OutputOf<M>) => void,
    onEnd: (error: WireError | null) => void
  ): () => void
}

declare global {
  interface Window {
    pier?: PierBridge
  }
}
