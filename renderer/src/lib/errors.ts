// Runs in: renderer.
// What the UI keeps of a failure: plain text only, so stores stay serialisable and the banner
// never has to know about ApiError.
export interface UiError {
  message: string
  hint: string
}

/** A failure plus the API's stable code and details, for flows that act on them (host keys). */
export interface UiFailure extends UiError {
  /** The API's error code (`host_key_unknown`, `auth_failed`, ...), or null for other errors. */
  code: string | null
  details: Record<string, string>
}

/**
 * Reads the code and details off an API error by shape rather than by class, so stores need no
 * import of the client and their tests can throw plain objects.
 */
export function failureOf(err: unknown, describe: (err: unknown) => UiError): UiFailure {
  const { message, hint } = describe(err)
  const e = (typeof err === 'object' && err !== null ? err : {}) as {
    code?: unknown
    details?: unknown
  }
  const details: Record<string, string> = {}
  if (typeof e.details === 'object' && e.details !== null) {
    for (const [k, v] of Object.entries(e.details)) if (typeof v === 'string') details[k] = v
  }
  return { message, hint, code: typeof e.code === 'string' ? e.code : null, details }
}
