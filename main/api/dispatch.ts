// Runs in: main, CLI, headless server.
// The single entry point behind every transport: look up the method, validate the input with its
// zod schema, run the handler, and turn any failure into the {code, message, hint} envelope.
import { z } from 'zod'
import { PierError, type WireError } from '../core/errors'
import { contract, isMethod, type Method } from './contract'
import type { Handlers, RequestContext } from './router'

export function toWireError(err: unknown): WireError {
  if (err instanceof PierError) return err.toWire()
  if (err instanceof z.ZodError) {
    const first = err.issues[0]
    const where = first && first.path.length ? ` at "${first.path.join('.')}"` : ''
    return {
      code: 'invalid_input',
      message: `Invalid input${where}: ${(first?.message ?? 'does not match the expected shape').replace(/\.$/, '')}.`,
      hint: 'Check the value and try again; `pier help` lists each command and its options.'
    }
  }
  const message = err instanceof Error ? err.message : String(err)
  return {
    code: 'internal',
    message: `Unexpected error: ${message}`,
    hint: 'This is a bug in Pier; please report it with the steps that led here.'
  }
}

function resolve(method: string, kind: 'call' | 'stream'): Method {
  if (!isMethod(method)) {
    throw new PierError(
      'unknown_method',
      `Unknown method "${method.slice(0, 100)}".`,
      'Update Pier on both sides, or check the method name.'
    )
  }
  const isStream = contract[method].kind === 'stream'
  if (isStream !== (kind === 'stream')) {
    throw new PierError(
      'unknown_method',
      `"${method}" is ${isStream ? 'a stream' : 'not a stream'}.`,
      isStream ? 'Subscribe to it instead of calling it.' : 'Call it instead of subscribing.'
    )
  }
  return method
}

type Handler = (input: unknown, ctx: RequestContext) => unknown

function prepare(handlers: Handlers, method: string, kind: 'call' | 'stream', raw: unknown) {
  const m = resolve(method, kind)
  const input: unknown = contract[m].input.parse(raw ?? {})
  return { handler: handlers[m] as Handler, input }
}

export async function dispatchCall(
  handlers: Handlers,
  method: string,
  raw: unknown,
  ctx: RequestContext
): Promise<unknown> {
  const { handler, input } = prepare(handlers, method, 'call', raw)
  return await handler(input, ctx)
}

export function dispatchStream(
  handlers: Handlers,
  method: string,
  raw: unknown,
  ctx: RequestContext
): AsyncIterable<unknown> {
  const { handler, input } = prepare(handlers, method, 'stream', raw)
  return handler(input, ctx) as AsyncIterable<unknown>
}
