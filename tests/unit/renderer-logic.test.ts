// The renderer's pure helpers: readiness, shortcuts, display formatting, stored theme.
import { describe, expect, it } from 'vitest'
import {
  authLabel,
  formatAddress,
  keyTypeLabel,
  shortenFingerprint
} from '../../renderer/src/lib/format'
import {
  ariaShortcut,
  isMacPlatform,
  pageForKey,
  shortcutLabel,
  type KeyLike
} from '../../renderer/src/lib/shortcuts'
import { PAGE_IDS, PAGES, isPageId } from '../../renderer/src/pages/pages'
import { appState } from '../../renderer/src/stores/app-state'
import { restoreUi, type UiState } from '../../renderer/src/stores/ui'

const key = (over: Partial<KeyLike>): KeyLike => ({
  key: '',
  code: '',
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  shiftKey: false,
  ...over
})

describe('appState', () => {
  it('is ready only when both first answers are in', () => {
    expect(appState('loading', 'loading')).toBe('loading')
    expect(appState('ready', 'loading')).toBe('loading')
    expect(appState('loading', 'ready')).toBe('loading')
    expect(appState('ready', 'ready')).toBe('ready')
  })

  it('is error as soon as either failed, even while the other loads', () => {
    expect(appState('error', 'loading')).toBe('error')
    expect(appState('ready', 'error')).toBe('error')
  })
})

describe('page shortcuts', () => {
  it('maps Ctrl or Cmd + 1..8 to the sidebar pages in order', () => {
    expect(
      PAGE_IDS.map((_, i) => pageForKey(key({ code: `Digit${i + 1}`, ctrlKey: true })))
    ).toEqual([...PAGE_IDS])
    expect(pageForKey(key({ code: 'Digit3', metaKey: true }))).toBe('databases')
  })

  it('uses the physical key, so AZERTY’s unshifted digit row works', () => {
    expect(pageForKey(key({ key: '&', code: 'Digit1', ctrlKey: true }))).toBe('servers')
  })

  it('ignores plain digits, other modifiers, and digits past the last page', () => {
    expect(pageForKey(key({ key: '1', code: 'Digit1' }))).toBeNull()
    expect(pageForKey(key({ code: 'Digit1', ctrlKey: true, shiftKey: true }))).toBeNull()
    expect(pageForKey(key({ code: 'Digit1', ctrlKey: true, altKey: true }))).toBeNull()
    expect(pageForKey(key({ code: 'Digit8', ctrlKey: true }))).toBe('containers')
    expect(pageForKey(key({ code: 'Digit9', ctrlKey: true }))).toBe('clusters')
    expect(pageForKey(key({ code: 'Digit0', ctrlKey: true }))).toBeNull()
    expect(pageForKey(key({ code: 'KeyA', key: 'a', ctrlKey: true }))).toBeNull()
  })

  it('labels shortcuts the way each platform writes them', () => {
    expect(shortcutLabel('apps', false)).toBe('Ctrl+2')
    expect(shortcutLabel('apps', true)).toBe('⌘2')
    expect(ariaShortcut('terminals', false)).toBe('Control+6')
    expect(ariaShortcut('terminals', true)).toBe('Meta+6')
    expect(isMacPlatform('darwin')).toBe(true)
    expect(isMacPlatform('MacIntel')).toBe(true)
    expect(isMacPlatform('linux')).toBe(false)
    expect(isMacPlatform('Win32')).toBe(false)
  })

  it('has one page entry per id, each with a title and an explanation', () => {
    for (const id of PAGE_IDS) {
      expect(PAGES[id].id).toBe(id)
      expect(PAGES[id].title.length).toBeGreaterThan(0)
      expect(PAGES[id].about.length).toBeGreaterThan(20)
    }
    expect(isPageId('apps')).toBe(true)
    expect(isPageId('settings')).toBe(false)
  })
})

describe('server field formatting', () => {
  it('brackets IPv6 literals in addresses', () => {
    expect(formatAddress('web-1.example.net', 22)).toBe('web-1.example.net:22')
    expect(formatAddress('10.0.0.4', 2222)).toBe('10.0.0.4:2222')
    expect(formatAddress('2001:db8::1', 22)).toBe('[2001:db8::1]:22')
    expect(formatAddress('[2001:db8::1]', 22)).toBe('[2001:db8::1]:22')
  })

  it('shortens a fingerprint but keeps its algorithm prefix and both ends', () => {
    const fp = 'SHA256:nThbg6kXUpJWGl7E1IGOCspRomTxdCARLviKw6E5SY8'
    expect(shortenFingerprint(fp)).toBe('SHA256:nThbg6kX…5SY8')
    expect(shortenFingerprint('SHA256:short')).toBe('SHA256:short')
    expect(shortenFingerprint('abcdefghijklmnopqrstuvwxyz')).toBe('abcdefgh…wxyz')
  })

  it('names key types and auth methods for people', () => {
    expect(keyTypeLabel('ssh-ed25519')).toBe('ED25519')
    expect(keyTypeLabel('ssh-rsa')).toBe('RSA')
    expect(keyTypeLabel('ecdsa-sha2-nistp256')).toBe('ECDSA-256')
    expect(keyTypeLabel(null)).toBe('')
    expect(authLabel('agent')).toBe('SSH agent')
    expect(authLabel('keyfile')).toBe('Key file')
  })
})

describe('stored UI preferences', () => {
  const current: UiState = { theme: 'system', page: 'apps' }

  it('restores a known theme and keeps the current page', () => {
    expect(restoreUi({ theme: 'dark' }, current)).toEqual({ theme: 'dark', page: 'apps' })
  })

  it('ignores unknown or missing values', () => {
    expect(restoreUi({ theme: 'sepia' }, current)).toBe(current)
    expect(restoreUi(undefined, current)).toBe(current)
    expect(restoreUi(null, current)).toBe(current)
    expect(restoreUi({ page: 'terminals' }, current)).toBe(current)
  })
})
