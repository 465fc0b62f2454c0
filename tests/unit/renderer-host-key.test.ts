// The host-key panel's flow on a saved server (renderer/src/stores/host-key.ts) against a
// scripted fake API: a changed key is noticed from a failed ping or read with a ping when only
// the status says so, trusting it takes the confirmation step and sends exactly the fingerprint
// shown, a different key at trust time starts over, and an imported server's unknown key is a
// one-step first contact. Plus the ops store reporting its failures, and the status words.
import { beforeEach, describe, expect, it } from 'vitest'
import { ApiError } from '../../main/api/client'
import type { ServerSummary } from '../../main/api/contract'
import type { WireError } from '../../main/core/errors'
import { failureOf, type UiFailure } from '../../renderer/src/lib/errors'
import type { StoreDeps } from '../../renderer/src/stores/deps'
import {
  createHostKeyActions,
  hostKeySelectors,
  initialHostKeyState,
  noticeHostKeyFailure,
  oldFingerprint,
  useHostKeys,
  type HostKeyEntry
} from '../../renderer/src/stores/host-key'
import {
  createServerOpsActions,
  initialServerOpsState,
  useServerOps
} from '../../renderer/src/stores/server-ops'
import { statusView } from '../../renderer/src/stores/server-status'

const OLD = 'SHA256:nThbg6kXUpJWGl7E1IGOCspRomTxdCARLviKw6E5SY8'
const NEW = 'SHA256:Vx9b2QyF0a7Jm3kLwR8tE5uP1oH6cN4sD2gZ7iY0xTq'
const THIRD = 'SHA256:AAAAb2QyF0a7Jm3kLwR8tE5uP1oH6cN4sD2gZ7iY0xTq'

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
  hostKeyFingerprint: OLD,
  createdAt: '2025-01-01T00:00:00.000Z'
}

const apiError = (e: Partial<WireError> & { code: WireError['code'] }): ApiError =>
  new ApiError({ message: `failed: ${e.code}`, hint: `hint for ${e.code}`, ...e })

const changed = (fingerprint = NEW, pinned = OLD): ApiError =>
  apiError({
    code: 'host_key_changed',
    details: { fingerprint, keyType: 'ssh-ed25519', pinnedFingerprint: pinned }
  })

const unknown = (fingerprint = NEW): ApiError =>
  apiError({ code: 'host_key_unknown', details: { fingerprint, keyType: 'ssh-rsa' } })

const describeError = (err: unknown) =>
  err instanceof ApiError
    ? { message: err.message, hint: err.hint }
    : { message: String(err), hint: '' }

const failure = (err: unknown): UiFailure => failureOf(err, describeError)

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
  const pinged: string[] = []
  const applied: ServerSummary[] = []
  const actions = createHostKeyActions({
    api,
    describeError,
    ops: {
      ping: async (s) => {
        pinged.push(s.name)
      }
    },
    applyServer: (s) => applied.push(s)
  })
  return { api, calls, pinged, applied, actions }
}

const tick = () => new Promise((r) => setTimeout(r, 0))
const entry = (id = web.id): HostKeyEntry | null =>
  hostKeySelectors.entry(id)(useHostKeys.getState())

beforeEach(() => {
  useHostKeys.setState({ ...initialHostKeyState }, true)
  useServerOps.setState({ ...initialServerOpsState }, true)
})

describe('noticing a changed key', () => {
  it('a host-key failure with details opens the panel with both fingerprints', () => {
    expect(noticeHostKeyFailure(web.id, failure(changed()))).toBe(true)
    expect(entry()).toMatchObject({
      kind: 'changed',
      step: 'offered',
      presented: { fingerprint: NEW, keyType: 'ssh-ed25519' },
      pinned: OLD,
      dismissed: false
    })
    expect(hostKeySelectors.showing(web.id)(useHostKeys.getState())).toBe(true)
  })

  it('other failures are not its business', () => {
    expect(noticeHostKeyFailure(web.id, failure(apiError({ code: 'auth_failed' })))).toBe(false)
    expect(noticeHostKeyFailure(web.id, failure(new Error('boom')))).toBe(false)
    expect(entry()).toBeNull()
  })

  it('the old fingerprint is main’s report, else the pinned one on the server row', () => {
    noticeHostKeyFailure(web.id, failure(changed(NEW, THIRD)))
    expect(oldFingerprint(entry()!, web)).toBe(THIRD)
    // The same key noticed again without the detail keeps what main said before.
    noticeHostKeyFailure(
      web.id,
      failure(
        apiError({
          code: 'host_key_changed',
          details: { fingerprint: NEW, keyType: 'ssh-ed25519' }
        })
      )
    )
    expect(oldFingerprint(entry()!, web)).toBe(THIRD)
    useHostKeys.setState({ ...initialHostKeyState }, true)
    noticeHostKeyFailure(
      web.id,
      failure(
        apiError({
          code: 'host_key_changed',
          details: { fingerprint: NEW, keyType: 'ssh-ed25519' }
        })
      )
    )
    expect(oldFingerprint(entry()!, web)).toBe(OLD)
  })

  it('a failed ping in the ops store opens it (the detail page’s Ping)', async () => {
    const fake = fakeApi()
    const seen: string[] = []
    const ops = createServerOpsActions({
      api: fake.api,
      describeError,
      onFailure: (s, f) => {
        seen.push(`${s.name}:${f.code}`)
        noticeHostKeyFailure(s.id, f)
      }
    })
    const pinging = ops.ping(web)
    fake.calls[0]!.reject(changed())
    await pinging
    expect(seen).toEqual(['web:host_key_changed'])
    expect(useServerOps.getState().pings[web.id]).toMatchObject({
      status: 'error',
      code: 'host_key_changed',
      error: { message: 'failed: host_key_changed', hint: 'hint for host_key_changed' }
    })
    expect(entry()?.presented?.fingerprint).toBe(NEW)
  })
})

