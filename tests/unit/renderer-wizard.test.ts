// The Add Server wizard's rules and state machine (renderer/src/stores/add-server.ts) against a
// scripted fake API: what each `server.add` carries, which answer leads to which step, that the
// fingerprint offered is the one accepted, and that secrets do not outlive the add.
import { beforeEach, describe, expect, it } from 'vitest'
import { ApiError } from '../../main/api/client'
import type { ServerSummary } from '../../main/api/contract'
import { hostAddress, loginUser, serverName, sshPort } from '../../main/core/servers/validate'
import type { WireError } from '../../main/core/errors'
import {
  hostProblem,
  nameProblem,
  portProblem,
  userProblem,
  keyPathProblem
} from '../../renderer/src/lib/validate'
import {
  addInput,
  createAddServerActions,
  emptyForm,
  fixStepFor,
  initialAddServerState,
  useAddServer,
  visibleProblem,
  type AddServerState
} from '../../renderer/src/stores/add-server'
import type { StoreDeps } from '../../renderer/src/stores/deps'
import { HOSTILE } from '../support/hostile'

const FP = 'SHA256:nThbg6kXUpJWGl7E1IGOCspRomTxdCARLviKw6E5SY8'
const OTHER_FP = 'SHA256:AAAAg6kXUpJWGl7E1IGOCspRomTxdCARLviKw6E5SY8'

const summary = (name: string): ServerSummary => ({
  id: `id-${name}`,
  name,
  host: 'web.example.net',
  port: 22,
  username: 'deploy',
  authMethod: 'keyfile',
  keyPath: '~/.ssh/id_ed25519',
  proxyJump: null,
  lastSeenAt: '2025-01-01T00:00:00.000Z',
  hostKeyType: 'ssh-ed25519',
  hostKeyFingerprint: FP,
  createdAt: '2025-01-01T00:00:00.000Z'
})

const apiError = (e: Partial<WireError> & { code: WireError['code'] }): ApiError =>
  new ApiError({ message: `failed: ${e.code}`, hint: `hint for ${e.code}`, ...e })

const unknownKey = (fingerprint = FP): ApiError =>
  apiError({ code: 'host_key_unknown', details: { fingerprint, keyType: 'ssh-ed25519' } })

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

/** Every call waits until the test answers it, so busy states can be observed in between. */
function fakeApi() {
  const calls: Call[] = []
  const api: StoreDeps['api'] = {
    call: ((method: string, input: Record<string, unknown>) =>
      new Promise((resolve, reject) =>
        calls.push({ method, input, resolve, reject })
      )) as StoreDeps['api']['call'],
    stream: (() => {
      throw new Error('the wizard opens no streams')
    }) as StoreDeps['api']['stream']
  }
  const checked: string[] = []
  const ops = {
    check: async (s: { id: string; name: string }) => {
      checked.push(s.name)
    }
  }
  return { api, calls, checked, actions: createAddServerActions({ api, describeError, ops }) }
}

const tick = () => new Promise((r) => setTimeout(r, 0))
const state = (): AddServerState => useAddServer.getState()

/** Opens the wizard and fills both form steps with valid values. */
function fillValid(actions: ReturnType<typeof fakeApi>['actions']): void {
  actions.open()
  actions.edit({ name: 'web-1', host: 'web.example.net', port: '22', user: 'deploy' })
  actions.next()
  actions.edit({ method: 'keyfile', keyPath: '~/.ssh/id_ed25519' })
}

/** Runs the wizard to the fingerprint step. */
async function toVerify(fake: ReturnType<typeof fakeApi>): Promise<void> {
  fillValid(fake.actions)
  const contacting = fake.actions.contact()
  fake.calls.at(-1)!.reject(unknownKey())
  await contacting
}

beforeEach(() => useAddServer.setState({ ...initialAddServerState }, true))

