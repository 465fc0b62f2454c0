// Runs in: renderer.
// Ctrl/Cmd+1..9 switch pages. Matching is by physical key (`code`), so the digits work on
// layouts such as AZERTY where the unshifted key is not a digit.
import { PAGE_IDS, type PageId } from '../pages/pages'

export interface KeyLike {
  key: string
  code: string
  ctrlKey: boolean
  metaKey: boolean
  altKey: boolean
  shiftKey: boolean
}

export function pageForKey(e: KeyLike): PageId | null {
  if (!(e.ctrlKey || e.metaKey) || e.altKey || e.shiftKey) return null
  const digit = /^Digit([1-9])$/.exec(e.code)?.[1] ?? (/^[1-9]$/.test(e.key) ? e.key : undefined)
  if (!digit) return null
  return PAGE_IDS[Number(digit) - 1] ?? null
}

export function isMacPlatform(platform: string): boolean {
  return /^(darwin|mac)/i.test(platform)
}

/** `⌘1` on macOS, `Ctrl+1` elsewhere, for titles and hints. */
export function shortcutLabel(page: PageId, mac: boolean): string {
  const n = PAGE_IDS.indexOf(page) + 1
  return mac ? `⌘${n}` : `Ctrl+${n}`
}

/** The same shortcut in `aria-keyshortcuts` syntax. */
export function ariaShortcut(page: PageId, mac: boolean): string {
  return `${mac ? 'Meta' : 'Control'}+${PAGE_IDS.indexOf(page) + 1}`
}
