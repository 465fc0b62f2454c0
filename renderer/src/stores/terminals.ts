// Runs in: renderer.
// Terminal tabs: what each tab points at, its title and the state of its session. The sessions
// themselves (streams, xterm) live in the components that draw them; a tab here only records
// what they report, stamped with the tab's `epoch` so news from a session the tab has already
// replaced (Restart, Reconnect) is ignored.
import { create } from 'zustand'
import type { UiError } from '../lib/errors'

/** A shell on a server, or in one of its containers (a Docker exec with a TTY). */
export type TerminalKind = 'shell' | 'container'

export interface TerminalTarget {
  server: string
  /** The container, for kind 'container'. */
  container?: string
}

export type TabStatus = 'connecting' | 'open' | 'exited' | 'lost' | 'failed'

export interface TerminalTab {
  id: string
  kind: TerminalKind
  target: TerminalTarget
  title: string
  /** The user named it: a reopened tab keeps that name. */
  renamed: boolean
  status: TabStatus
  sessionId: string | null
  exitCode: number | null
  signal: string | null
  error: UiError | null
  /** Bumped for each new session in this tab. */
  epoch: number
}

export interface ClosedTab {
  kind: TerminalKind
  target: TerminalTarget
  title: string
  renamed: boolean
}

export interface TerminalsState {
  tabs: TerminalTab[]
  activeId: string | null
  /** Most recently closed last. */
  closed: ClosedTab[]
}

export const MAX_CLOSED = 20

export const initialTerminalsState: TerminalsState = { tabs: [], activeId: null, closed: [] }

export const useTerminals = create<TerminalsState>()(() => ({ ...initialTerminalsState }))

export const terminalSelectors = {
  tabs: (s: TerminalsState) => s.tabs,
  activeId: (s: TerminalsState) => s.activeId,
  active: (s: TerminalsState) => s.tabs.find((t) => t.id === s.activeId) ?? null,
  tab: (id: string) => (s: TerminalsState) => s.tabs.find((t) => t.id === id) ?? null,
  count: (s: TerminalsState) => s.tabs.length,
  canReopen: (s: TerminalsState) => s.closed.length > 0
}

/** A session that may still be running: closing its tab ends it, so ask first. */
export function needsCloseConfirmation(tab: TerminalTab): boolean {
  return tab.status === 'connecting' || tab.status === 'open'
}

export function baseTitle(kind: TerminalKind, target: TerminalTarget): string {
  return kind === 'container' && target.container
    ? `${target.server}: ${target.container}`
    : target.server
}

/** `web`, then `web (2)`, `web (3)`…, skipping numbers open tabs already use. */
export function uniqueTitle(base: string, taken: readonly string[]): string {
  if (!taken.includes(base)) return base
  for (let n = 2; ; n++) {
    const title = `${base} (${n})`
    if (!taken.includes(title)) return title
  }
}

/** How a session's end reads: a shell that exited, or a connection that went away. */
export function endStatus(code: number | null, signal: string | null): 'exited' | 'lost' {
  // SSH reports neither an exit status nor a signal when the channel closes with the connection.
  return code === null && signal === null ? 'lost' : 'exited'
}

let nextId = 1
const newId = (): string => `tab-${nextId++}`

const set = useTerminals.setState
const get = useTerminals.getState

function patchTab(id: string, epoch: number, patch: Partial<TerminalTab>): void {
  set((s) => ({
    tabs: s.tabs.map((t) => (t.id === id && t.epoch === epoch ? { ...t, ...patch } : t))
  }))
}

export const terminalActions = {
  open(kind: TerminalKind, target: TerminalTarget, title?: string, renamed = false): string {
    const id = newId()
    const taken = get().tabs.map((t) => t.title)
    const tab: TerminalTab = {
      id,
      kind,
      target: { ...target },
      title: title ?? uniqueTitle(baseTitle(kind, target), taken),
      renamed,
      status: 'connecting',
      sessionId: null,
      exitCode: null,
      signal: null,
      error: null,
      epoch: 1
    }
    set((s) => ({ tabs: [...s.tabs, tab], activeId: id }))
    return id
  },

  /** Closes at once; the page asks for confirmation first where needsCloseConfirmation says so. */
  close(id: string): void {
    const { tabs, activeId, closed } = get()
    const at = tabs.findIndex((t) => t.id === id)
    const tab = tabs[at]
    if (!tab) return
    const rest = tabs.filter((t) => t.id !== id)
    // The neighbour that took the closed tab's place, else the one before it.
    const next = activeId === id ? ((rest[at] ?? rest[at - 1] ?? null)?.id ?? null) : activeId
    const memo: ClosedTab = {
      kind: tab.kind,
      target: tab.target,
      title: tab.title,
      renamed: tab.renamed
    }
    set({ tabs: rest, activeId: next, closed: [...closed, memo].slice(-MAX_CLOSED) })
  },

  /** Ctrl+Shift+T: the last closed tab again, with a fresh session. */
  reopen(): string | null {
    const closed = get().closed
    const last = closed[closed.length - 1]
    if (!last) return null
    set({ closed: closed.slice(0, -1) })
    return terminalActions.open(
      last.kind,
      last.target,
      last.renamed ? last.title : undefined,
      last.renamed
    )
  },

  rename(id: string, title: string): void {
    const trimmed = title.trim().slice(0, 80)
    set((s) => ({
      tabs: s.tabs.map((t) => {
        if (t.id !== id) return t
        // An emptied name goes back to the default one.
        if (!trimmed) {
          const taken = s.tabs.filter((o) => o.id !== id).map((o) => o.title)
          return { ...t, title: uniqueTitle(baseTitle(t.kind, t.target), taken), renamed: false }
        }
        return { ...t, title: trimmed, renamed: true }
      })
    }))
  },

  activate(id: string): void {
    if (get().tabs.some((t) => t.id === id)) set({ activeId: id })
  },

  /** Ctrl+Tab (+1) and Ctrl+Shift+Tab (-1), wrapping around. */
  cycle(step: 1 | -1): void {
    const { tabs, activeId } = get()
    if (tabs.length === 0) return
    const at = tabs.findIndex((t) => t.id === activeId)
    const next = tabs[((((at < 0 ? 0 : at) + step) % tabs.length) + tabs.length) % tabs.length]
    if (next) set({ activeId: next.id })
  },

  /** Restart / Reconnect: a fresh session in the same tab. */
  restart(id: string): void {
    set((s) => ({
      tabs: s.tabs.map((t) =>
        t.id === id
          ? {
              ...t,
              status: 'connecting',
              sessionId: null,
              exitCode: null,
              signal: null,
              error: null,
              epoch: t.epoch + 1
            }
          : t
      )
    }))
  },

  ready(id: string, epoch: number, sessionId: string): void {
    patchTab(id, epoch, { status: 'open', sessionId, error: null })
  },

  ended(id: string, epoch: number, code: number | null, signal: string | null): void {
    patchTab(id, epoch, {
      status: endStatus(code, signal),
      sessionId: null,
      exitCode: code,
      signal
    })
  },

  /** The stream failed: before the shell opened (`failed`) or after (`lost`). */
  failed(id: string, epoch: number, error: UiError, opened: boolean): void {
    patchTab(id, epoch, { status: opened ? 'lost' : 'failed', sessionId: null, error })
  }
}

/** For unit tests: a store with no tabs and fresh ids. */
export function resetTerminals(): void {
  nextId = 1
  set({ ...initialTerminalsState })
}
