// Runs in: main, CLI, headless server.
// A larger receive window for one bulk-download channel. ssh2 opens every session channel with a
// 2 MiB window and tops it up by about 1 MiB whenever half is used, so the server never has more
// than 2 MiB in flight and waits whenever a busy event loop is late with the adjust. Measured on
// a 1 GiB stream over the test hosts (a loaded machine): with 16 MiB it arrived in 0.6 of the
// time in two of three interleaved pairs, and cost the process less CPU in all three
// (tests/bench/RESULTS.md). ssh2 1.x has no option for it, so this uses the channel's own window
// fields; where they are missing it does nothing.
import type { Client, ClientChannel } from 'ssh2'

export const BULK_WINDOW = 16 * 1024 * 1024

interface ChannelWindowFields {
  incoming?: { window?: unknown }
  outgoing?: { id?: unknown; state?: unknown }
}
interface ProtocolFields {
  _protocol?: { channelWindowAdjust?: unknown }
}

/**
 * Grows `ch`'s receive window to `bytes` now, and returns the function that tops it up again:
 * call it for each chunk taken, never while the reader is paused (the window is backpressure).
 */
export function widenWindow(
  client: Client,
  ch: ClientChannel,
  bytes: number = BULK_WINDOW
): () => void {
  const c = ch as unknown as ChannelWindowFields
  const protocol = (client as unknown as ProtocolFields)._protocol
  const incoming = c.incoming
  const outgoing = c.outgoing
  const adjust = protocol?.channelWindowAdjust
  if (
    !incoming ||
    !outgoing ||
    typeof incoming.window !== 'number' ||
    typeof outgoing.id !== 'number' ||
    typeof adjust !== 'function'
  )
    return () => undefined
  const topUp = (): void => {
    const window = incoming.window as number
    // Half-used, like ssh2's own rule: one adjust per 8 MiB instead of one per MiB.
    if (outgoing.state !== 'open' || window > bytes / 2) return
    incoming.window = bytes
    adjust.call(protocol, outgoing.id, bytes - window)
  }
  topUp()
  return topUp
}
