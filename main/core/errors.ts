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
  | 'internal'

export interface WireError {
  code: ErrorCode
  message: string
  hint: string
}

export class PierError extends Error {
  readonly code: ErrorCode
  readonly hint: string

  constructor(code: ErrorCode, message: string, hint: string, options?: { cause?: unknown }) {
    super(message, options)
    this.name = 'PierError'
    this.code = code
    this.hint = hint
  }

  toWire(): WireError {
    return { code: this.code, message: this.message, hint: this.hint }
  }
}

export function isPierError(err: unknown): err is PierError {
  return err instanceof PierError
}
