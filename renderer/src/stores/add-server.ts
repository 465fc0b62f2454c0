// Runs in: renderer.
// The Add Server wizard as a state machine, kept out of the components so it can be tested with a
// fake API. The steps follow what `server.add` can prove, in order:
//
//   connection → sign-in → verify host key → check
//
// The first `server.add` goes out without a fingerprint. Main refuses every key it has not been
// told to trust, during the key exchange and so before any credential is sent, and answers
// `host_key_unknown` with the key's fingerprint. The user compares it on the server; only then
// does the second `server.add` carry `acceptFingerprint`, and main accepts exactly that key. A
// different key at that point is `host_key_changed`: a hard stop.
import { create } from 'zustand'
import type { InputOf, OutputOf, ServerSummary } from '../../../main/api/contract'
import { failureOf, type UiError, type UiFailure } from '../lib/errors'
import {
  hostProblem,
  keyPathProblem,
  nameProblem,
  passwordProblem,
  portProblem,
  userProblem
} from '../lib/validate'
import type { StoreDeps } from './deps'
import type { ServerOpsActions } from './server-ops'

export const WIZARD_STEPS = ['connection', 'signin', 'verify', 'check'] as const
export type WizardStep = (typeof WIZARD_STEPS)[number]
export type EditableStep = 'connection' | 'signin'

export const STEP_LABELS: Record<WizardStep, string> = {
  connection: 'Connection',
  signin: 'Sign-in',
  verify: 'Host key',
  check: 'Check'
}

export type SignInMethod = 'keyfile' | 'agent' | 'password'

export interface WizardForm {
  name: string
  host: string
  /** As typed; validated and converted only when sent. */
  port: string
  user: string
  method: SignInMethod
  keyPath: string
  passphrase: string
  password: string
}

export type WizardField = keyof WizardForm

/** What is running: the first contact, or the add with the accepted fingerprint. */
export type WizardBusy = 'contacting' | 'adding' | null

export interface WizardError extends UiError {
  code: string | null
  /** The step whose fields can fix it, or null when going back would not help. */
  fixStep: EditableStep | null
}

/** The key the server presented on first contact, for the user to compare. */
export interface HostKeyOffer {
  host: string
  port: number
  keyType: string
  fingerprint: string
}

/** The hard stop: the key at the second contact is not the one the user accepted. */
export interface HostKeyMismatch {
  accepted: string
  presented: string
  keyType: string
}

export interface AddServerState {
  open: boolean
  step: WizardStep
  form: WizardForm
  /** Steps whose Next was pressed: their empty fields now show errors too. */
  attempted: Partial<Record<EditableStep, boolean>>
  busy: WizardBusy
  error: WizardError | null
  offer: HostKeyOffer | null
  mismatch: HostKeyMismatch | null
  /** The key the user last accepted, remembered while the wizard is open (see contact()). */
  trusted: HostKeyOffer | null
  added: { server: ServerSummary; installedKey: boolean } | null
}

export const emptyForm: WizardForm = {
  name: '',
  host: '',
  port: '22',
  user: '',
  method: 'keyfile',
  keyPath: '',
  passphrase: '',
  password: ''
}

export const initialAddServerState: AddServerState = {
  open: false,
  step: 'connection',
  form: emptyForm,
  attempted: {},
  busy: null,
  error: null,
  offer: null,
  mismatch: null,
  trusted: null,
  added: null
}

export const useAddServer = create<AddServerState>()(() => ({ ...initialAddServerState }))

// Which fields belong to which step, and what is wrong with each.
export const STEP_FIELDS: Record<EditableStep, readonly WizardField[]> = {
  connection: ['name', 'host', 'port', 'user'],
  signin: ['keyPath', 'passphrase', 'password']
}

