// The viewer's half of terminal flow control (acks summed per frame, sent at once when many
// bytes wait) and the throttle that paces fits on resize.
import { describe, expect, it } from 'vitest'
import { createAckBatcher } from '../../renderer/src/lib/ack-batcher'
import { throttle } from '../../renderer/src/lib/throttle'
import { PUMP_DEFAULTS } from '../../main/core/terminal/output-pump'

/** Manual timers: run() fires whatever is due. */
function clock() {
  let now = 0
  let next = 1
  const timers = new Map<number, { at: number; fn: () => void }>()
  return {
    now: () => now,
    setTimer: (fn: () => void, ms: number) => {
      const id = next++
      timers.set(id, { at: now + ms, fn })
      return id
    },
    clearTimer: (id: unknown) => void timers.delete(id as number),
    advance(ms: number) {
      now += ms
      for (const [id, t] of [...timers].sort((a, b) => a[1].at - b[1].at)) {
        if (t.at <= now) {
          timers.delete(id)
          t.fn()
        }
      }
    },
    pending: () => timers.size
  }
}

describe('ack batcher', () => {
  it('sums acks within a frame into one message', () => {
    const c = clock()
    const sent: number[] = []
    const acks = createAckBatcher((b) => sent.push(b), { ...c, delayMs: 16 })
    acks.add(100)
    acks.add(200)
    acks.add(50)
    expect(sent).toEqual([])
    c.advance(16)
    expect(sent).toEqual([350])
    c.advance(100)
    expect(sent).toEqual([350])
  })

  it('sends at once when a lot is waiting, well under the main side high watermark', () => {
    const c = clock()
    const sent: number[] = []
    const acks = createAckBatcher((b) => sent.push(b), { ...c, maxBytes: 32 * 1024 })
    acks.add(20_000)
    acks.add(20_000)
    expect(sent).toEqual([40_000])
    expect(c.pending()).toBe(0)
    expect(32 * 1024).toBeLessThan(PUMP_DEFAULTS.highWater)
  })

  it('flush sends now; dispose drops what waits and ignores later adds', () => {
    const c = clock()
    const sent: number[] = []
    const acks = createAckBatcher((b) => sent.push(b), c)
    acks.add(10)
    acks.flush()
    expect(sent).toEqual([10])
    acks.flush()
    expect(sent).toEqual([10])
    acks.add(5)
    acks.dispose()
    acks.add(7)
    c.advance(1000)
    expect(sent).toEqual([10])
  })

  it('ignores nonsense byte counts', () => {
    const c = clock()
    const sent: number[] = []
    const acks = createAckBatcher((b) => sent.push(b), c)
    acks.add(0)
    acks.add(-5)
    acks.add(Number.NaN)
    acks.add(2.7)
    c.advance(100)
    expect(sent).toEqual([2])
  })
})

describe('throttle', () => {
  it('runs the first call at once, then at most once per interval, and always the last', () => {
    const c = clock()
    let runs = 0
    const t = throttle(() => runs++, 100, c.now, c.setTimer, c.clearTimer)
    t()
    expect(runs).toBe(1)
    t()
    t()
    expect(runs).toBe(1)
    c.advance(50)
    t()
    expect(runs).toBe(1)
    c.advance(50)
    expect(runs).toBe(2)
    c.advance(500)
    expect(runs).toBe(2)
    t()
    expect(runs).toBe(3)
  })

  it('cancel drops a pending trailing call', () => {
    const c = clock()
    let runs = 0
    const t = throttle(() => runs++, 100, c.now, c.setTimer, c.clearTimer)
    t()
    t()
    t.cancel()
    c.advance(200)
    expect(runs).toBe(1)
  })
})
