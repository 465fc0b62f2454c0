// Runs in: renderer.
// The live terminals by tab id, for the page-level commands that act on the active tab (snippets,
// copy, find). Kept out of the stores, which hold only data.
import type { SessionHandle } from './connect'
import type { XtermHost } from './xterm-host'

export interface LiveTerminal {
  host: XtermHost
  /** The current session, or null between sessions. */
  session: SessionHandle | null
  openSearch(): void
}

const live = new Map<string, LiveTerminal>()

export const terminalRegistry = {
  set: (tabId: string, t: LiveTerminal): void => void live.set(tabId, t),
  delete: (tabId: string): void => void live.delete(tabId),
  get: (tabId: string | null): LiveTerminal | undefined => (tabId ? live.get(tabId) : undefined)
}

/**
 * Puts text into a terminal the way a paste does (xterm wraps it in bracketed-paste markers when
 * the remote program asked for them); `run` then presses Enter. The text reaches the server only
 * as terminal input, never as a command line Pier builds.
 */
export function sendToTerminal(t: LiveTerminal, text: string, run: boolean): boolean {
  if (!t.session) return false
  // A trailing newline would run a snippet meant only to be pasted.
  t.host.term.paste(text.replace(/[\r\n]+$/, ''))
  if (run) t.session.input('\r')
  t.host.focus()
  return true
}
