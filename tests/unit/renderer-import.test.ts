// "Import from ~/.ssh/config" (renderer/src/stores/import-ssh-config.ts) against a scripted fake
// API: paths are sent only when typed, the result is kept for the dialog, and it reads as the
// user needs it: which servers came with a known host key and which will be verified on first
// connection, what was skipped and why.
import { beforeEach, describe, expect, it } from 'vitest'
import { ApiError } from '../../main/api/client'
import type { StoreDeps } from '../../renderer/src/stores/deps'
import {
  createImportActions,
  importHeadline,
  importInput,
  importRow,
  initialImportState,
  unverifiedCount,
  useImport,
  type ImportResult,
  type ImportedServer
} from '../../renderer/src/stores/import-ssh-config'

const describeError = (err: unknown) =>
  err instanceof ApiError
    ? { message: err.message, hint: err.hint }
    : { message: String(err), hint: '' }

interface Call {
  method: string
  input: Record<string, unknown>
  resolve(v: unknown): void
  reject(e: unknown): void
}

function fakeApi() {
  const calls: Call[] = []
  const api: StoreDeps['api'] = {
    call: ((method: string, input: Record<string, unknown>) =>
      new Promise((resolve, reject) =>
        calls.push({ method, input, resolve, reject })
      )) as StoreDeps['api']['call'],
    stream: (() => {
      throw new Error('no streams here')
    }) as StoreDeps['api']['stream']
  }
  return { calls, actions: createImportActions({ api, describeError }) }
}

const server = (over: Partial<ImportedServer>): ImportedServer => ({
  name: 'web',
  alias: 'web',
  host: 'web.example.net',
  port: 22,
  user: 'deploy',
  authMethod: 'keyfile',
  keyPath: '~/.ssh/id_ed25519',
  proxyJump: null,
  pinnedKeys: 1,
  ...over
})

const result: ImportResult = {
  imported: [
    server({}),
    server({
      name: 'db-prod',
      alias: 'DB.Prod',
      host: '10.0.0.5',
      port: 2222,
      authMethod: 'agent',
      keyPath: null,
      proxyJump: 'web',
      pinnedKeys: 0
    })
  ],
  skipped: [{ alias: '*.internal', reason: 'a pattern, not a host' }],
  warnings: ['~/.ssh/config line 12: unknown option Foo']
}

const state = () => useImport.getState()
const tick = () => new Promise((r) => setTimeout(r, 0))

beforeEach(() => useImport.setState({ ...initialImportState }, true))

describe('reading the result', () => {
  it('says where each host key stands', () => {
    expect(importRow(result.imported[0]!)).toEqual({
      name: 'web',
      alias: null,
      login: 'deploy@web.example.net:22',
      signIn: 'Key file ~/.ssh/id_ed25519',
      proxyJump: null,
      pinned: true,
      keyNote: 'host key from known_hosts'
    })
    expect(importRow(result.imported[1]!)).toMatchObject({
      name: 'db-prod',
      alias: 'DB.Prod',
      login: 'deploy@10.0.0.5:2222',
      signIn: 'SSH agent',
      proxyJump: 'web',
      pinned: false,
      keyNote: 'host key will be verified on first connection'
    })
    expect(unverifiedCount(result)).toBe(1)
  })

  it('counts in the headline', () => {
    expect(importHeadline(result)).toBe('Imported 2 servers, skipped 1 alias.')
    expect(importHeadline({ imported: [server({})], skipped: [], warnings: [] })).toBe(
      'Imported 1 server.'
    )
    expect(
      importHeadline({
        imported: [],
        skipped: [
          { alias: 'a', reason: 'x' },
          { alias: 'b', reason: 'y' }
        ],
        warnings: []
      })
    ).toBe('Imported 0 servers, skipped 2 aliases.')
    expect(importHeadline({ imported: [], skipped: [], warnings: [] })).toMatch(/No Host entries/)
  })
})

describe('the dialog', () => {
  it('sends a path only where one was typed', () => {
    expect(importInput({ file: '', knownHosts: '  ' })).toEqual({})
    expect(importInput({ file: ' /tmp/cfg ', knownHosts: '' })).toEqual({ file: '/tmp/cfg' })
    expect(importInput({ file: '/a', knownHosts: '/b' })).toEqual({ file: '/a', knownHosts: '/b' })
  })

  it('imports once, keeps the result, and goes back to the form on request', async () => {
    const fake = fakeApi()
    fake.actions.open()
    fake.actions.edit({ file: '/tmp/ssh_config' })
    const running = fake.actions.run()
    expect(state().busy).toBe(true)
    expect(fake.actions.close()).toBe(false)
    void fake.actions.run()
    expect(fake.calls.map((c) => [c.method, c.input])).toEqual([
      ['server.importSshConfig', { file: '/tmp/ssh_config' }]
    ])
    fake.calls[0]!.resolve(result)
    await running
    expect(state()).toMatchObject({ busy: false, result, error: null })
    // A result is not re-imported by a second submit.
    await fake.actions.run()
    expect(fake.calls).toHaveLength(1)
    fake.actions.again()
    expect(state().result).toBeNull()
    expect(state().form.file).toBe('/tmp/ssh_config')
    expect(fake.actions.close()).toBe(true)
    expect(state()).toEqual(initialImportState)
  })

  it('a failure shows the message and hint and keeps the form', async () => {
    const fake = fakeApi()
    fake.actions.open()
    const running = fake.actions.run()
    fake.calls[0]!.reject(
      new ApiError({
        code: 'not_found',
        message: 'There is no SSH config at /home/x/.ssh/config.',
        hint: 'Give the file with --file, or add servers one by one.'
      })
    )
    await running
    expect(state()).toMatchObject({
      busy: false,
      result: null,
      error: { message: 'There is no SSH config at /home/x/.ssh/config.' }
    })
  })

  it('an answer after closing is dropped', async () => {
    const fake = fakeApi()
    fake.actions.open()
    const running = fake.actions.run()
    useImport.setState({ busy: false })
    fake.actions.close()
    fake.calls[0]!.resolve(result)
    await running
    await tick()
    expect(state().result).toBeNull()
    expect(state().open).toBe(false)
  })
})
