// Runs in: renderer.
// The Edit server dialog: rename, login user, sign-in method. `server.update` gets only what the
// user changed; main proves a new login against the pinned host key before it saves anything,
// so a refused sign-in leaves the server exactly as it was. The address is not editable: another
// address is another server, whose host key must be verified from scratch (add it instead).
import { create } from 'zustand'
import type { InputOf, ServerSummary } from '../../../main/api/contract'
import { failureOf, type UiFailure } from '../lib/errors'
import { keyPathProblem, nameProblem, userProblem } from '../lib/validate'
import type { StoreDeps } from './deps'

/** `keep` leaves the stored sign-in alone (a changed user alone signs in the same way). */
export type EditMethod = 'keep' | 'keyfile' | 'agent'

export interface EditForm {
  name: string
  user: string
  method: EditMethod
  keyPath: string
  passphrase: string
}

export type EditField = keyof EditForm

export interface EditError extends UiFailure {
  /** The banner's heading: what the failure means for the server. */
  title: string
}

export interface EditServerState {
  /** The server as it was when the dialog opened; null while closed. */
  server: ServerSummary | null
  form: EditForm
  /** Save was pressed: empty fields now show their errors too. */
  attempted: boolean
  busy: boolean
  error: EditError | null
}

const emptyEditForm: EditForm = { name: '', user: '', method: 'keep', keyPath: '', passphrase: '' }

export const initialEditServerState: EditServerState = {
  server: null,
  form: emptyEditForm,
  attempted: false,
  busy: false,
  error: null
}

export const useEditServer = create<EditServerState>()(() => ({ ...initialEditServerState }))

export const editServerSelectors = {
  openFor: (serverId: string) => (s: EditServerState) => s.server?.id === serverId
}

export function formFor(server: ServerSummary): EditForm {
  return {
    name: server.name,
    user: server.username,
    method: 'keep',
    // Switching to a key file starts from the one in use, if any: changing its passphrase is
    // then one field.
    keyPath: server.authMethod === 'keyfile' ? (server.keyPath ?? '') : '',
    passphrase: ''
  }
}

/** Sign-in methods the dialog offers: keeping the current one, and the ones that change it. */
export function methodChoices(server: ServerSummary): EditMethod[] {
  // Agent → agent changes nothing, so it is not offered twice.
  return server.authMethod === 'agent' ? ['keep', 'keyfile'] : ['keep', 'keyfile', 'agent']
}

export function editProblem(form: EditForm, field: EditField): string | null {
  switch (field) {
    case 'name':
      return nameProblem(form.name)
    case 'user':
      return userProblem(form.user.trim())
    case 'keyPath':
      return form.method === 'keyfile' ? keyPathProblem(form.keyPath) : null
    case 'passphrase':
      return form.passphrase.length > 1024 ? 'That passphrase is too long.' : null
    case 'method':
      return null
  }
}

const FIELDS: readonly EditField[] = ['name', 'user', 'keyPath', 'passphrase']

export function editProblems(form: EditForm): Partial<Record<EditField, string>> {
  const out: Partial<Record<EditField, string>> = {}
  for (const f of FIELDS) {
    const p = editProblem(form, f)
    if (p) out[f] = p
  }
  return out
}

/** Shown live for a typed value, and for every field once Save was pressed. */
export function visibleEditProblem(state: EditServerState, field: EditField): string | null {
  const problem = editProblem(state.form, field)
  if (!problem) return null
  return state.attempted || state.form[field] !== '' ? problem : null
}

/**
 * The `server.update` input: the server's current name plus only the fields that differ from
 * it, or null when nothing changed. A passphrase goes only with a key file.
 */
export function updateInput(
  form: EditForm,
  server: ServerSummary
): InputOf<'server.update'> | null {
  const input: InputOf<'server.update'> = { name: server.name }
  let changed = false
  if (form.name !== server.name) {
    input.rename = form.name
    changed = true
  }
  const user = form.user.trim()
  if (user !== server.username) {
    input.user = user
    changed = true
  }
  if (form.method === 'keyfile') {
    input.key = form.keyPath.trim()
    if (form.passphrase) input.passphrase = form.passphrase
    changed = true
  } else if (form.method === 'agent' && server.authMethod !== 'agent') {
    input.agent = true
    changed = true
  }
  return changed ? input : null
}

/** The heading of a failed save, from the API's code. */
export function editErrorTitle(code: string | null, name: string): string {
  switch (code) {
    case 'auth_failed':
      return `The server refused this sign-in, so nothing was saved: ${name} signs in as before.`
    case 'key_unreadable':
    case 'key_passphrase':
    case 'agent_unavailable':
      return `Pier could not use that sign-in, so nothing was saved.`
    case 'host_key_changed':
    case 'host_key_unknown':
      return `Nothing was saved: the server’s host key must be verified first, on the server page.`
    case 'already_exists':
      return 'Nothing was saved: that name is taken.'
    default:
      return `Nothing was saved: ${name} is as it was.`
  }
}

export interface EditServerActions {
  open(server: ServerSummary): void
  /** Closes and forgets what was typed (the passphrase too); refused (false) while saving. */
  close(): boolean
  edit(patch: Partial<EditForm>): void
  /** Validates, then sends the changes; true when saved (the dialog has closed). */
  save(): Promise<boolean>
}

export interface EditServerDeps extends StoreDeps {
  applyServer?: (server: ServerSummary) => void
  /** Told of a failed save, e.g. so a host-key failure opens the page's panel. */
  onFailure?: (server: ServerSummary, failure: UiFailure) => void
}

export function createEditServerActions(deps: EditServerDeps): EditServerActions {
  const get = useEditServer.getState
  const set = useEditServer.setState
  let session = 0

  return {
    open(server) {
      session++
      set({ ...initialEditServerState, server, form: formFor(server) }, true)
    },

    close() {
      if (get().busy) return false
      session++
      set({ ...initialEditServerState }, true)
      return true
    },

    edit(patch) {
      const s = get()
      if (!s.server || s.busy) return
      set({ form: { ...s.form, ...patch }, error: null })
    },

    async save() {
      const s = get()
      if (!s.server || s.busy) return false
      set({ attempted: true })
      if (Object.keys(editProblems(s.form)).length > 0) return false
      const input = updateInput(s.form, s.server)
      if (!input) return false
      const mine = session
      const server = s.server
      set({ busy: true, error: null })
      try {
        const saved = await deps.api.call('server.update', input)
        if (mine !== session) return false
        deps.applyServer?.(saved)
        session++
        set({ ...initialEditServerState }, true)
        return true
      } catch (err) {
        if (mine !== session) return false
        const f = failureOf(err, deps.describeError)
        deps.onFailure?.(server, f)
        set({ busy: false, error: { ...f, title: editErrorTitle(f.code, server.name) } })
        return false
      }
    }
  }
}
