// Runs in: renderer.
// Snippets for the side panel: the active terminal's server's and the global ones (or only the
// global ones with no terminal open). Saving and deleting reload the list the panel shows.
import { create } from 'zustand'
import type { SnippetView } from '../../../main/core/snippets/model'
import type { UiError } from '../lib/errors'
import type { StoreDeps } from './deps'
import type { LoadStatus } from './servers'

export interface SnippetsState {
  /** The server whose list this is; null for global only. */
  server: string | null
  snippets: SnippetView[]
  status: LoadStatus | 'idle'
  error: UiError | null
}

export const useSnippets = create<SnippetsState>()(() => ({
  server: null,
  snippets: [],
  status: 'idle',
  error: null
}))

export const snippetSelectors = {
  snippets: (s: SnippetsState) => s.snippets,
  status: (s: SnippetsState) => s.status,
  error: (s: SnippetsState) => s.error,
  server: (s: SnippetsState) => s.server
}

export interface SnippetDraft {
  id?: string
  name: string
  command: string
  /** Saved for this server, or global when null. */
  server: string | null
}

export interface SnippetActions {
  load(server: string | null): Promise<void>
  save(draft: SnippetDraft): Promise<boolean>
  remove(id: string): Promise<void>
}

export function createSnippetActions(deps: StoreDeps): SnippetActions {
  const set = useSnippets.setState
  let seq = 0
  async function load(server: string | null): Promise<void> {
    const mine = ++seq
    const same = useSnippets.getState().server === server
    set({ server, status: same && useSnippets.getState().status === 'ready' ? 'ready' : 'loading' })
    try {
      const all = await deps.api.call('snippet.list', server ? { server } : {})
      // Without a server the API lists every snippet; the panel wants the global ones then.
      const snippets = server ? all : all.filter((s) => s.server === null)
      if (mine === seq) set({ snippets, status: 'ready', error: null })
    } catch (err) {
      if (mine === seq) set({ status: 'error', error: deps.describeError(err) })
    }
  }
  return {
    load,
    async save(draft) {
      try {
        await deps.api.call('snippet.save', {
          ...(draft.id ? { id: draft.id } : {}),
          name: draft.name,
          command: draft.command,
          server: draft.server
        })
        set({ error: null })
        await load(useSnippets.getState().server)
        return true
      } catch (err) {
        set({ error: deps.describeError(err) })
        return false
      }
    },
    async remove(id) {
      try {
        await deps.api.call('snippet.remove', { id })
        set({ error: null })
      } catch (err) {
        set({ error: deps.describeError(err) })
      }
      await load(useSnippets.getState().server)
    }
  }
}