describe('live validation (renderer/src/lib/validate.ts)', () => {
  it('says what is wrong with a name, in words', () => {
    expect(nameProblem('web-1')).toBeNull()
    expect(nameProblem('a')).toBeNull()
    expect(nameProblem('')).toBe('Give the server a name.')
    expect(nameProblem('-web')).toMatch(/Start with a letter or digit/)
    expect(nameProblem('Web 1')).toBe('Not allowed: “W”, space. Use lowercase.')
    expect(nameProblem('web_1')).toBe('Not allowed: “_”.')
    expect(nameProblem('a'.repeat(64))).toBe('Use at most 63 characters (this has 64).')
    expect(nameProblem('a\nb')).toBe('Not allowed: U+000A.')
  })

  it('host, port, user and key path', () => {
    expect(hostProblem('203.0.113.7')).toBeNull()
    expect(hostProblem('::1')).toBeNull()
    expect(hostProblem('deploy@web')).toMatch(/user goes in its own field/)
    expect(hostProblem('web example')).toMatch(/no spaces/)
    expect(portProblem('22')).toBeNull()
    expect(portProblem('0')).not.toBeNull()
    expect(portProblem('65536')).not.toBeNull()
    expect(portProblem('2a')).not.toBeNull()
    expect(userProblem('root')).toBeNull()
    expect(userProblem('-oProxyCommand=x')).not.toBeNull()
    expect(keyPathProblem('~/.ssh/id_ed25519.pub')).toMatch(/public key/)
    expect(keyPathProblem('  ')).not.toBeNull()
  })

  it('agrees with the zod schemas main validates with, on good and hostile input', () => {
    const corpus = [
      'web-1',
      'a',
      '0',
      'a'.repeat(63),
      'a'.repeat(64),
      'Web',
      '-x',
      'x-',
      'web.example.net',
      'web.example.net.',
      '203.0.113.7',
      '::1',
      '[::1]',
      'fe80::1%eth0',
      'deploy',
      'deploy.user',
      '_svc',
      '',
      ' ',
      ...HOSTILE
    ]
    for (const v of corpus) {
      expect(nameProblem(v) === null, `name ${JSON.stringify(v)}`).toBe(
        serverName.safeParse(v).success
      )
      expect(hostProblem(v) === null, `host ${JSON.stringify(v)}`).toBe(
        hostAddress.safeParse(v).success
      )
      expect(userProblem(v) === null, `user ${JSON.stringify(v)}`).toBe(
        loginUser.safeParse(v).success
      )
    }
    for (const p of ['1', '22', '2222', '65535', '0', '65536', '-1', '22.5', 'ssh', '']) {
      expect(portProblem(p) === null, `port ${p}`).toBe(p !== '' && sshPort.safeParse(p).success)
    }
  })
})

describe('wizard: the connection step', () => {
  it('an untouched form shows no errors; Next shows every missing field and stays', () => {
    const { actions } = fakeApi()
    actions.open()
    expect(state().open).toBe(true)
    expect(visibleProblem(state(), 'name')).toBeNull()
    expect(visibleProblem(state(), 'port')).toBeNull()
    actions.next()
    expect(state().step).toBe('connection')
    expect(visibleProblem(state(), 'name')).toBe('Give the server a name.')
    expect(visibleProblem(state(), 'host')).toBe('Give a host name or IP address.')
    expect(visibleProblem(state(), 'user')).toBe('Give the user Pier signs in as.')
  })

  it('a typed name is judged live, before Next', () => {
    const { actions } = fakeApi()
    actions.open()
    actions.edit({ name: 'Web' })
    expect(visibleProblem(state(), 'name')).toBe('Not allowed: “W”. Use lowercase.')
    expect(visibleProblem(state(), 'host')).toBeNull()
    actions.edit({ name: 'web' })
    expect(visibleProblem(state(), 'name')).toBeNull()
  })

  it('valid fields move on to sign-in, without contacting anything', () => {
    const fake = fakeApi()
    fillValid(fake.actions)
    expect(state().step).toBe('signin')
    expect(fake.calls).toHaveLength(0)
  })
})

