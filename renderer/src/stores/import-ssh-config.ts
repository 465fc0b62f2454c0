// Runs in: renderer.
// "Import from ~/.ssh/config": the dialog's form, the one `server.importSshConfig` call, and how
// its result reads. Nothing is contacted by the import; a server whose key was not found in
// known_hosts has none pinned, and its first connection stops at the host key for the user to
// compare (the detail page's verification panel, stores/host-key.ts).
import { create } from 'zustand'
import type { InputOf, OutputOf } from '../../../main/api/contract'
import type { UiError } from '../lib/errors'
import { authLabel, formatLogin } from '../lib/format'
import type { StoreDeps } from './deps'

export type ImportResult = OutputOf<'server.importSshConfig'>
export type ImportedServer = ImportResult['imported'][number]

export const DEFAULT_CONFIG = '~/.ssh/config'
export const DEFAULT_KNOWN_HOSTS = '~/.ssh/known_hosts'

export interface ImportForm {
  file: string
  knownHosts: string
}

export interface ImportState {
  open: boolean
  form: ImportForm
  busy: boolean
  error: UiError | null
  result: ImportResult | null
}

export const initialImportState: ImportState = {
  open: false,
  form: { file: '', knownHosts: '' },
  busy: false,
  error: null,
  result: null
}

export const useImport = create<ImportState>()(() => ({ ...initialImportState }))

/** The input: a path only where one was typed; main's defaults are the placeholders. */
export function importInput(form: ImportForm): InputOf<'server.importSshConfig'> {
  const file = form.file.trim()
  const knownHosts = form.knownHosts.trim()
  return { ...(file ? { file } : {}), ...(knownHosts ? { knownHosts } : {}) }
}

export function pathProblem(path: string): string | null {
  return path.trim().length > 4096 ? 'That path is too long.' : null
}

export interface ImportRow {
  name: string
  /** The Host alias it came from, when the name had to be made from it. */
  alias: string | null
  login: string
  signIn: string
  proxyJump: string | null
  pinned: boolean
  keyNote: string
}

export function importRow(s: ImportedServer): ImportRow {
  const pinned = s.pinnedKeys > 0
  return {
    name: s.name,
    alias: s.alias !== s.name ? s.alias : null,
    login: formatLogin(s.user, s.host, s.port),
    signIn: s.keyPath ? `${authLabel(s.authMethod)} ${s.keyPath}` : authLabel(s.authMethod),
    proxyJump: s.proxyJump,
    pinned,
    keyNote: pinned ? 'host key from known_hosts' : 'host key will be verified on first connection'
  }
}

const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`

/** One line over the result: what happened, counted. */
export function importHeadline(r: ImportResult): string {
  if (r.imported.length === 0 && r.skipped.length === 0)
    return 'No Host entries to import were found.'
  const parts = [`Imported ${plural(r.imported.length, 'server')}`]
  if (r.skipped.length > 0) parts.push(`skipped ${plural(r.skipped.length, 'alias', 'aliases')}`)
  return `${parts.join(', ')}.`
}

/** How many imported servers still need their host key compared on first connection. */
export function unverifiedCount(r: ImportResult): number {
  return r.imported.filter((s) => s.pinnedKeys === 0).length
}

export interface ImportActions {
  open(): void
  /** Refused (false) while the import runs. */
  close(): boolean
  edit(patch: Partial<ImportForm>): void
  run(): Promise<void>
  /** From a result back to the form, to import another file. */
  again(): void
}

export function createImportActions(deps: StoreDeps): ImportActions {
  const get = useImport.getState
  const set = useImport.setState
  let session = 0
  return {
    open() {
      session++
      set({ ...initialImportState, open: true }, true)
    },
    close() {
      if (get().busy) return false
      session++
      set({ ...initialImportState }, true)
      return true
    },
    edit(patch) {
      const s = get()
      if (s.busy || s.result) return
      set({ form: { ...s.form, ...patch }, error: null })
    },
    async run() {
      const s = get()
      if (!s.open || s.busy || s.result) return
      if (pathProblem(s.form.file) || pathProblem(s.form.knownHosts)) return
      const mine = session
      set({ busy: true, error: null })
      try {
        const result = await deps.api.call('server.importSshConfig', importInput(s.form))
        if (mine === session) set({ busy: false, result })
      } catch (err) {
        if (mine === session) set({ busy: false, error: deps.describeError(err) })
      }
    },
    again() {
      const s = get()
      if (s.busy) return
      set({ result: null, error: null })
    }
  }
}
