import { describe, expect, it } from 'vitest'
import { hostKeyAlgorithms, judgeHostKey, type PresentedKey } from '../../main/core/ssh/host-key'
import { ChannelBudget } from '../../main/core/ssh/budget'

const key = (keyType: string, fingerprint: string): PresentedKey => ({
  keyType,
  fingerprint,
  blob: ''
})

describe('judgeHostKey', () => {
  const pinned = [{ keyType: 'ssh-ed25519', fingerprint: 'SHA256:aaa' }]

  it('trusts only the accepted key of the same type', () => {
    expect(judgeHostKey(key('ssh-ed25519', 'SHA256:aaa'), pinned).kind).toBe('match')
  })

  it('calls a different key of a known type changed, naming both', () => {
    const v = judgeHostKey(key('ssh-ed25519', 'SHA256:bbb'), pinned)
    expect(v).toMatchObject({
      kind: 'changed',
      pinned: { fingerprint: 'SHA256:aaa' },
      presented: { fingerprint: 'SHA256:bbb' }
    })
  })

  it('calls a new key type on a known host unknown, not changed', () => {
    expect(judgeHostKey(key('ecdsa-sha2-nistp256', 'SHA256:ccc'), pinned).kind).toBe('unknown')
    expect(judgeHostKey(key('ssh-ed25519', 'SHA256:aaa'), []).kind).toBe('unknown')
  })
})

describe('hostKeyAlgorithms', () => {
  it('asks for the pinned types first', () => {
    expect(hostKeyAlgorithms([{ keyType: 'ecdsa-sha2-nistp256', fingerprint: 'x' }])[0]).toBe(
      'ecdsa-sha2-nistp256'
    )
    expect(hostKeyAlgorithms([{ keyType: 'ssh-rsa', fingerprint: 'x' }]).slice(0, 2)).toEqual([
      'rsa-sha2-512',
      'rsa-sha2-256'
    ])
    expect(hostKeyAlgorithms([])[0]).toBe('ssh-ed25519')
    expect(new Set(hostKeyAlgorithms([{ keyType: 'ssh-ed25519', fingerprint: 'x' }])).size).toBe(
      hostKeyAlgorithms([]).length
    )
  })
})

describe('ChannelBudget', () => {
  it('never has more than its size in use, and serves waiters in order', async () => {
    const budget = new ChannelBudget(2)
    let running = 0
    let peak = 0
    const order: number[] = []
    await Promise.all(
      Array.from({ length: 7 }, async (_, i) => {
        const release = await budget.acquire()
        running++
        peak = Math.max(peak, running)
        order.push(i)
        await new Promise((r) => setTimeout(r, 2))
        running--
        release()
        release() // a second release is ignored
      })
    )
    expect(peak).toBe(2)
    expect(order).toEqual([0, 1, 2, 3, 4, 5, 6])
    expect(budget.used).toBe(0)
    expect(budget.queued).toBe(0)
  })
})
