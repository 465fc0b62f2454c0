// Runs in: renderer.
// One tab's terminal: the xterm (made once, kept while the tab lives, so switching tabs or pages
// keeps its screen and scrollback), the session of the tab's current epoch, the find bar and the
// banner when the session is over. `visible` is false for background tabs and while another page
// is shown.
import { useEffect, useRef, useState, type JSX } from 'react'
import { api, describeError } from '../../api'
import { useScheme } from '../../hooks/useScheme'
import { TERMINAL_THEMES } from '../../lib/terminal-theme'
import { openTerminalLink } from '../../lib/terminal-links'
import { terminalSettingsSelectors, useTerminalSettings } from '../../stores/terminal-settings'
import { terminalActions, type TerminalTab } from '../../stores/terminals'
import { connectSession } from '../../terminal/connect'
import { terminalRegistry, type LiveTerminal } from '../../terminal/registry'
import { XtermHost } from '../../terminal/xterm-host'
import { SearchBar } from './SearchBar'
import { SessionBanner } from './SessionBanner'

const openLink = (url: string): void =>
  void openTerminalLink(url, {
    openExternal: async (u) => (await api.call('system.openExternal', { url: u })).opened,
    openInPage: (u) => void window.open(u, '_blank', 'noopener,noreferrer')
  }).catch(() => undefined)

export function TerminalPane({
  tab,
  visible,
  takesKey
}: {
  tab: TerminalTab
  visible: boolean
  takesKey: (e: KeyboardEvent) => boolean
}): JSX.Element {
  const el = useRef<HTMLDivElement>(null)
  const [host, setHost] = useState<XtermHost | null>(null)
  const [searching, setSearching] = useState(false)
  const settings = useTerminalSettings(terminalSettingsSelectors.settings)
  const scheme = useScheme()
  // Read once at creation; later changes are applied by the effects below. takesKey is stable.
  const initial = useRef({ settings, scheme, takesKey })

  useEffect(() => {
    if (!el.current) return
    const h = new XtermHost(el.current, {
      settings: initial.current.settings,
      theme: TERMINAL_THEMES[initial.current.scheme],
      takesKey: (e) => initial.current.takesKey(e),
      onLink: openLink
    })
    const entry: LiveTerminal = { host: h, session: null, openSearch: () => setSearching(true) }
    terminalRegistry.set(tab.id, entry)
    setHost(h)
    return () => {
      terminalRegistry.delete(tab.id)
      entry.session?.close()
      h.dispose()
      setHost(null)
    }
  }, [tab.id])

  // Before the session effect: a visible terminal fits first, so the shell opens at its size.
  useEffect(() => {
    if (!host) return
    host.setVisible(visible)
    if (visible) host.focus()
  }, [host, visible])

  // A new epoch is a new session in this tab (the first one, or Restart / Reconnect).
  const { id, epoch, kind, target } = tab
  useEffect(() => {
    const entry = terminalRegistry.get(id)
    if (!host || !entry) return
    // Whatever the last program left (an alternate screen, odd modes) must not leak into the next.
    if (epoch > 1) {
      host.term.reset()
      host.term.write('\x1b[2m— new session —\x1b[0m\r\n')
    }
    const session = connectSession({
      api,
      describeError,
      host,
      kind,
      target,
      events: {
        ready: (sessionId) => terminalActions.ready(id, epoch, sessionId),
        ended: (code, signal) => terminalActions.ended(id, epoch, code, signal),
        failed: (error, opened) => terminalActions.failed(id, epoch, error, opened)
      }
    })
    entry.session = session
    return () => {
      session.close()
      if (entry.session === session) entry.session = null
    }
    // target is fixed for a tab's life; its identity changes only with the tab.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [host, id, epoch])

  useEffect(() => host?.applySettings(settings), [host, settings])
  useEffect(() => host?.setTheme(TERMINAL_THEMES[scheme]), [host, scheme])

  return (
    <div
      className="term-pane"
      role="tabpanel"
      id={`term-panel-${tab.id}`}
      aria-labelledby={`term-tab-${tab.id}`}
      hidden={!visible}
      data-tab-id={tab.id}
      data-terminal-state={tab.status}
    >
      <SessionBanner tab={tab} onRestart={() => terminalActions.restart(tab.id)} />
      <div className="term-frame" data-scheme={scheme}>
        {searching && host && <SearchBar host={host} onClose={() => setSearching(false)} />}
        <div className="term-host" ref={el} data-testid="terminal" />
      </div>
    </div>
  )
}
