// Runs in: renderer.
// A node's actions behind one button: availability (drain, pause, activate), role (promote,
// demote), labels and leaving. A menu button in the ARIA sense: arrows move between the items,
// Escape closes and gives focus back to the button, a click elsewhere closes it.
import { useEffect, useRef, useState, type JSX } from 'react'
import type { ClusterNode } from '../../../../main/core/clusters/model'
import { nodeChoices, nodeLabel, type NodeChoice } from '../../lib/clusters'

export function NodeMenu({
  node,
  managers,
  disabled,
  onChoice,
  onLabels,
  onLeave
}: {
  node: ClusterNode
  managers: number
  disabled: boolean
  onChoice: (choice: NodeChoice) => void
  onLabels: () => void
  /** Absent for a node that did not join through Pier: Pier has no SSH link to take it out. */
  onLeave?: () => void
}): JSX.Element {
  const [open, setOpen] = useState(false)
  const button = useRef<HTMLButtonElement>(null)
  const menu = useRef<HTMLUListElement>(null)
  const name = nodeLabel(node)
  const items: { id: string; label: string; run: () => void; danger?: boolean }[] = [
    ...nodeChoices(node, managers).map((c) => ({
      id: c.id,
      label: c.label,
      run: () => onChoice(c)
    })),
    { id: 'labels', label: 'Edit labels…', run: onLabels },
    ...(onLeave ? [{ id: 'leave', label: 'Leave cluster…', run: onLeave, danger: true }] : [])
  ]

  useEffect(() => {
    if (!open) return
    menu.current?.querySelector<HTMLElement>('[role="menuitem"]')?.focus()
    const away = (e: MouseEvent): void => {
      const t = e.target as Node
      if (!menu.current?.contains(t) && !button.current?.contains(t)) setOpen(false)
    }
    document.addEventListener('mousedown', away)
    return () => document.removeEventListener('mousedown', away)
  }, [open])

  const close = (): void => {
    setOpen(false)
    button.current?.focus()
  }
  const move = (delta: number): void => {
    const all = [...(menu.current?.querySelectorAll<HTMLElement>('[role="menuitem"]') ?? [])]
    const at = all.indexOf(document.activeElement as HTMLElement)
    all[(at + delta + all.length) % all.length]?.focus()
  }

  return (
    <span className="node-menu">
      <button
        ref={button}
        type="button"
        className="button button-secondary button-small"
        aria-haspopup="menu"
        aria-expanded={open}
        aria-label={`Actions for ${name}`}
        disabled={disabled}
        onClick={() => setOpen(!open)}
      >
        Actions ▾
      </button>
      {open && (
        <ul
          ref={menu}
          className="node-menu-list"
          role="menu"
          aria-label={`Actions for ${name}`}
          onKeyDown={(e) => {
            if (e.key === 'Escape') {
              e.preventDefault()
              e.stopPropagation()
              close()
            } else if (e.key === 'ArrowDown') {
              e.preventDefault()
              move(1)
            } else if (e.key === 'ArrowUp') {
              e.preventDefault()
              move(-1)
            } else if (e.key === 'Tab') setOpen(false)
          }}
        >
          {items.map((item) => (
            <li key={item.id} role="none">
              <button
                type="button"
                role="menuitem"
                className={`node-menu-item${item.danger ? ' node-menu-danger' : ''}`}
                data-choice={item.id}
                onClick={() => {
                  setOpen(false)
                  item.run()
                }}
              >
                {item.label}
              </button>
            </li>
          ))}
        </ul>
      )}
    </span>
  )
}
