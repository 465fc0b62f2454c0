// Runs in: main, CLI, headless server.
// The only module that touches the OS keychain. Secrets never go to SQLite or to a file: when no
// keychain answers, callers get an error that says so, never a plain-text fallback.
import { Entry } from '@napi-rs/keyring'
import { PierError } from '../errors'

const DEFAULT_SERVICE = 'dev.pier.app'

export interface Keychain {
  set(account: string, secret: string): void
  get(account: string): string | null
  delete(account: string): boolean
  /** Writes, reads back and removes a probe entry; throws a PierError when the store is unusable. */
  check(): void
}

function unavailable(err: unknown): PierError {
  const detail = err instanceof Error ? err.message : String(err)
  const hint =
    process.platform === 'linux'
      ? 'Start a Secret Service provider (GNOME Keyring or KWallet) in your desktop session and unlock it; on a headless machine run Pier inside dbus-run-session with gnome-keyring-daemon --unlock.'
      : 'Unlock the system keychain (macOS Keychain or Windows Credential Manager) and try again.'
  return new PierError(
    'keychain_unavailable',
    `The OS keychain is not reachable: ${detail}`,
    hint,
    {
      cause: err
    }
  )
}

function looksUnavailable(err: unknown): boolean {
  const msg = err instanceof Error ? err.message : String(err)
  return /platform|storage|dbus|d-bus|secret service|no result|access denied|accessdenied|locked|collection/i.test(
    msg
  )
}

export function createKeychain(
  service: string = process.env.PIER_KEYCHAIN_SERVICE ?? DEFAULT_SERVICE
): Keychain {
  const entry = (account: string): Entry => {
    if (!account || account.length > 200) {
      throw new PierError(
        'invalid_input',
        'Keychain account names must be 1-200 characters.',
        'This is a bug in Pier; please report it.'
      )
    }
    // Pinned to the Secret Service on Linux: the binding's default silently falls back to the
    // kernel keyring, which forgets everything at reboot. Other platforms ignore the option.
    return new Entry(service, account, { linux: { store: 'secret-service' } })
  }
  const wrap = <T>(fn: () => T): T => {
    try {
      return fn()
    } catch (err) {
      if (err instanceof PierError) throw err
      if (looksUnavailable(err)) throw unavailable(err)
      throw new PierError(
        'keychain_failed',
        `The keychain refused the request: ${(err as Error).message}`,
        'Unlock the keychain and try again.',
        { cause: err }
      )
    }
  }
  return {
    set: (account, secret) => wrap(() => entry(account).setPassword(secret)),
    get: (account) =>
      wrap(() => {
        const value = entry(account).getPassword()
        return value ?? null
      }),
    delete: (account) => wrap(() => entry(account).deleteCredential()),
    check: () =>
      wrap(() => {
        const probe = entry(`pier-probe-${process.pid}`)
        try {
          probe.setPassword('probe')
          if (probe.getPassword() !== 'probe') {
            throw unavailable(new Error('the keychain did not return what was stored'))
          }
        } finally {
          try {
            probe.deleteCredential()
          } catch {
            // Nothing was stored, or the store went away; the first error is the one to report.
          }
        }
      })
  }
}
