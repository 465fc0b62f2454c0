// The renderer's server store: loading, live updates through `server.watch`, and recovery.
// Actions get their API client injected, so these run against a scripted fake and, once,
// against the real router over an in-memory pipe.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { ApiError, createClient } from '../../main/api/client'
import type { ServerSummary } from '../../main/api/contract'
import { createHandlers } from '../../main/api/router'
import { servePipe } from '../../main/api/serve-pipe'
import type { ClientMessage, ServerMessage } from '../../main/api/wire'
import type { StoreDeps } from '../../renderer/src/stores/deps'
import {
  createServerActions,
  initialServersState,
  serverSelectors,
  useServers
} from '../../renderer/src/stores/servers'
import { pipePair, testCore } from '../support/core'
import { scriptedStream, type ScriptedStream } from '../support/scripted-stream'

const server = (name: string, over: Partial<ServerSummary> = {}): ServerSummary => ({
  id: `id-${name}`,
  name,
  host: `${name}.example.net`,
  port: 22,
  username: 'deploy',
  authMethod: 'agent',
  keyPath: null,
  proxyJump: null,
  lastSeenAt: null,
  hostKeyType: 'ssh-ed25519',
  hostKeyFingerprint: 'SHA256:nThbg6kXUpJWGl7E1IGOCspRomTxdCARLviKw6E5SY8',
  createdAt: '2025-01-01T00:00:00.000Z',
  ...over
})

const describeError = (err: unknown) =>
  err instanceof ApiError
    ? { message: err.message, hint: err.hint }
    : { message: String(err), hint: '' }

/** A controllable fake: each `server.list` and each value or end of `server.watch` on demand. */
function fakeApi() {
  const lists: Array<{ resolve: (v: ServerSummary[]) => void; reject: (e: unknown) => void }> = []
  const watches: ScriptedStream<ServerSummary[]>[] = []
  const api: StoreDeps['api'] = {
    call: ((method: string) => {
      if (method !== 'server.list') return Promise.reject(new Error(`unexpected ${method}`))
      return new Promise<ServerSummary[]>((resolve, reject) => lists.push({ resolve, reject }))
    }) as StoreDeps['api']['call'],
    stream: (() => {
      const handle = scriptedStream<ServerSummary[]>()
      watches.push(handle)
      return handle.iterator
    }) as StoreDeps['api']['stream']
  }
  return { api, lists, watches }
}

const tick = () => new Promise((r) => setTimeout(r, 0))
const state = () => useServers.getState()

beforeEach(() => useServers.setState({ ...initialServersState }, true))

describe('server store: load', () => {
  it('starts loading, then holds the list and is ready', async () => {
    const fake = fakeApi()
    const actions = createServerActions({ api: fake.api, describeError })
    expect(serverSelectors.status(state())).toBe('loading')
    const done = actions.load()
    fake.lists[0]!.resolve([server('web-1'), server('db-1')])
    await done
    expect(serverSelectors.status(state())).toBe('ready')
    expect(serverSelectors.servers(state()).map((s) => s.name)).toEqual(['web-1', 'db-1'])
    expect(serverSelectors.count(state())).toBe(2)
    expect(serverSelectors.byId('id-db-1')(state())?.name).toBe('db-1')
  })

  it('keeps the message and hint of a failure, and Retry recovers', async () => {
    const fake = fakeApi()
    const actions = createServerActions({ api: fake.api, describeError })
    const first = actions.load()
    fake.lists[0]!.reject(
      new ApiError({ code: 'db_unavailable', message: 'No database.', hint: 'Check the folder.' })
    )
    await first
    expect(state().status).toBe('error')
    expect(state().error).toEqual({ message: 'No database.', hint: 'Check the folder.' })

    const again = actions.retry()
    expect(state().status).toBe('loading')
    expect(state().error).toBeNull()
    fake.lists[1]!.resolve([])
    await again
    expect(state().status).toBe('ready')
    expect(serverSelectors.isEmpty(state())).toBe(true)
  })

  it('does not call an unknown list empty while it is still loading', () => {
    expect(serverSelectors.isEmpty(state())).toBe(false)
    expect(serverSelectors.hasServers(state())).toBe(false)
  })

  it('a list answer older than a watch value does not overwrite it', async () => {
    const fake = fakeApi()
    const actions = createServerActions({ api: fake.api, describeError })
    const loading = actions.load()
    const stop = actions.watch()
    fake.watches[0]!.push([server('web-1'), server('web-2')])
    await tick()
    fake.lists[0]!.resolve([server('web-1')])
    await loading
    expect(state().servers.map((s) => s.name)).toEqual(['web-1', 'web-2'])
    expect(state().status).toBe('ready')
    stop()
  })
})

