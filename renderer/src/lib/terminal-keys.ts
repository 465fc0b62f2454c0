// Runs in: renderer.
// The terminal's own shortcuts. Each is taken out of the terminal's input (xterm never sees it)
// and handled by the Terminals page instead. Linux and Windows use Ctrl+Shift, because Ctrl+C,
// Ctrl+V, Ctrl+F and Ctrl+T all mean something to the shell; macOS uses Cmd, which the shell
// never receives. Letters match by the character typed, or by physical key on layouts whose
// letters are not Latin (so Ctrl+Shift+С on a Russian layout still copies).
import type { KeyLike } from './shortcuts'

export type TerminalCommand = 'copy' | 'paste' | 'find' | 'reopenTab' | 'nextTab' | 'prevTab'

const LETTERS: Record<string, TerminalCommand> = {
  c: 'copy',
  v: 'paste',
  f: 'find',
  t: 'reopenTab'
}

function letterOf(e: KeyLike): string | null {
  if (/^[a-z]$/i.test(e.key)) return e.key.toLowerCase()
  const code = /^Key([A-Z])$/.exec(e.code)?.[1]
  return code ? code.toLowerCase() : null
}

export function terminalCommand(e: KeyLike, mac: boolean): TerminalCommand | null {
  if (e.key === 'Tab' && e.ctrlKey && !e.metaKey && !e.altKey)
    return e.shiftKey ? 'prevTab' : 'nextTab'
  if (e.altKey) return null
  const letter = letterOf(e)
  if (!letter) return null
  const command = LETTERS[letter]
  if (!command) return null
  if (mac) {
    if (!e.metaKey || e.ctrlKey) return null
    // Cmd+Shift+T reopens; Cmd+C, Cmd+V, Cmd+F take no Shift.
    return e.shiftKey === (command === 'reopenTab') ? command : null
  }
  return e.ctrlKey && e.shiftKey && !e.metaKey ? command : null
}

/**
 * Commands the browser performs itself, by firing a native copy or paste event that xterm
 * handles (bracketed paste included): the page must not preventDefault these keys.
 */
export function isNativeClipboardKey(command: TerminalCommand, mac: boolean): boolean {
  if (command === 'paste') return true
  return mac && command === 'copy'
}

/** For titles and hints: `⌘⇧T` on macOS, `Ctrl+Shift+T` elsewhere. */
export function terminalShortcutLabel(command: TerminalCommand, mac: boolean): string {
  const letter: Record<TerminalCommand, string> = {
    copy: 'C',
    paste: 'V',
    find: 'F',
    reopenTab: 'T',
    nextTab: 'Tab',
    prevTab: 'Tab'
  }
  if (command === 'nextTab') return mac ? '⌃Tab' : 'Ctrl+Tab'
  if (command === 'prevTab') return mac ? '⌃⇧Tab' : 'Ctrl+Shift+Tab'
  if (mac) return `⌘${command === 'reopenTab' ? '⇧' : ''}${letter[command]}`
  return `Ctrl+Shift+${letter[command]}`
}
