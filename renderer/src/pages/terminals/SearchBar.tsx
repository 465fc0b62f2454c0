// Runs in: renderer.
// Find in a terminal's output and scrollback: Enter for the next match, Shift+Enter for the
// previous one, Escape to close and go back to typing in the terminal.
import { useState, type JSX } from 'react'
import { CloseIcon } from '../../components/icons'
import type { XtermHost } from '../../terminal/xterm-host'

export function SearchBar({
  host,
  onClose
}: {
  host: XtermHost
  onClose: () => void
}): JSX.Element {
  const [text, setText] = useState('')
  const [found, setFound] = useState<boolean | null>(null)
  const go = (backwards: boolean): void => setFound(text ? host.find(text, backwards) : null)
  const close = (): void => {
    host.clearSearch()
    onClose()
    host.focus()
  }
  return (
    <div className="term-search" role="search" data-testid="terminal-search">
      <input
        className="input term-search-input"
        aria-label="Find in terminal"
        placeholder="Find"
        value={text}
        autoFocus
        spellCheck={false}
        aria-invalid={found === false ? true : undefined}
        onChange={(e) => {
          setText(e.target.value)
          setFound(e.target.value ? host.find(e.target.value) : null)
        }}
        onKeyDown={(e) => {
          if (e.key === 'Enter') {
            e.preventDefault()
            go(e.shiftKey)
          } else if (e.key === 'Escape') {
            e.preventDefault()
            e.stopPropagation()
            close()
          }
        }}
      />
      {found === false && <span className="term-search-none">No results</span>}
      <button
        type="button"
        className="icon-button"
        aria-label="Previous match"
        title="Previous (Shift+Enter)"
        onClick={() => go(true)}
      >
        ↑
      </button>
      <button
        type="button"
        className="icon-button"
        aria-label="Next match"
        title="Next (Enter)"
        onClick={() => go(false)}
      >
        ↓
      </button>
      <button type="button" className="icon-button" aria-label="Close find" onClick={close}>
        <CloseIcon />
      </button>
    </div>
  )
}