export function fieldProblem(form: WizardForm, field: WizardField): string | null {
  switch (field) {
    case 'name':
      return nameProblem(form.name)
    case 'host':
      return hostProblem(form.host.trim())
    case 'port':
      return portProblem(form.port)
    case 'user':
      return userProblem(form.user.trim())
    case 'keyPath':
      return form.method === 'keyfile' ? keyPathProblem(form.keyPath) : null
    case 'passphrase':
      return form.passphrase.length > 1024 ? 'That passphrase is too long.' : null
    case 'password':
      return form.method === 'password' ? passwordProblem(form.password) : null
    case 'method':
      return null
  }
}

export function stepProblems(
  form: WizardForm,
  step: EditableStep
): Partial<Record<WizardField, string>> {
  const out: Partial<Record<WizardField, string>> = {}
  for (const f of STEP_FIELDS[step]) {
    const p = fieldProblem(form, f)
    if (p) out[f] = p
  }
  return out
}

/**
 * The error to show under a field: always once its step's Next was pressed, and before that only
 * for a value typed and wrong (so the name's rule shows live, but an untouched form is not red).
 */
export function visibleProblem(state: AddServerState, field: WizardField): string | null {
  const step: EditableStep = STEP_FIELDS.connection.includes(field) ? 'connection' : 'signin'
  const problem = fieldProblem(state.form, field)
  if (!problem) return null
  const value = state.form[field]
  return state.attempted[step] || value !== '' ? problem : null
}

/** The `server.add` input for this form; `acceptFingerprint` only on the second contact. */
export function addInput(form: WizardForm, acceptFingerprint?: string): InputOf<'server.add'> {
  const base = {
    name: form.name,
    host: form.host.trim(),
    port: Number(form.port),
    user: form.user.trim()
  }
  const auth =
    form.method === 'keyfile'
      ? { key: form.keyPath.trim(), ...(form.passphrase ? { passphrase: form.passphrase } : {}) }
      : form.method === 'agent'
        ? { agent: true }
        : { password: form.password }
  return { ...base, ...auth, ...(acceptFingerprint ? { acceptFingerprint } : {}) }
}

// Where each failure can be fixed. Anything not listed is not the form's fault (a crash, a remote
// script failing after login): the user can retry, or cancel.
const FIX_STEP: Record<string, EditableStep> = {
  invalid_input: 'connection',
  already_exists: 'connection',
  dns_failed: 'connection',
  connection_refused: 'connection',
  host_unreachable: 'connection',
  timeout: 'connection',
  connection_lost: 'connection',
  auth_failed: 'signin',
  key_unreadable: 'signin',
  key_passphrase: 'signin',
  agent_unavailable: 'signin',
  keychain_unavailable: 'signin',
  keychain_failed: 'signin',
  remote_failed: 'signin'
}

export function fixStepFor(code: string | null): EditableStep | null {
  return (code && FIX_STEP[code]) || null
}

export interface AddServerActions {
  open(): void
  /** Closes and forgets everything typed, secrets included; refused (false) while busy. */
  close(): boolean
  edit(patch: Partial<WizardForm>): void
  /** Connection → sign-in, if the connection fields are valid. */
  next(): void
  /** Back to an earlier editable step, e.g. to fix the field an error names. */
  goTo(step: EditableStep): void
  /** Sign-in submitted: first contact, expecting the host key to confirm. */
  contact(): Promise<void>
  /** "The fingerprints match": add with exactly the offered fingerprint. */
  accept(): Promise<void>
}

type AddResult = OutputOf<'server.add'>

const sameKey = (a: HostKeyOffer | null, b: HostKeyOffer): boolean =>
  !!a && a.host === b.host && a.port === b.port && a.fingerprint === b.fingerprint

