// Runs in: renderer.
// The terminal tabs: click to switch, double-click the title to rename (Enter keeps, Escape
// cancels), × to close. A dot says how each tab's session is doing.
import { useState, type JSX } from 'react'
import { CloseIcon } from '../../components/icons'
import { terminalActions, type TerminalTab } from '../../stores/terminals'

const STATUS_LABEL: Record<TerminalTab['status'], string> = {
  connecting: 'connecting',
  open: 'connected',
  exited: 'exited',
  lost: 'connection lost',
  failed: 'failed to open'
}

function TabTitle({ tab }: { tab: TerminalTab }): JSX.Element {
  const [editing, setEditing] = useState<string | null>(null)
  if (editing !== null) {
    const done = (keep: boolean): void => {
      if (keep) terminalActions.rename(tab.id, editing)
      setEditing(null)
    }
    return (
      <input
        className="term-tab-rename"
        aria-label="Tab name"
        value={editing}
        autoFocus
        maxLength={80}
        spellCheck={false}
        onFocus={(e) => e.currentTarget.select()}
        onChange={(e) => setEditing(e.target.value)}
        onBlur={() => done(true)}
        onKeyDown={(e) => {
          e.stopPropagation()
          if (e.key === 'Enter') done(true)
          else if (e.key === 'Escape') done(false)
        }}
      />
    )
  }
  return (
    <span
      className="term-tab-title"
      title="Double-click to rename"
      onDoubleClick={() => setEditing(tab.title)}
    >
      {tab.title}
    </span>
  )
}

export function TabBar({
  tabs,
  activeId,
  onClose
}: {
  tabs: TerminalTab[]
  activeId: string | null
  onClose: (tab: TerminalTab) => void
}): JSX.Element {
  return (
    <div className="term-tabs" role="tablist" aria-label="Terminals">
      {tabs.map((tab) => {
        const active = tab.id === activeId
        return (
          <div
            key={tab.id}
            className="term-tab"
            role="tab"
            id={`term-tab-${tab.id}`}
            aria-selected={active}
            aria-controls={`term-panel-${tab.id}`}
            tabIndex={active ? 0 : -1}
            data-tab-id={tab.id}
            data-status={tab.status}
            onClick={() => terminalActions.activate(tab.id)}
            onAuxClick={(e) => {
              if (e.button === 1) onClose(tab)
            }}
          >
            <span
              className={`term-tab-dot term-tab-dot-${tab.status}`}
              title={STATUS_LABEL[tab.status]}
              aria-hidden="true"
            />
            <TabTitle tab={tab} />
            <button
              type="button"
              className="term-tab-close"
              aria-label={`Close ${tab.title}`}
              title="Close"
              onClick={(e) => {
                e.stopPropagation()
                onClose(tab)
              }}
            >
              <CloseIcon size={13} />
            </button>
          </div>
        )
      })}
    </div>
  )
}
