// Runs in: renderer.
// The Stacks page: the stacks with their status, the template gallery, and the deploy last
// started here (its job's log is followed by the page's log hook, never through the store).
import { create } from 'zustand'
import type { StackState } from '../../../main/core/stacks/model'
import type { RenderedTemplate } from '../../../main/core/templates/render'
import type { TemplateListing } from '../../../main/core/templates/service'
import type { UiError } from '../lib/errors'
import type { StoreDeps } from './deps'
import type { LoadStatus } from './servers'

export interface DeployRef {
  server: string
  jobId: string
  stack: string
}

export interface StacksState {
  stacks: StackState[]
  status: LoadStatus | 'idle'
  error: UiError | null
  templates: TemplateListing[]
  /** The folder of the user's own templates, if one was chosen. */
  templateDir: string
  templatesError: UiError | null
  /** A render shown before deploying. */
  preview: RenderedTemplate | null
  busy: boolean
  actionError: UiError | null
  deploy: DeployRef | null
}

export const initialStacksState: StacksState = {
  stacks: [],
  status: 'idle',
  error: null,
  templates: [],
  templateDir: '',
  templatesError: null,
  preview: null,
  busy: false,
  actionError: null,
  deploy: null
}

export const useStacks = create<StacksState>()(() => ({ ...initialStacksState }))

export const stackSelectors = {
  stacks: (s: StacksState) => s.stacks,
  status: (s: StacksState) => s.status,
  error: (s: StacksState) => s.error,
  templates: (s: StacksState) => s.templates,
  templateDir: (s: StacksState) => s.templateDir,
  templatesError: (s: StacksState) => s.templatesError,
  preview: (s: StacksState) => s.preview,
  busy: (s: StacksState) => s.busy,
  actionError: (s: StacksState) => s.actionError,
  deploy: (s: StacksState) => s.deploy
}

export interface StackDraft {
  name: string
  server: string
  compose: string
  env: string
}

export interface TemplateDraft {
  dir: string
  name: string
  server: string
  /** Only the variables the user filled in; the rest keep the template's definitions. */
  values: Record<string, string>
}

export interface StackActions {
  load(): Promise<void>
  loadTemplates(dir?: string): Promise<void>
  deploy(draft: StackDraft): Promise<boolean>
  preview(draft: TemplateDraft): Promise<void>
  deployTemplate(draft: TemplateDraft): Promise<boolean>
  control(name: string, action: 'start' | 'stop' | 'restart' | 'down'): Promise<void>
  clearPreview(): void
}

const setList = (values: Record<string, string>): string[] =>
  Object.entries(values)
    .filter(([, v]) => v !== '')
    .map(([k, v]) => `${k}=${v}`)

export function createStackActions(deps: StoreDeps): StackActions {
  const set = useStacks.setState
  let seq = 0
  async function load(): Promise<void> {
    const mine = ++seq
    if (useStacks.getState().status !== 'ready') set({ status: 'loading' })
    try {
      const stacks = await deps.api.call('stack.list', {})
      if (mine === seq) set({ stacks, status: 'ready', error: null })
    } catch (err) {
      if (mine === seq) set({ status: 'error', error: deps.describeError(err) })
    }
  }
  async function busy<T>(fn: () => Promise<T>): Promise<T | null> {
    set({ busy: true, actionError: null })
    try {
      return await fn()
    } catch (err) {
      set({ actionError: deps.describeError(err) })
      return null
    } finally {
      set({ busy: false })
    }
  }
  return {
    load,
    async loadTemplates(dir) {
      try {
        const templates = await deps.api.call('template.list', dir ? { dir } : {})
        set({ templates, templateDir: dir ?? '', templatesError: null })
      } catch (err) {
        set({ templatesError: deps.describeError(err) })
      }
    },
    async deploy(d) {
      const r = await busy(() =>
        deps.api.call('stack.deploy', {
          name: d.name,
          server: d.server,
          compose: d.compose,
          ...(d.env.trim() ? { env: d.env } : {})
        })
      )
      if (!r) return false
      set({ deploy: { server: r.server, jobId: r.jobId, stack: r.stack } })
      await load()
      return true
    },
    async preview(d) {
      const r = await busy(() =>
        deps.api.call('template.render', {
          dir: d.dir,
          ...(d.name ? { name: d.name } : {}),
          ...(d.server ? { server: d.server } : {}),
          set: setList(d.values)
        })
      )
      if (r) set({ preview: r })
    },
    async deployTemplate(d) {
      const r = await busy(() =>
        deps.api.call('template.deploy', {
          dir: d.dir,
          server: d.server,
          ...(d.name ? { name: d.name } : {}),
          set: setList(d.values)
        })
      )
      if (!r) return false
      set({ deploy: { server: r.server, jobId: r.jobId, stack: r.stack }, preview: null })
      await load()
      return true
    },
    async control(name, action) {
      const method = `stack.${action}` as const
      const r = await busy(() => deps.api.call(method, { name }))
      if (r) await load()
    },
    clearPreview() {
      set({ preview: null })
    }
  }
}