describe('wizard: first contact and the fingerprint', () => {
  it('sends no fingerprint first, is busy meanwhile, and shows the key main reports', async () => {
    const fake = fakeApi()
    fillValid(fake.actions)
    const contacting = fake.actions.contact()
    expect(state().busy).toBe('contacting')
    expect(fake.calls).toHaveLength(1)
    expect(fake.calls[0]!.method).toBe('server.add')
    expect(fake.calls[0]!.input).toEqual({
      name: 'web-1',
      host: 'web.example.net',
      port: 22,
      user: 'deploy',
      key: '~/.ssh/id_ed25519'
    })
    expect(fake.calls[0]!.input).not.toHaveProperty('acceptFingerprint')
    expect(fake.calls[0]!.input).not.toHaveProperty('trustNew')
    fake.calls[0]!.reject(unknownKey())
    await contacting
    expect(state().busy).toBeNull()
    expect(state().step).toBe('verify')
    expect(state().offer).toEqual({
      host: 'web.example.net',
      port: 22,
      keyType: 'ssh-ed25519',
      fingerprint: FP
    })
    expect(state().error).toBeNull()
  })

  it('accepting sends exactly the offered fingerprint, then checks and forgets secrets', async () => {
    const fake = fakeApi()
    fillValid(fake.actions)
    fake.actions.edit({ method: 'password', password: 'hunter2' })
    const contacting = fake.actions.contact()
    expect(fake.calls[0]!.input).toMatchObject({ password: 'hunter2' })
    expect(fake.calls[0]!.input).not.toHaveProperty('key')
    fake.calls[0]!.reject(unknownKey())
    await contacting

    const accepting = fake.actions.accept()
    expect(state().busy).toBe('adding')
    expect(fake.actions.close()).toBe(false)
    expect(state().open).toBe(true)
    expect(fake.calls[1]!.input).toEqual({
      name: 'web-1',
      host: 'web.example.net',
      port: 22,
      user: 'deploy',
      password: 'hunter2',
      acceptFingerprint: FP
    })
    fake.calls[1]!.resolve({
      server: summary('web-1'),
      hostKey: { keyType: 'ssh-ed25519', fingerprint: FP },
      installedKey: true
    })
    await accepting
    expect(state().step).toBe('check')
    expect(state().busy).toBeNull()
    expect(state().added).toEqual({ server: summary('web-1'), installedKey: true })
    expect(state().form.password).toBe('')
    expect(fake.checked).toEqual(['web-1'])
  })

  it('a different key at the second contact is a hard stop with both fingerprints', async () => {
    const fake = fakeApi()
    await toVerify(fake)
    const accepting = fake.actions.accept()
    fake.calls[1]!.reject(
      apiError({
        code: 'host_key_changed',
        details: { fingerprint: OTHER_FP, keyType: 'ssh-ed25519' }
      })
    )
    await accepting
    expect(state().mismatch).toEqual({
      accepted: FP,
      presented: OTHER_FP,
      keyType: 'ssh-ed25519'
    })
    expect(state().added).toBeNull()
    // Nothing but Cancel: no going back to edit, no accepting again.
    fake.actions.goTo('signin')
    expect(state().step).toBe('verify')
    await fake.actions.accept()
    expect(fake.calls).toHaveLength(2)
    expect(fake.actions.close()).toBe(true)
    expect(state()).toEqual(initialAddServerState)
  })

  it('a passphrase is sent only when given, with the key', async () => {
    expect(addInput({ ...emptyForm, keyPath: 'k' })).not.toHaveProperty('passphrase')
    expect(addInput({ ...emptyForm, keyPath: 'k', passphrase: 'p' })).toMatchObject({
      key: 'k',
      passphrase: 'p'
    })
    expect(addInput({ ...emptyForm, method: 'agent', keyPath: 'ignored' })).toMatchObject({
      agent: true
    })
    expect(addInput({ ...emptyForm, method: 'agent' })).not.toHaveProperty('key')
    expect(addInput({ ...emptyForm, host: ' h ', user: ' u ' }, FP)).toMatchObject({
      host: 'h',
      user: 'u',
      acceptFingerprint: FP
    })
  })
})

