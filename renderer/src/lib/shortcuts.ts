// Runs in: renderer.
// Ctrl/Cmd+1..9 and 0 switch pages (0 is the tenth, as on the number row). Matching is by
// physical key (`code`), so the digits work on layouts such as AZERTY where the unshifted key is not a digit.
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
  const digit = /^Digit([0-9])$/.exec(e.code)?.[1] ?? (/^[0-9]$/.test(e.key) ? e.key : undefined)
  if (!digit) return null
  return PAGE_IDS[digit === '0' ? 9 : Number(digit) - 1] ?? null
}

/** The number-row digit of a page: 1-9, then 0 for the tenth. */
function digitOf(page: PageId): string {
  return String((PAGE_IDS.indexOf(page) + 1) % 10)
}

export function isMacPlatform(platform: string): boolean {
  return /^(darwin|mac)/i.test(platform)
}

/** `⌘1` on macOS, `Ctrl+1` elsewhere, for titles and hints. */
export function shortcutLabel(page: PageId, mac: boolean): string {
  const n = digitOf(page)
  return mac ? `⌘${n}` : `Ctrl+${n}`
}

/** The same shortcut in `aria-keyshortcuts` syntax. */
export function ariaShortcut(page: PageId, mac: boolean): string {
  return `${mac ? 'Meta' : 'Control'}+${digitOf(page)}`
}