describe('reading the key when only the status is known', () => {
  const status = { code: 'host_key_changed', since: '2025-06-01T12:00:00.000Z' }

  it('pings once per status, and the refusal carries the key', async () => {
    const fake = fakeApi()
    fake.actions.probeForStatus(web, status)
    expect(fake.calls.map((c) => [c.method, c.input])).toEqual([['server.ping', { name: 'web' }]])
    expect(entry()).toMatchObject({ step: 'probing', kind: 'changed', presented: null })
    fake.actions.probeForStatus(web, status)
    expect(fake.calls).toHaveLength(1)
    fake.calls[0]!.reject(changed())
    await tick()
    expect(entry()).toMatchObject({ step: 'offered', presented: { fingerprint: NEW }, pinned: OLD })
    // Dismissed, the same status does not bring it back.
    fake.actions.dismiss(web.id)
    useHostKeys.setState((s) => ({ byId: {}, probedFor: s.probedFor }))
    fake.actions.probeForStatus(web, status)
    expect(fake.calls).toHaveLength(1)
  })

  it('ignores statuses that are not about the host key', () => {
    const fake = fakeApi()
    fake.actions.probeForStatus(web, { code: 'auth_failed', since: 'x' })
    fake.actions.probeForStatus(web, { code: null, since: 'y' })
    expect(fake.calls).toHaveLength(0)
    expect(entry()).toBeNull()
  })

  it('an unknown-key status reads as a first contact from the start', () => {
    const fake = fakeApi()
    fake.actions.probeForStatus(web, { code: 'host_key_unknown', since: 'z' })
    expect(entry()).toMatchObject({ kind: 'unknown', step: 'probing' })
  })

  it('a ping that works means nothing is left to verify', async () => {
    const fake = fakeApi()
    const probing = fake.actions.probe(web)
    fake.calls[0]!.resolve({ state: 'ready', latencyMs: 3 })
    await probing
    expect(entry()).toBeNull()
  })

  it('a read that fails otherwise says why, and can be retried', async () => {
    const fake = fakeApi()
    let probing = fake.actions.probe(web)
    fake.calls[0]!.reject(apiError({ code: 'timeout', message: 'No answer.', hint: 'Check it.' }))
    await probing
    expect(entry()).toMatchObject({
      step: 'failed',
      presented: null,
      error: { message: 'No answer.', hint: 'Check it.' }
    })
    // No key, nothing to trust.
    fake.actions.requestTrust(web.id)
    expect(entry()?.step).toBe('failed')
    expect(await fake.actions.trust(web)).toBe(false)
    probing = fake.actions.probe(web)
    fake.calls[1]!.reject(changed())
    await probing
    expect(entry()).toMatchObject({ step: 'offered', error: null })
  })
})

