// Snippets: per-server and global, listed together for a server, through the API as the panel
// and the CLI use them; removed with their server.
import { describe, expect, it } from 'vitest'
import { dispatchCall, toWireError } from '../../main/api/dispatch'
import { createHandlers } from '../../main/api/router'
import { testCore } from '../support/core'

const ctx = () => ({ transport: 'test' as const, signal: new AbortController().signal })

function setup() {
  const core = testCore()
  for (const name of ['web', 'db'])
    core.servers.record({ name, host: `${name}.example`, username: 'deploy', authMethod: 'agent' })
  const h = createHandlers(core)
  const call = (method: Parameters<typeof dispatchCall>[1], input: unknown) =>
    dispatchCall(h, method, input, ctx()) as Promise<never>
  return { core, call }
}

describe('snippets', () => {
  it("lists a server's snippets with the global ones; without a server, all", async () => {
    const { call } = setup()
    await call('snippet.save', { name: 'logs', command: 'journalctl -f', server: 'web' })
    await call('snippet.save', { name: 'df', command: 'df -h' })
    await call('snippet.save', { name: 'psql', command: 'psql', server: 'db' })
    const web = (await call('snippet.list', { server: 'web' })) as {
      name: string
      server: string | null
    }[]
    expect(web.map((s) => [s.name, s.server])).toEqual([
      ['logs', 'web'],
      ['df', null]
    ])
    const all = (await call('snippet.list', {})) as { name: string }[]
    expect(all.map((s) => s.name).sort()).toEqual(['df', 'logs', 'psql'])
  })

  it('edits in place (text, name, scope) and removes', async () => {
    const { call } = setup()
    const s = (await call('snippet.save', { name: 'a', command: 'echo 1', server: 'web' })) as {
      id: string
      createdAt: string
    }
    expect(s.id).toMatch(/^[0-9a-f]{16}$/)
    const edited = (await call('snippet.save', {
      id: s.id,
      name: 'b',
      command: 'printf \'%s\\n\' "$HOME"',
      server: null
    })) as { id: string; name: string; server: string | null; command: string }
    expect(edited).toMatchObject({
      id: s.id,
      name: 'b',
      server: null,
      command: 'printf \'%s\\n\' "$HOME"'
    })
    expect(await call('snippet.list', { server: 'db' })).toHaveLength(1)
    await call('snippet.remove', { id: s.id })
    expect(await call('snippet.list', {})).toEqual([])
  })

  it('refuses unknown ids and servers, and bad input, with clear errors', async () => {
    const { call } = setup()
    const fail = (m: Parameters<typeof call>[0], input: unknown) =>
      call(m, input).then(() => null, toWireError)
    expect((await fail('snippet.remove', { id: 'a'.repeat(16) }))?.code).toBe('not_found')
    expect(
      (await fail('snippet.save', { id: 'b'.repeat(16), name: 'x', command: 'y' }))?.code
    ).toBe('not_found')
    expect((await fail('snippet.save', { name: 'x', command: 'y', server: 'nope' }))?.code).toBe(
      'not_found'
    )
    expect((await fail('snippet.list', { server: 'nope' }))?.code).toBe('not_found')
    expect((await fail('snippet.save', { name: '  ', command: 'y' }))?.code).toBe('invalid_input')
    expect((await fail('snippet.save', { name: 'x', command: '' }))?.code).toBe('invalid_input')
    expect((await fail('snippet.remove', { id: '../x' }))?.code).toBe('invalid_input')
  })

  it('go with their server when it is removed; global ones stay', async () => {
    const { core, call } = setup()
    await call('snippet.save', { name: 'logs', command: 'journalctl -f', server: 'web' })
    await call('snippet.save', { name: 'df', command: 'df -h' })
    await core.servers.remove('web')
    expect(((await call('snippet.list', {})) as { name: string }[]).map((s) => s.name)).toEqual([
      'df'
    ])
  })
})
