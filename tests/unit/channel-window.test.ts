// The wider receive window of a download channel: grown at once, topped up only when half used,
// never on a closed channel, and a no-op where ssh2's window fields are not there.
import type { Client, ClientChannel } from 'ssh2'
import { describe, expect, it } from 'vitest'
import { BULK_WINDOW, widenWindow } from '../../main/core/ssh/channel-window'

// The two fields of ssh2 1.x this relies on, as plain objects: the real protocol is exercised by
// every pull in the integration tests (databases, volume backups).
function fakes(window: number): {
  client: Client
  ch: ClientChannel
  adjusts: [number, number][]
  state: { incoming: { window: number }; outgoing: { id: number; state: string } }
} {
  const adjusts: [number, number][] = []
  const state = { incoming: { window }, outgoing: { id: 7, state: 'open' } }
  const client = {
    _protocol: { channelWindowAdjust: (id: number, n: number) => adjusts.push([id, n]) }
  } as unknown as Client
  return { client, ch: state as unknown as ClientChannel, adjusts, state }
}

describe('widenWindow', () => {
  it('grows a 2 MiB window to the bulk window at once', () => {
    const f = fakes(2 * 1024 * 1024)
    widenWindow(f.client, f.ch)
    expect(f.adjusts).toEqual([[7, BULK_WINDOW - 2 * 1024 * 1024]])
    expect(f.state.incoming.window).toBe(BULK_WINDOW)
  })

  it('tops up only once half of it is used, and not after the channel closed', () => {
    const f = fakes(BULK_WINDOW)
    const topUp = widenWindow(f.client, f.ch)
    expect(f.adjusts).toEqual([])
    f.state.incoming.window = BULK_WINDOW / 2 + 1
    topUp()
    expect(f.adjusts).toEqual([])
    f.state.incoming.window = 1000
    topUp()
    expect(f.adjusts).toEqual([[7, BULK_WINDOW - 1000]])
    expect(f.state.incoming.window).toBe(BULK_WINDOW)
    f.state.incoming.window = 0
    f.state.outgoing.state = 'closed'
    topUp()
    expect(f.adjusts).toHaveLength(1)
  })

  it('does nothing when the channel has no window fields', () => {
    const f = fakes(0)
    const topUp = widenWindow(f.client, {} as ClientChannel)
    topUp()
    expect(f.adjusts).toEqual([])
  })
})