describe('trusting a changed key takes the confirmation step', () => {
  it('trust() before "I have verified the change" sends nothing', async () => {
    const fake = fakeApi()
    noticeHostKeyFailure(web.id, failure(changed()))
    expect(await fake.actions.trust(web)).toBe(false)
    expect(fake.calls).toHaveLength(0)
    expect(entry()?.step).toBe('offered')
  })

  it('verified → confirm → trustKey with exactly the shown fingerprint → re-ping', async () => {
    const fake = fakeApi()
    noticeHostKeyFailure(web.id, failure(changed()))
    fake.actions.requestTrust(web.id)
    expect(entry()?.step).toBe('confirming')
    expect(fake.calls).toHaveLength(0)
    const trusting = fake.actions.trust(web)
    expect(entry()?.step).toBe('trusting')
    expect(fake.calls.map((c) => [c.method, c.input])).toEqual([
      ['server.trustKey', { name: 'web', fingerprint: NEW }]
    ])
    // A second press while it runs sends nothing more.
    expect(await fake.actions.trust(web)).toBe(false)
    const saved = { ...web, hostKeyFingerprint: NEW }
    fake.calls[0]!.resolve(saved)
    expect(await trusting).toBe(true)
    expect(entry()).toMatchObject({ step: 'trusted', trusted: NEW })
    expect(fake.applied).toEqual([saved])
    expect(fake.pinged).toEqual(['web'])
    fake.actions.dismiss(web.id)
    expect(entry()).toBeNull()
  })

  it('cancelling the confirmation goes back without trusting', () => {
    const fake = fakeApi()
    noticeHostKeyFailure(web.id, failure(changed()))
    fake.actions.requestTrust(web.id)
    fake.actions.cancelTrust(web.id)
    expect(entry()?.step).toBe('offered')
    expect(fake.calls).toHaveLength(0)
  })

  it('a different key noticed meanwhile voids the confirmation', () => {
    const fake = fakeApi()
    noticeHostKeyFailure(web.id, failure(changed()))
    fake.actions.requestTrust(web.id)
    noticeHostKeyFailure(web.id, failure(changed(THIRD)))
    expect(entry()).toMatchObject({ step: 'offered', presented: { fingerprint: THIRD } })
    // The same key again keeps it.
    fake.actions.requestTrust(web.id)
    noticeHostKeyFailure(web.id, failure(changed(THIRD)))
    expect(entry()?.step).toBe('confirming')
  })

  it('yet another key at trust time: nothing trusted, the new key shown to compare', async () => {
    const fake = fakeApi()
    noticeHostKeyFailure(web.id, failure(changed()))
    fake.actions.requestTrust(web.id)
    const trusting = fake.actions.trust(web)
    fake.calls[0]!.reject(
      apiError({
        code: 'host_key_changed',
        details: { fingerprint: THIRD, keyType: 'ssh-ed25519' }
      })
    )
    expect(await trusting).toBe(false)
    expect(entry()).toMatchObject({ step: 'offered', presented: { fingerprint: THIRD } })
    expect(entry()?.error?.message).toMatch(/different key than the one you compared/)
    expect(fake.pinged).toEqual([])
  })

  it('another failure keeps the confirmation open with the reason', async () => {
    const fake = fakeApi()
    noticeHostKeyFailure(web.id, failure(changed()))
    fake.actions.requestTrust(web.id)
    const trusting = fake.actions.trust(web)
    fake.calls[0]!.reject(apiError({ code: 'timeout', message: 'No answer.', hint: 'Later.' }))
    expect(await trusting).toBe(false)
    expect(entry()).toMatchObject({
      step: 'confirming',
      presented: { fingerprint: NEW },
      error: { message: 'No answer.', hint: 'Later.' }
    })
  })

  it('Cancel hides the panel until the next failure the user causes', () => {
    const fake = fakeApi()
    noticeHostKeyFailure(web.id, failure(changed()))
    fake.actions.requestTrust(web.id)
    fake.actions.dismiss(web.id)
    expect(entry()).toMatchObject({ dismissed: true, step: 'offered' })
    expect(hostKeySelectors.showing(web.id)(useHostKeys.getState())).toBe(false)
    fake.actions.show(web.id)
    expect(hostKeySelectors.showing(web.id)(useHostKeys.getState())).toBe(true)
    fake.actions.dismiss(web.id)
    noticeHostKeyFailure(web.id, failure(changed()))
    expect(entry()).toMatchObject({ dismissed: false, step: 'offered' })
  })
})

describe('an imported server’s first contact', () => {
  const imported = { ...web, hostKeyFingerprint: null, hostKeyType: null }

  it('is one step: "The fingerprints match — trust" sends the offered key', async () => {
    const fake = fakeApi()
    noticeHostKeyFailure(imported.id, failure(unknown()))
    expect(entry()).toMatchObject({ kind: 'unknown', step: 'offered', pinned: null })
    expect(oldFingerprint(entry()!, imported)).toBeNull()
    // No confirmation dialog for a first contact.
    fake.actions.requestTrust(imported.id)
    expect(entry()?.step).toBe('offered')
    const trusting = fake.actions.trust(imported)
    expect(fake.calls[0]).toMatchObject({
      method: 'server.trustKey',
      input: { name: 'web', fingerprint: NEW }
    })
    fake.calls[0]!.resolve({ ...imported, hostKeyFingerprint: NEW, hostKeyType: 'ssh-rsa' })
    expect(await trusting).toBe(true)
    expect(entry()?.step).toBe('trusted')
    expect(fake.pinged).toEqual(['web'])
  })

  it('a failed trust stays on the offer with the reason', async () => {
    const fake = fakeApi()
    noticeHostKeyFailure(imported.id, failure(unknown()))
    const trusting = fake.actions.trust(imported)
    fake.calls[0]!.reject(apiError({ code: 'connection_refused' }))
    expect(await trusting).toBe(false)
    expect(entry()).toMatchObject({
      step: 'offered',
      error: { message: 'failed: connection_refused' }
    })
  })
})

describe('status words for host-key failures', () => {
  const st = (code: string | null) => ({
    serverId: 'a',
    state: 'failed' as const,
    reason: 'the reason',
    code,
    attempt: 1,
    since: 'x'
  })
  it('name what to do instead of "Failed"', () => {
    expect(statusView(st('host_key_changed'))).toEqual({
      tone: 'bad',
      text: 'Host key changed',
      title: 'the reason'
    })
    expect(statusView(st('host_key_unknown'))).toMatchObject({
      tone: 'warn',
      text: 'Verify host key'
    })
    expect(statusView(st('auth_failed')).text).toBe('Failed')
  })
})
