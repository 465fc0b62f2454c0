// Runs in: main (and the CLI / headless server, which share main/core).
// Every failure that reaches a user carries a stable code for scripts, a message for people,
// and a hint that says what to do next. Nothing else crosses the API boundary.

export type ErrorCode =
  | 'invalid_input'
  | 'not_found'
  | 'unknown_method'
  | 'unauthorized'
  | 'forbidden'
  | 'db_corrupt'
  | 'db_too_new'
  | 'db_unavailable'
  | 'keychain_unavailable'
  | 'keychain_failed'
  | 'unsafe_value'
  | 'not_built'
  | 'already_exists'
  | 'host_key_unknown'
  | 'host_key_changed'
  | 'auth_failed'
  | 'key_unreadable'
  | 'key_passphrase'
  | 'agent_unavailable'
  | 'connection_refused'
  | 'host_unreachable'
  | 'dns_failed'
  | 'timeout'
  | 'connection_lost'
  | 'remote_failed'
  | 'docker_unavailable'
  | 'docker_denied'
  | 'docker_conflict'
  | 'docker_failed'
  | 'swarm_inactive'
  | 'deploy_failed'
  | 'checksum_mismatch'
  | 'confirmation_required'
  | 'internal'

export interface WireError {
  code: ErrorCode
  message: string
  hint: string
  /** Machine-readable facts a UI acts on, e.g. the fingerprint to show for confirmation. */
  details?: Record<string, string>
}

export class PierError extends Error {
  readonly code: ErrorCode
  readonly hint: string
  readonly details?: Record<string, string>

  constructor(
    code: ErrorCode,
    message: string,
    hint: string,
    options?: { cause?: unknown; details?: Record<string, string> }
  ) {
    super(message, options)
    this.name = 'PierError'
    this.code = code
    this.hint = hint
    this.details = options?.details
  }

  toWire(): WireError {
    return this.details
      ? { code: this.code, message: this.message, hint: this.hint, details: this.details }
      : { code: this.code, message: this.message, hint: this.hint }
  }
}

export function isPierError(err: unknown): err is PierError {
  return err instanceof PierError
}
