import { describe, expect, it } from 'vitest'
import { addServerInput } from '../../main/api/contract'
import { HOSTILE } from '../support/hostile'

const ok = { name: 'web-1', host: 'example.com', user: 'deploy', agent: true }

describe('server.add input', () => {
  it('accepts ordinary values and fills the default port', () => {
    expect(addServerInput.parse(ok)).toMatchObject({ port: 22 })
    expect(addServerInput.parse({ ...ok, host: '192.0.2.1', port: '2222' })).toMatchObject({
      port: 2222
    })
    expect(addServerInput.parse({ ...ok, host: '[2001:db8::1]' }).host).toBe('2001:db8::1')
  })

  it.each(['name', 'host', 'user'] as const)(
    'rejects every hostile %s with a message that states the rule',
    (field) => {
      for (const value of HOSTILE) {
        const r = addServerInput.safeParse({ ...ok, [field]: value })
        if (r.success) {
          // The only hostile-looking values a field may keep are plain words it allows anyway.
          expect(value, `${field} accepted ${JSON.stringify(value.slice(0, 40))}`).toMatch(
            /^[A-Za-z0-9.-]+$/
          )
          continue
        }
        expect(r.error.issues[0]?.message.length).toBeGreaterThan(10)
      }
    }
  )

  it('wants exactly one way to sign in', () => {
    expect(addServerInput.safeParse({ ...ok, agent: undefined }).success).toBe(false)
    expect(addServerInput.safeParse({ ...ok, key: '/k' }).success).toBe(false)
    expect(addServerInput.safeParse({ ...ok, agent: undefined, password: 'p' }).success).toBe(true)
  })

  it('checks fingerprints and ports', () => {
    expect(addServerInput.safeParse({ ...ok, acceptFingerprint: 'SHA256:short' }).success).toBe(
      false
    )
    expect(addServerInput.safeParse({ ...ok, port: 0 }).success).toBe(false)
    expect(addServerInput.safeParse({ ...ok, port: 'x' }).success).toBe(false)
  })
})
