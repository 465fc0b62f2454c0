// The terminal output pump: batches, never lets unacknowledged output pass the high watermark,
// pauses and resumes its source, and never splits a UTF-8 character.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { OutputPump, type OutputChunk } from '../../main/core/terminal/output-pump'

function setup(opts = {}) {
  const source = { paused: false, pause: vi.fn(), resume: vi.fn() }
  source.pause.mockImplementation(() => (source.paused = true))
  source.resume.mockImplementation(() => (source.paused = false))
  const out: OutputChunk[] = []
  const pump = new OutputPump(source, (c) => out.push(c), {
    batchMs: 16,
    batchBytes: 1000,
    highWater: 2500,
    lowWater: 500,
    ...opts
  })
  return { source, out, pump }
}

beforeEach(() => vi.useFakeTimers())
afterEach(() => vi.useRealTimers())

describe('OutputPump', () => {
  it('sends interactive output on the next turn, and batches a flood per interval', () => {
    const { out, pump } = setup({ batchBytes: 64 * 1024, highWater: 1_000_000 })
    pump.push(Buffer.from('ab'))
    pump.push(Buffer.from('cd'))
    expect(out).toEqual([])
    // Next turn of the event loop: a keystroke's echo is not held back for a batch.
    vi.advanceTimersByTime(1)
    expect(out).toEqual([{ data: 'abcd', bytes: 4 }])
    pump.push(Buffer.from('e'))
    vi.advanceTimersByTime(1)
    expect(out.at(-1)).toEqual({ data: 'e', bytes: 1 })
    // A flood: once this interval carried 4 KiB, the rest waits for the interval's end.
    pump.push(Buffer.alloc(5000, 0x78))
    vi.advanceTimersByTime(1)
    expect(out).toHaveLength(3)
    pump.push(Buffer.from('yz'))
    vi.advanceTimersByTime(5)
    expect(out).toHaveLength(3)
    vi.advanceTimersByTime(16)
    expect(out.at(-1)).toEqual({ data: 'yz', bytes: 2 })
  })

  it('flushes a full batch at once, and holds what passes the high watermark until acked', () => {
    const { source, out, pump } = setup()
    for (let i = 0; i < 10; i++) pump.push(Buffer.alloc(1000, 0x61))
    vi.advanceTimersByTime(100)
    const sent = () => out.reduce((n, c) => n + c.bytes, 0)
    expect(sent()).toBe(2500)
    expect(pump.unacknowledged).toBe(2500)
    expect(source.pause).toHaveBeenCalled()
    expect(source.paused).toBe(true)
    // Acks make room; the rest follows, never more than the watermark outstanding.
    while (sent() < 10_000) {
      pump.ack(out.at(-1)!.bytes)
      pump.ack(pump.unacknowledged)
      vi.advanceTimersByTime(20)
      expect(pump.unacknowledged).toBeLessThanOrEqual(2500)
    }
    expect(pump.peakUnacked).toBe(2500)
    pump.ack(pump.unacknowledged)
    expect(source.paused).toBe(false)
    expect(out.map((c) => c.data).join('')).toBe('a'.repeat(10_000))
  })

  it('never splits a multi-byte character, even when a batch boundary cuts through it', () => {
    const { out, pump } = setup({ batchBytes: 7, highWater: 1_000_000 })
    const text = 'ü✓🚀'.repeat(50)
    const bytes = Buffer.from(text)
    for (let i = 0; i < bytes.length; i += 3) pump.push(bytes.subarray(i, i + 3))
    pump.end()
    vi.advanceTimersByTime(1000)
    expect(out.map((c) => c.data).join('')).toBe(text)
    expect(out.reduce((n, c) => n + c.bytes, 0)).toBe(bytes.length)
    expect(out.every((c) => !c.data.includes('\ufffd'))).toBe(true)
  })

  it('drains after end only once every byte is out', async () => {
    const { out, pump } = setup()
    for (let i = 0; i < 4; i++) pump.push(Buffer.alloc(1000, 0x62))
    pump.end()
    let drained = false
    void pump.drained().then(() => (drained = true))
    await vi.advanceTimersByTimeAsync(50)
    expect(drained).toBe(false)
    pump.ack(2500)
    await vi.advanceTimersByTimeAsync(50)
    expect(drained).toBe(true)
    expect(out.reduce((n, c) => n + c.bytes, 0)).toBe(4000)
  })
})
