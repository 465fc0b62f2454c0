// Runs in: renderer.
// Terminals: tabs of server shells (container shells later), a snippets panel and the terminal
// settings. Always mounted, hidden while another page shows, so sessions and scrollback survive
// a visit to Servers. The page's shortcuts (copy, paste, find, reopen, switch tabs) are taken out
// of xterm's input by `takesKey` and handled here.
import { useCallback, useEffect, useState, type JSX } from 'react'
import { terminalSettingsActions } from '../actions'
import { EmptyState } from '../components/EmptyState'
import { TerminalsIcon } from '../components/icons'
import { isMacPlatform, pageForKey } from '../lib/shortcuts'
import {
  isNativeClipboardKey,
  terminalCommand,
  terminalShortcutLabel,
  type TerminalCommand
} from '../lib/terminal-keys'
import { serverSelectors, useServers } from '../stores/servers'
import {
  needsCloseConfirmation,
  terminalActions,
  terminalSelectors,
  useTerminals,
  type TerminalTab
} from '../stores/terminals'
import { setPage } from '../stores/ui'
import { terminalRegistry } from '../terminal/registry'
import { PAGES } from './pages'
import { CloseTabDialog } from './terminals/CloseTabDialog'
import { NewTerminalMenu } from './terminals/NewTerminalMenu'
import { SnippetsPanel } from './terminals/SnippetsPanel'
import { TabBar } from './terminals/TabBar'
import { TerminalPane } from './terminals/TerminalPane'
import { TerminalSettingsDialog } from './terminals/TerminalSettingsDialog'

const mac = isMacPlatform(window.pier?.platform ?? navigator.platform)

function run(command: TerminalCommand): void {
  const activeId = useTerminals.getState().activeId
  const live = terminalRegistry.get(activeId)
  switch (command) {
    case 'nextTab':
      return terminalActions.cycle(1)
    case 'prevTab':
      return terminalActions.cycle(-1)
    case 'reopenTab':
      terminalActions.reopen()
      return
    case 'find':
      return live?.openSearch()
    case 'copy':
      void live?.host.copy()
      return
    case 'paste':
      // The browser's own paste event reaches xterm, which handles bracketed paste.
      return
  }
}

function NoTerminals(): JSX.Element {
  const servers = useServers(serverSelectors.servers)
  const info = PAGES.terminals
  return (
    <EmptyState
      icon={<TerminalsIcon size={22} />}
      title={info.emptyTitle}
      labelledBy="terminals-empty-title"
    >
      <p className="lead">{info.about}</p>
      {servers.length === 0 ? (
        <div className="callout">
          <p>A terminal opens on one of your servers, so add a server first.</p>
          <button
            type="button"
            className="button button-primary"
            onClick={() => setPage('servers')}
          >
            Go to Servers
          </button>
        </div>
      ) : (
        <ul className="term-start">
          {servers.map((s) => (
            <li key={s.id}>
              <button
                type="button"
                className="button button-secondary"
                onClick={() => terminalActions.open('shell', { server: s.name })}
              >
                <TerminalsIcon /> Open a shell on {s.name}
              </button>
            </li>
          ))}
        </ul>
      )}
    </EmptyState>
  )
}

export function TerminalsPage({ visible }: { visible: boolean }): JSX.Element {
  const tabs = useTerminals(terminalSelectors.tabs)
  const activeId = useTerminals(terminalSelectors.activeId)
  const canReopen = useTerminals(terminalSelectors.canReopen)
  const [closing, setClosing] = useState<TerminalTab | null>(null)
  const [snippetsOpen, setSnippetsOpen] = useState(false)
  const [settingsOpen, setSettingsOpen] = useState(false)

  useEffect(() => {
    void terminalSettingsActions.load()
  }, [])

  const requestClose = useCallback((tab: TerminalTab): void => {
    if (needsCloseConfirmation(tab)) setClosing(tab)
    else terminalActions.close(tab.id)
  }, [])

  // Inside xterm: keep the page's keys (and the sidebar's Ctrl/Cmd+1..6) from becoming input.
  const takesKey = useCallback(
    (e: KeyboardEvent): boolean =>
      e.type === 'keydown' && (terminalCommand(e, mac) !== null || pageForKey(e) !== null),
    []
  )

  useEffect(() => {
    if (!visible) return
    const onKey = (e: KeyboardEvent): void => {
      if (e.isComposing) return
      const command = terminalCommand(e, mac)
      if (!command) return
      // Copy and find need a terminal; outside one, copy is the page's own.
      const inTerminal = (e.target as Element | null)?.closest?.('.term-host') != null
      if ((command === 'copy' || command === 'paste') && !inTerminal) return
      if (!isNativeClipboardKey(command, mac)) e.preventDefault()
      if (e.repeat && command === 'reopenTab') return
      run(command)
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [visible])

  return (
    <section
      className="terminals"
      hidden={!visible}
      aria-label="Terminals"
      data-testid="terminals-page"
    >
      <div className="term-toolbar">
        <TabBar tabs={tabs} activeId={activeId} onClose={requestClose} />
        <NewTerminalMenu />
        <span className="term-toolbar-gap" />
        <button
          type="button"
          className="button button-secondary term-toolbar-button"
          disabled={!canReopen}
          onClick={() => terminalActions.reopen()}
          title={`Reopen the last closed tab (${terminalShortcutLabel('reopenTab', mac)})`}
        >
          Reopen closed
        </button>
        <button
          type="button"
          className="button button-secondary term-toolbar-button"
          aria-pressed={snippetsOpen}
          onClick={() => setSnippetsOpen((o) => !o)}
        >
          Snippets
        </button>
        <button
          type="button"
          className="button button-secondary term-toolbar-button"
          onClick={() => setSettingsOpen(true)}
        >
          Settings…
        </button>
      </div>
      <div className="term-body">
        <div className="term-stack">
          {tabs.length === 0 && <NoTerminals />}
          {tabs.map((tab) => (
            <TerminalPane
              key={tab.id}
              tab={tab}
              visible={visible && tab.id === activeId}
              takesKey={takesKey}
            />
          ))}
        </div>
        {snippetsOpen && <SnippetsPanel onClose={() => setSnippetsOpen(false)} />}
      </div>
      {closing && (
        <CloseTabDialog
          tab={closing}
          onCancel={() => setClosing(null)}
          onConfirm={() => {
            terminalActions.close(closing.id)
            setClosing(null)
          }}
        />
      )}
      {settingsOpen && <TerminalSettingsDialog onClose={() => setSettingsOpen(false)} />}
    </section>
  )
}