describe('wizard: errors and the way back', () => {
  it('maps each failure to the step that can fix it', () => {
    expect(fixStepFor('connection_refused')).toBe('connection')
    expect(fixStepFor('dns_failed')).toBe('connection')
    expect(fixStepFor('timeout')).toBe('connection')
    expect(fixStepFor('already_exists')).toBe('connection')
    expect(fixStepFor('auth_failed')).toBe('signin')
    expect(fixStepFor('key_passphrase')).toBe('signin')
    expect(fixStepFor('agent_unavailable')).toBe('signin')
    expect(fixStepFor('internal')).toBeNull()
    expect(fixStepFor(null)).toBeNull()
  })

  it('a refused port keeps the message and hint and points back to the connection', async () => {
    const fake = fakeApi()
    fillValid(fake.actions)
    const contacting = fake.actions.contact()
    fake.calls[0]!.reject(
      apiError({
        code: 'connection_refused',
        message: 'web.example.net:22 refused the connection.',
        hint: 'Check the port.'
      })
    )
    await contacting
    expect(state().step).toBe('signin')
    expect(state().error).toEqual({
      message: 'web.example.net:22 refused the connection.',
      hint: 'Check the port.',
      code: 'connection_refused',
      fixStep: 'connection'
    })
    fake.actions.goTo('connection')
    expect(state().step).toBe('connection')
    fake.actions.edit({ port: '2222' })
    expect(state().error).toBeNull()
    fake.actions.next()
    const again = fake.actions.contact()
    expect(fake.calls[1]!.input).toMatchObject({ port: 2222 })
    fake.calls[1]!.reject(unknownKey())
    await again
    expect(state().step).toBe('verify')
  })

  it('after a wrong password, the same key at the same address is not asked about again', async () => {
    const fake = fakeApi()
    await toVerify(fake)
    const accepting = fake.actions.accept()
    fake.calls[1]!.reject(apiError({ code: 'auth_failed' }))
    await accepting
    expect(state().error?.fixStep).toBe('signin')
    expect(state().step).toBe('verify')

    fake.actions.goTo('signin')
    expect(state().offer).toBeNull()
    fake.actions.edit({ keyPath: '~/.ssh/other' })
    const contacting = fake.actions.contact()
    fake.calls[2]!.reject(unknownKey())
    await tick()
    // Straight to the add with the fingerprint accepted a moment ago.
    expect(fake.calls[3]!.input).toMatchObject({ key: '~/.ssh/other', acceptFingerprint: FP })
    fake.calls[3]!.resolve({
      server: summary('web-1'),
      hostKey: { keyType: 'ssh-ed25519', fingerprint: FP },
      installedKey: false
    })
    await contacting
    expect(state().step).toBe('check')
  })

  it('a different key after going back is shown again, not accepted', async () => {
    const fake = fakeApi()
    await toVerify(fake)
    const accepting = fake.actions.accept()
    fake.calls[1]!.reject(apiError({ code: 'auth_failed' }))
    await accepting
    fake.actions.goTo('connection')
    fake.actions.edit({ host: 'other.example.net' })
    fake.actions.next()
    const contacting = fake.actions.contact()
    fake.calls[2]!.reject(unknownKey(OTHER_FP))
    await contacting
    expect(fake.calls).toHaveLength(3)
    expect(state().step).toBe('verify')
    expect(state().offer?.fingerprint).toBe(OTHER_FP)
  })

  it('a host_key_unknown without a fingerprint is an error, not a blank confirmation', async () => {
    const fake = fakeApi()
    fillValid(fake.actions)
    const contacting = fake.actions.contact()
    fake.calls[0]!.reject(apiError({ code: 'host_key_unknown' }))
    await contacting
    expect(state().step).toBe('signin')
    expect(state().offer).toBeNull()
    expect(state().error?.code).toBe('host_key_unknown')
  })

  it('invalid sign-in fields stop before any call', async () => {
    const fake = fakeApi()
    fillValid(fake.actions)
    fake.actions.edit({ keyPath: '' })
    await fake.actions.contact()
    expect(fake.calls).toHaveLength(0)
    expect(visibleProblem(state(), 'keyPath')).toBe('Give the path of the private key file.')
  })

  it('an answer for a wizard that was closed and reopened is dropped', async () => {
    const fake = fakeApi()
    fillValid(fake.actions)
    const contacting = fake.actions.contact()
    // Closing is refused while busy; the only way this happens is a reset from outside.
    expect(fake.actions.close()).toBe(false)
    useAddServer.setState({ busy: null })
    expect(fake.actions.close()).toBe(true)
    fake.actions.open()
    fake.calls[0]!.reject(unknownKey())
    await contacting
    expect(state().step).toBe('connection')
    expect(state().offer).toBeNull()
  })
})
