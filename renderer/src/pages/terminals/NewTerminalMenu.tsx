// Runs in: renderer.
// "+": a shell on one of the servers Pier knows.
import { useEffect, useRef, useState, type JSX } from 'react'
import { PlusIcon } from '../../components/icons'
import { serverSelectors, useServers } from '../../stores/servers'
import { terminalActions } from '../../stores/terminals'

export function NewTerminalMenu(): JSX.Element {
  const servers = useServers(serverSelectors.servers)
  const [open, setOpen] = useState(false)
  const ref = useRef<HTMLDivElement>(null)
  useEffect(() => {
    if (!open) return
    const away = (e: MouseEvent): void => {
      if (!ref.current?.contains(e.target as Node)) setOpen(false)
    }
    window.addEventListener('mousedown', away)
    return () => window.removeEventListener('mousedown', away)
  }, [open])
  return (
    <div className="term-new" ref={ref}>
      <button
        type="button"
        className="icon-button term-new-button"
        aria-label="New terminal"
        title="New terminal"
        aria-haspopup="menu"
        aria-expanded={open}
        onClick={() => setOpen((o) => !o)}
      >
        <PlusIcon />
      </button>
      {open && (
        <div
          className="menu"
          role="menu"
          aria-label="Open a shell on"
          onKeyDown={(e) => {
            if (e.key === 'Escape') setOpen(false)
          }}
        >
          {servers.length === 0 && <p className="menu-empty">Add a server first.</p>}
          {servers.map((s, i) => (
            <button
              key={s.id}
              type="button"
              role="menuitem"
              className="menu-item"
              autoFocus={i === 0}
              onClick={() => {
                setOpen(false)
                terminalActions.open('shell', { server: s.name })
              }}
            >
              {s.name}
              <span className="menu-item-aside mono">
                {s.username}@{s.host}
              </span>
            </button>
          ))}
        </div>
      )}
    </div>
  )
}