export function createAddServerActions(
  deps: StoreDeps & { ops: Pick<ServerOpsActions, 'check'> }
): AddServerActions {
  const get = useAddServer.getState
  const set = useAddServer.setState
  // A session number: an answer that arrives after the wizard was closed and reopened belongs
  // to a form that no longer exists, and is dropped.
  let session = 0

  const wizardError = (f: UiFailure): WizardError => ({
    message: f.message,
    hint: f.hint,
    code: f.code,
    fixStep: fixStepFor(f.code)
  })

  function succeed(result: AddResult): void {
    // The password did its one job (installing Pier's key) and the passphrase now lives in the
    // keychain, if anywhere: neither stays in the renderer.
    set((s) => ({
      busy: null,
      error: null,
      step: 'check',
      offer: null,
      added: { server: result.server, installedKey: result.installedKey },
      form: { ...s.form, password: '', passphrase: '' }
    }))
    void deps.ops.check(result.server)
  }

  async function accept(): Promise<void> {
    const s = get()
    if (s.step !== 'verify' || !s.offer || s.busy || s.mismatch) return
    const mine = session
    const offer = s.offer
    set({ busy: 'adding', error: null, trusted: offer })
    try {
      const result = await deps.api.call('server.add', addInput(s.form, offer.fingerprint))
      if (mine !== session) return
      succeed(result)
    } catch (err) {
      if (mine !== session) return
      const f = failureOf(err, deps.describeError)
      if (f.code === 'host_key_changed' || f.code === 'host_key_unknown') {
        set({
          busy: null,
          trusted: null,
          mismatch: {
            accepted: offer.fingerprint,
            presented: f.details.fingerprint ?? 'unknown',
            keyType: f.details.keyType ?? offer.keyType
          }
        })
        return
      }
      set({ busy: null, error: wizardError(f) })
    }
  }

  return {
    open() {
      session++
      set({ ...initialAddServerState, open: true }, true)
    },

    close() {
      if (get().busy) return false
      session++
      set({ ...initialAddServerState }, true)
      return true
    },

    edit(patch) {
      const s = get()
      if (s.busy || (s.step !== 'connection' && s.step !== 'signin')) return
      set({ form: { ...s.form, ...patch }, error: null })
    },

    next() {
      const s = get()
      if (s.step !== 'connection' || s.busy) return
      const attempted = { ...s.attempted, connection: true }
      if (Object.keys(stepProblems(s.form, 'connection')).length > 0) {
        set({ attempted })
        return
      }
      set({ step: 'signin', attempted, error: null })
    },

    goTo(step) {
      const s = get()
      if (s.busy || s.added || s.mismatch) return
      // The offered key belongs to the address it came from, which may be about to change.
      set({ step, offer: null })
    },

    async contact() {
      const s = get()
      if (s.step !== 'signin' || s.busy) return
      set({ attempted: { ...s.attempted, signin: true } })
      if (Object.keys(stepProblems(s.form, 'connection')).length > 0) {
        set({ step: 'connection', attempted: { ...s.attempted, connection: true } })
        return
      }
      if (Object.keys(stepProblems(s.form, 'signin')).length > 0) return
      const mine = session
      set({ busy: 'contacting', error: null })
      try {
        // Without a fingerprint main refuses whatever key it is shown, so success here is not
        // expected; if it ever happens the server was added, and the wizard says so.
        const result = await deps.api.call('server.add', addInput(s.form))
        if (mine !== session) return
        succeed(result)
      } catch (err) {
        if (mine !== session) return
        const f = failureOf(err, deps.describeError)
        const fingerprint = f.details.fingerprint
        if (f.code !== 'host_key_unknown' || !fingerprint) {
          set({ busy: null, error: wizardError(f) })
          return
        }
        const offer: HostKeyOffer = {
          host: s.form.host.trim(),
          port: Number(s.form.port),
          keyType: f.details.keyType ?? 'unknown',
          fingerprint
        }
        set({ busy: null, step: 'verify', offer })
        // Back after a wrong password, say: this exact key at this exact address was compared and
        // accepted a moment ago, so asking again would only teach clicking through.
        if (sameKey(get().trusted, offer)) await accept()
      }
    },

    accept
  }
}
