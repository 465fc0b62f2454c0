import { describe, expect, it } from 'vitest'
import { asyncQueue } from '../../main/core/async-queue'

describe('asyncQueue', () => {
  it('delivers pushed values in order, then ends', async () => {
    const q = asyncQueue<number>()
    q.push(1)
    q.push(2)
    q.end()
    const seen: number[] = []
    for await (const v of q) seen.push(v)
    expect(seen).toEqual([1, 2])
  })

  it('ends with the error it was given', async () => {
    const q = asyncQueue<number>()
    q.push(1)
    q.end(new Error('gone'))
    await expect(q.next()).resolves.toEqual({ value: 1, done: false })
    await expect(q.next()).rejects.toThrow('gone')
  })

  it('return() wakes a consumer that is waiting, and calls onReturn once', async () => {
    let returned = 0
    const q = asyncQueue<number>(() => returned++)
    const pending = q.next()
    await q.return?.()
    await q.return?.()
    await expect(pending).resolves.toEqual({ value: undefined, done: true })
    q.push(3)
    await expect(q.next()).resolves.toEqual({ value: undefined, done: true })
    expect(returned).toBe(1)
  })
})
