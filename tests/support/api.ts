// Test helper: call the real router in-process, the way every transport does, and turn a
// failure into the {code, message, hint} envelope a user would see.
import { dispatchCall, toWireError } from '../../main/api/dispatch'
import type { Handlers } from '../../main/api/router'
import type { WireError } from '../../main/core/errors'

const ctx = { transport: 'test' as const, signal: new AbortController().signal }

export function apiCaller(handlers: () => Handlers) {
  const call = (method: string, input: unknown): Promise<unknown> =>
    dispatchCall(handlers(), method, input, ctx)
  const fails = (method: string, input: unknown): Promise<WireError> =>
    call(method, input).then(
      (r) => {
        throw new Error(`expected a failure, got ${JSON.stringify(r)}`)
      },
      (e: unknown) => toWireError(e)
    )
  return { call, fails }
}
