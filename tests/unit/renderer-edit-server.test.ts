// The Edit server dialog's store (renderer/src/stores/edit-server.ts) against a scripted fake
// API: `server.update` carries the server's name plus only what changed, the form is validated
// with the wizard's rules before anything is sent, a refused sign-in says nothing was saved, and
// the passphrase does not outlive the dialog.
import { beforeEach, describe, expect, it } from 'vitest'
import { ApiError } from '../../main/api/client'
import type { ServerSummary } from '../../main/api/contract'
import type { WireError } from '../../main/core/errors'
import type { UiFailure } from '../../renderer/src/lib/errors'
import type { StoreDeps } from '../../renderer/src/stores/deps'
import {
  createEditServerActions,
  editErrorTitle,
  formFor,
  initialEditServerState,
  methodChoices,
  updateInput,
  useEditServer,
  visibleEditProblem,
  type EditForm
} from '../../renderer/src/stores/edit-server'

const web: ServerSummary = {
  id: 'id-web',
  name: 'web',
  host: 'web.example.net',
  port: 22,
  username: 'deploy',
  authMethod: 'keyfile',
  keyPath: '~/.ssh/id_ed25519',
  proxyJump: null,
  lastSeenAt: null,
  hostKeyType: 'ssh-ed25519',
  hostKeyFingerprint: 'SHA256:nThbg6kXUpJWGl7E1IGOCspRomTxdCARLviKw6E5SY8',
  createdAt: '2025-01-01T00:00:00.000Z'
}
const agentServer: ServerSummary = { ...web, authMethod: 'agent', keyPath: null }

const describeError = (err: unknown) =>
  err instanceof ApiError
    ? { message: err.message, hint: err.hint }
    : { message: String(err), hint: '' }

const apiError = (e: Partial<WireError> & { code: WireError['code'] }): ApiError =>
  new ApiError({ message: `failed: ${e.code}`, hint: `hint for ${e.code}`, ...e })

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
  const applied: ServerSummary[] = []
  const failures: UiFailure[] = []
  const actions = createEditServerActions({
    api,
    describeError,
    applyServer: (s) => applied.push(s),
    onFailure: (_s, f) => failures.push(f)
  })
  return { calls, applied, failures, actions }
}

const state = () => useEditServer.getState()
const form = (over: Partial<EditForm>, server = web): EditForm => ({ ...formFor(server), ...over })

beforeEach(() => useEditServer.setState({ ...initialEditServerState }, true))

describe('what server.update carries', () => {
  it('nothing changed is no request at all', () => {
    expect(updateInput(formFor(web), web)).toBeNull()
    // Agent to agent changes nothing either.
    expect(updateInput(form({ method: 'agent' }, agentServer), agentServer)).toBeNull()
  })

  it('a rename alone', () => {
    expect(updateInput(form({ name: 'web-2' }), web)).toEqual({ name: 'web', rename: 'web-2' })
  })

  it('a user alone (trimmed), keeping the sign-in', () => {
    expect(updateInput(form({ user: ' root ' }), web)).toEqual({ name: 'web', user: 'root' })
  })

  it('a key file, with its passphrase only when one was typed', () => {
    expect(updateInput(form({ method: 'keyfile', keyPath: ' ~/.ssh/other ' }), web)).toEqual({
      name: 'web',
      key: '~/.ssh/other'
    })
    expect(
      updateInput(form({ method: 'keyfile', keyPath: '~/.ssh/other', passphrase: 's3cret' }), web)
    ).toEqual({ name: 'web', key: '~/.ssh/other', passphrase: 's3cret' })
  })

  it('a passphrase typed and then "keep" chosen again is not sent', () => {
    expect(updateInput(form({ method: 'keep', passphrase: 's3cret' }), web)).toBeNull()
  })

  it('ssh-agent, with a rename', () => {
    expect(updateInput(form({ method: 'agent', name: 'web-2' }), web)).toEqual({
      name: 'web',
      rename: 'web-2',
      agent: true
    })
  })

  it('offers agent only to a server that does not use it already', () => {
    expect(methodChoices(web)).toEqual(['keep', 'keyfile', 'agent'])
    expect(methodChoices(agentServer)).toEqual(['keep', 'keyfile'])
    expect(formFor(web).keyPath).toBe('~/.ssh/id_ed25519')
    expect(formFor(agentServer).keyPath).toBe('')
  })
})

