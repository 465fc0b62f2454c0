// Which store the keychain module asks for. The real round trip is in
// tests/integration/keychain.test.ts; here the binding is replaced to see its arguments.
import { describe, expect, it, vi } from 'vitest'

const made = vi.hoisted(() => [] as unknown[][])
vi.mock('@napi-rs/keyring', () => ({
  Entry: class {
    constructor(...args: unknown[]) {
      made.push(args)
    }
    setPassword(): void {}
    getPassword(): string | null {
      return null
    }
    deleteCredential(): boolean {
      return false
    }
  }
}))

describe('keychain store selection', () => {
  it('pins Linux to the Secret Service, never the kernel keyring fallback', async () => {
    const { createKeychain } = await import('../../main/core/secrets/keychain')
    createKeychain('svc').get('acct')
    expect(made).toEqual([['svc', 'acct', { linux: { store: 'secret-service' } }]])
  })

  it('reports a store that does not return what it stored', async () => {
    const { createKeychain } = await import('../../main/core/secrets/keychain')
    expect(() => createKeychain('svc').check()).toThrow(/did not return what was stored/)
  })
})
