// The terminal's shortcuts: Ctrl+Shift on Linux/Windows (Ctrl alone belongs to the shell), Cmd on
// macOS, Ctrl+(Shift+)Tab everywhere; and which ones the browser must perform natively.
import { describe, expect, it } from 'vitest'
import type { KeyLike } from '../../renderer/src/lib/shortcuts'
import {
  isNativeClipboardKey,
  terminalCommand,
  terminalShortcutLabel
} from '../../renderer/src/lib/terminal-keys'

const key = (k: string, mods: Partial<KeyLike> = {}, code?: string): KeyLike => ({
  key: k,
  code: code ?? (/^[a-z]$/i.test(k) ? `Key${k.toUpperCase()}` : k),
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  shiftKey: false,
  ...mods
})
const ctrlShift = { ctrlKey: true, shiftKey: true }

describe('terminal shortcuts on Linux and Windows', () => {
  it('maps Ctrl+Shift+C/V/F/T', () => {
    expect(terminalCommand(key('C', ctrlShift), false)).toBe('copy')
    expect(terminalCommand(key('V', ctrlShift), false)).toBe('paste')
    expect(terminalCommand(key('F', ctrlShift), false)).toBe('find')
    expect(terminalCommand(key('T', ctrlShift), false)).toBe('reopenTab')
  })

  it('leaves Ctrl+C, Ctrl+V, Ctrl+F and Ctrl+T to the shell', () => {
    for (const k of ['c', 'v', 'f', 't', 'd', 'r'])
      expect(terminalCommand(key(k, { ctrlKey: true }), false)).toBeNull()
    expect(terminalCommand(key('c'), false)).toBeNull()
    expect(terminalCommand(key('C', { ...ctrlShift, altKey: true }), false)).toBeNull()
    expect(terminalCommand(key('X', ctrlShift), false)).toBeNull()
    // Cmd means nothing off a Mac.
    expect(terminalCommand(key('c', { metaKey: true }), false)).toBeNull()
  })

  it('switches tabs with Ctrl+Tab and Ctrl+Shift+Tab', () => {
    expect(terminalCommand(key('Tab', { ctrlKey: true }), false)).toBe('nextTab')
    expect(terminalCommand(key('Tab', ctrlShift), false)).toBe('prevTab')
    expect(terminalCommand(key('Tab'), false)).toBeNull()
    expect(terminalCommand(key('Tab', { ctrlKey: true, altKey: true }), false)).toBeNull()
  })

  it('matches by physical key on layouts without Latin letters', () => {
    expect(terminalCommand(key('С', ctrlShift, 'KeyC'), false)).toBe('copy')
    expect(terminalCommand(key('М', ctrlShift, 'KeyV'), false)).toBe('paste')
  })
})

describe('terminal shortcuts on macOS', () => {
  it('maps Cmd+C/V/F and Cmd+Shift+T', () => {
    expect(terminalCommand(key('c', { metaKey: true }), true)).toBe('copy')
    expect(terminalCommand(key('v', { metaKey: true }), true)).toBe('paste')
    expect(terminalCommand(key('f', { metaKey: true }), true)).toBe('find')
    expect(terminalCommand(key('T', { metaKey: true, shiftKey: true }), true)).toBe('reopenTab')
  })

  it('leaves Ctrl keys to the shell and refuses odd combinations', () => {
    expect(terminalCommand(key('c', { ctrlKey: true }), true)).toBeNull()
    expect(terminalCommand(key('C', ctrlShift), true)).toBeNull()
    expect(terminalCommand(key('t', { metaKey: true }), true)).toBeNull()
    expect(terminalCommand(key('C', { metaKey: true, shiftKey: true }), true)).toBeNull()
    expect(terminalCommand(key('Tab', { ctrlKey: true }), true)).toBe('nextTab')
  })
})

describe('native clipboard keys and labels', () => {
  it('lets the browser paste everywhere and copy on macOS (xterm handles both events)', () => {
    expect(isNativeClipboardKey('paste', false)).toBe(true)
    expect(isNativeClipboardKey('paste', true)).toBe(true)
    expect(isNativeClipboardKey('copy', true)).toBe(true)
    expect(isNativeClipboardKey('copy', false)).toBe(false)
    expect(isNativeClipboardKey('find', false)).toBe(false)
  })

  it('labels each shortcut for its platform', () => {
    expect(terminalShortcutLabel('reopenTab', false)).toBe('Ctrl+Shift+T')
    expect(terminalShortcutLabel('reopenTab', true)).toBe('⌘⇧T')
    expect(terminalShortcutLabel('copy', true)).toBe('⌘C')
    expect(terminalShortcutLabel('nextTab', false)).toBe('Ctrl+Tab')
  })
})