describe('server store: watch', () => {
  afterEach(() => useServers.setState({ ...initialServersState }, true))

  it('applies every value and reports live', async () => {
    const fake = fakeApi()
    const actions = createServerActions({ api: fake.api, describeError })
    const stop = actions.watch()
    expect(state().live).toBe('connecting')
    fake.watches[0]!.push([server('a')])
    await tick()
    expect(state().live).toBe('live')
    expect(state().servers.map((s) => s.name)).toEqual(['a'])
    fake.watches[0]!.push([server('a'), server('b')])
    await tick()
    expect(state().servers.map((s) => s.name)).toEqual(['a', 'b'])
    stop()
  })

  it('stop cancels the stream, and later values are ignored', async () => {
    const fake = fakeApi()
    const actions = createServerActions({ api: fake.api, describeError })
    const stop = actions.watch()
    fake.watches[0]!.push([server('a')])
    await tick()
    stop()
    expect(fake.watches[0]!.returned).toBe(true)
    fake.watches[0]!.push([server('a'), server('late')])
    await tick()
    expect(state().servers.map((s) => s.name)).toEqual(['a'])
  })

  it('a failed stream keeps the list, says why, and Retry asks for a new watch', async () => {
    const fake = fakeApi()
    const actions = createServerActions({ api: fake.api, describeError })
    actions.watch()
    fake.watches[0]!.push([server('a')])
    await tick()
    fake.watches[0]!.fail(
      new ApiError({ code: 'internal', message: 'The connection to Pier closed.', hint: 'Reload.' })
    )
    await tick()
    expect(state().live).toBe('stopped')
    expect(state().liveError).toEqual({
      message: 'The connection to Pier closed.',
      hint: 'Reload.'
    })
    expect(state().servers.map((s) => s.name)).toEqual(['a'])
    expect(state().status).toBe('ready')

    const epoch = state().watchEpoch
    const retried = actions.retry()
    expect(state().watchEpoch).toBe(epoch + 1)
    expect(state().liveError).toBeNull()
    fake.lists[0]!.resolve([server('a')])
    await retried
  })

  it('a stream that ends cleanly is reported as stopped without an error', async () => {
    const fake = fakeApi()
    const actions = createServerActions({ api: fake.api, describeError })
    actions.watch()
    fake.watches[0]!.end()
    await tick()
    expect(state().live).toBe('stopped')
    expect(state().liveError).toBeNull()
  })
})

describe('server store against the real router', () => {
  it('sees a server added in core through server.watch', async () => {
    const core = testCore()
    const pair = pipePair<ClientMessage, ServerMessage>()
    servePipe(createHandlers(core), pair.b as never, 'test')
    const actions = createServerActions({ api: createClient(pair.a), describeError })

    await actions.load()
    expect(state().status).toBe('ready')
    expect(state().servers).toEqual([])

    const stop = actions.watch()
    await expect.poll(() => state().live).toBe('live')
    core.servers.record({
      name: 'web-1',
      host: '203.0.113.7',
      username: 'deploy',
      authMethod: 'agent'
    })
    await expect.poll(() => state().servers.map((s) => s.name)).toEqual(['web-1'])
    expect(state().servers[0]).toMatchObject({ host: '203.0.113.7', port: 22 })
    stop()
  })
})