describe('the dialog', () => {
  it('validates like the wizard and sends nothing while a field is wrong', async () => {
    const fake = fakeApi()
    fake.actions.open(web)
    fake.actions.edit({ name: 'Web 2' })
    expect(visibleEditProblem(state(), 'name')).toBe('Not allowed: “W”, space. Use lowercase.')
    fake.actions.edit({ name: 'web-2', method: 'keyfile', keyPath: '' })
    // An emptied field shows its problem once Save was pressed.
    expect(visibleEditProblem(state(), 'keyPath')).toBeNull()
    expect(await fake.actions.save()).toBe(false)
    expect(visibleEditProblem(state(), 'keyPath')).toMatch(/private key/)
    fake.actions.edit({ keyPath: '~/.ssh/id_ed25519.pub' })
    expect(await fake.actions.save()).toBe(false)
    fake.actions.edit({ user: '-oProxyCommand=x', keyPath: '~/.ssh/id' })
    expect(await fake.actions.save()).toBe(false)
    expect(fake.calls).toHaveLength(0)
  })

  it('saves only the changes, shows the result, and closes forgetting the passphrase', async () => {
    const fake = fakeApi()
    fake.actions.open(web)
    fake.actions.edit({ method: 'keyfile', keyPath: '~/.ssh/new', passphrase: 'pw' })
    const saving = fake.actions.save()
    expect(state().busy).toBe(true)
    expect(fake.calls.map((c) => [c.method, c.input])).toEqual([
      ['server.update', { name: 'web', key: '~/.ssh/new', passphrase: 'pw' }]
    ])
    // Busy: edits, a second save and closing are refused.
    fake.actions.edit({ name: 'x' })
    expect(state().form.name).toBe('web')
    expect(await fake.actions.save()).toBe(false)
    expect(fake.actions.close()).toBe(false)
    const saved = { ...web, keyPath: '~/.ssh/new' }
    fake.calls[0]!.resolve(saved)
    expect(await saving).toBe(true)
    expect(fake.applied).toEqual([saved])
    expect(state().server).toBeNull()
    expect(state().form.passphrase).toBe('')
  })

  it('a refused sign-in says nothing was saved, with the API’s message and hint', async () => {
    const fake = fakeApi()
    fake.actions.open(web)
    fake.actions.edit({ user: 'root' })
    const saving = fake.actions.save()
    fake.calls[0]!.reject(apiError({ code: 'auth_failed' }))
    expect(await saving).toBe(false)
    expect(state()).toMatchObject({
      busy: false,
      error: {
        code: 'auth_failed',
        message: 'failed: auth_failed',
        hint: 'hint for auth_failed'
      }
    })
    expect(state().error?.title).toMatch(/nothing was saved/)
    // The form stays as typed, to fix and try again.
    expect(state().form.user).toBe('root')
    expect(fake.failures.map((f) => f.code)).toEqual(['auth_failed'])
    fake.actions.edit({ user: 'deploy2' })
    expect(state().error).toBeNull()
  })

  it('error titles by code', () => {
    expect(editErrorTitle('auth_failed', 'web')).toMatch(/refused.*nothing was saved/)
    expect(editErrorTitle('host_key_changed', 'web')).toMatch(/host key must be verified first/)
    expect(editErrorTitle('already_exists', 'web')).toMatch(/name is taken/)
    expect(editErrorTitle('internal', 'web')).toBe('Nothing was saved: web is as it was.')
  })

  it('an answer after the dialog was closed and reopened is dropped', async () => {
    const fake = fakeApi()
    fake.actions.open(web)
    fake.actions.edit({ name: 'web-2' })
    const saving = fake.actions.save()
    // Closing is refused while busy; simulate a reopen for another server via open().
    fake.actions.open(agentServer)
    fake.calls[0]!.reject(apiError({ code: 'auth_failed' }))
    expect(await saving).toBe(false)
    expect(state().error).toBeNull()
    expect(state().server).toBe(agentServer)
  })
})
