// Test helper: an in-memory keychain for tests about other things (SSH, servers). The real
// keychain has its own tests against a real Secret Service.
import type { Keychain } from '../../main/core/secrets/keychain'

export function memoryKeychain(): Keychain & { entries: Map<string, string> } {
  const entries = new Map<string, string>()
  return {
    entries,
    set: (account, secret) => void entries.set(account, secret),
    get: (account) => entries.get(account) ?? null,
    delete: (account) => entries.delete(account),
    check: () => undefined
  }
}
