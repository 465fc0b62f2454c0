import { SCHEMA_VERSION } from '../../main/core/db/migrations'
import { describe, expect, it } from 'vitest'
import { contract, type ServerSummary } from '../../main/api/contract'
import { dispatchCall, dispatchStream, toWireError } from '../../main/api/dispatch'
import { createHandlers } from '../../main/api/router'
import { servePipe } from '../../main/api/serve-pipe'
import { ApiError, createClient } from '../../main/api/client'
import type { ClientMessage, ServerMessage } from '../../main/api/wire'
import { PierError } from '../../main/core/errors'
import { pipePair, testCore } from '../support/core'

const failure = (p: Promise<unknown>) =>
  p.then(() => {
    throw new Error('expected a failure')
  }, toWireError)

const ctx = () => ({ transport: 'test' as const, signal: new AbortController().signal })

function connected() {
  const core = testCore()
  const pair = pipePair<ClientMessage, ServerMessage>()
  servePipe(createHandlers(core), pair.b as never, 'test')
  return { core, client: createClient(pair.a), pair }
}

describe('dispatch', () => {
  it('validates input with the method schema before the handler runs', async () => {
    const handlers = createHandlers(testCore())
    await expect(dispatchCall(handlers, 'server.list', { extra: 1 }, ctx())).rejects.toThrow()
    const wire = await failure(dispatchCall(handlers, 'server.list', { extra: 1 }, ctx()))
    expect(wire).toMatchObject({ code: 'invalid_input', message: expect.stringContaining('extra') })
    expect(wire.hint).not.toBe('')
  })

  it('refuses unknown methods and the wrong kind', async () => {
    const handlers = createHandlers(testCore())
    const e1 = await failure(dispatchCall(handlers, 'constructor', {}, ctx()))
    expect(e1.code).toBe('unknown_method')
    const e2 = await failure(dispatchCall(handlers, 'server.watch', {}, ctx()))
    expect(e2.code).toBe('unknown_method')
    expect(() => dispatchStream(handlers, 'server.list', {}, ctx())).toThrow(PierError)
  })

  it('wraps unexpected errors without leaking a stack', () => {
    const wire = toWireError(new TypeError('boom'))
    expect(wire).toEqual({
      code: 'internal',
      message: 'Unexpected error: boom',
      hint: expect.any(String)
    })
  })

  it('every contract method has a handler and a summary', () => {
    const handlers = createHandlers(testCore()) as Record<string, unknown>
    for (const [name, def] of Object.entries(contract)) {
      expect(typeof handlers[name], name).toBe('function')
      expect(def.summary.length, name).toBeGreaterThan(10)
    }
  })
})

describe('client over a pipe', () => {
  it('calls return typed results that match the output schema', async () => {
    const { core, client } = connected()
    core.servers.record({
      name: 'web-1',
      host: '192.0.2.10',
      username: 'deploy',
      authMethod: 'agent'
    })
    const servers = await client.call('server.list', {})
    expect(servers.map((s) => s.name)).toEqual(['web-1'])
    expect(() => contract['server.list'].output.parse(servers)).not.toThrow()
    const info = await client.call('system.info', {})
    expect(info).toMatchObject({
      transport: 'test',
      schemaVersion: SCHEMA_VERSION,
      home: core.paths.home
    })
  })

  it('errors arrive as {code, message, hint}', async () => {
    const { client } = connected()
    const err = await client.call('server.list', { nope: true } as never).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(ApiError)
    expect(err).toMatchObject({ code: 'invalid_input', hint: expect.stringMatching(/\w/) })
  })

  it('streams yield now and after each change, and stop when the caller breaks', async () => {
    const { core, client } = connected()
    const seen: string[][] = []
    const it = client.stream('server.watch', {})
    const first = await it.next()
    seen.push((first.value as ServerSummary[]).map((s) => s.name))
    core.servers.record({ name: 'a', host: 'h', username: 'u', authMethod: 'agent' })
    const second = await it.next()
    seen.push((second.value as ServerSummary[]).map((s) => s.name))
    await it.return?.()
    expect(seen).toEqual([[], ['a']])
    // The server side stopped listening: the bus has no watcher left once the cancel lands.
    await expect.poll(() => core.bus['emitter'].listenerCount('servers')).toBe(0)
  })

  it('cancelling while a next() is pending settles it and stops the server side', async () => {
    const { core, client } = connected()
    const it = client.stream('server.watch', {})
    await it.next()
    const pending = it.next()
    await it.return?.()
    await expect(pending).resolves.toEqual({ value: undefined, done: true })
    await expect.poll(() => core.bus['emitter'].listenerCount('servers')).toBe(0)
  })

  it('a closed pipe rejects pending calls and ends streams with an error', async () => {
    const { client, pair } = connected()
    const it = client.stream('server.watch', {})
    await it.next()
    const pending = it.next()
    pair.close()
    await expect(pending).rejects.toMatchObject({ message: expect.stringMatching(/closed/) })
    await expect(client.call('server.list', {})).rejects.toBeInstanceOf(ApiError)
  })

  it('ignores malformed messages instead of crashing the server', async () => {
    const { client, pair } = connected()
    for (const junk of [null, 42, 'x', { t: 'call' }, { t: 'call', id: 'a', method: 'x' }]) {
      pair.a.send(junk as never)
    }
    await expect(client.call('server.list', {})).resolves.toEqual([])
  })
})
