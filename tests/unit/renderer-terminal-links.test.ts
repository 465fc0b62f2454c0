// Links from terminal output: http(s) only, checked in the renderer and again by the contract;
// main's opener when there is one, else a new tab without an opener.
import { describe, expect, it } from 'vitest'
import { dispatchCall, toWireError } from '../../main/api/dispatch'
import { createHandlers } from '../../main/api/router'
import { isWebUrl, openTerminalLink } from '../../renderer/src/lib/terminal-links'
import { testCore } from '../support/core'

const ctx = () => ({ transport: 'test' as const, signal: new AbortController().signal })

const GOOD = [
  'http://example.com',
  'https://example.com/path?q=1#frag',
  'https://[2001:db8::1]:8443/x',
  'HTTPS://EXAMPLE.COM/'
]
const BAD = [
  '',
  'file:///etc/passwd',
  'javascript:alert(1)',
  'data:text/html,<script>alert(1)</script>',
  'smb://host/share',
  'ssh://host',
  'vscode://file/x',
  ' https://example.com',
  'https://exa mple.com',
  'https://example.com/\nrm',
  'http:/example.com-but-no-host',
  'https://',
  '//example.com',
  'https://' + 'a'.repeat(9000) + '.com'
]

describe('link scheme check', () => {
  it('accepts http(s) URLs', () => {
    for (const u of GOOD) expect(isWebUrl(u), u).toBe(true)
  })
  it('refuses every other scheme, whitespace and control characters', () => {
    for (const u of BAD) expect(isWebUrl(u), u).toBe(false)
  })
})

describe('opening a link', () => {
  const opener = (external: boolean) => {
    const calls: string[] = []
    return {
      calls,
      openExternal: async (u: string) => {
        calls.push(`external ${u}`)
        return external
      },
      openInPage: (u: string) => void calls.push(`page ${u}`)
    }
  }

  it('goes to the system browser when main can open it', async () => {
    const o = opener(true)
    expect(await openTerminalLink('https://pier.dev', o)).toBe('external')
    expect(o.calls).toEqual(['external https://pier.dev'])
  })

  it('falls back to a new tab where main has no opener (pier serve)', async () => {
    const o = opener(false)
    expect(await openTerminalLink('https://pier.dev', o)).toBe('page')
    expect(o.calls).toEqual(['external https://pier.dev', 'page https://pier.dev'])
  })

  it('never passes on anything else', async () => {
    const o = opener(true)
    expect(await openTerminalLink('file:///etc/passwd', o)).toBe('refused')
    expect(o.calls).toEqual([])
  })
})

describe('system.openExternal', () => {
  it('answers {opened:false} without an injected opener', async () => {
    const handlers = createHandlers(testCore())
    expect(
      await dispatchCall(handlers, 'system.openExternal', { url: 'https://x.dev' }, ctx())
    ).toEqual({ opened: false })
  })

  it('hands checked URLs to the injected opener and refuses others before it runs', async () => {
    const opened: string[] = []
    const handlers = createHandlers(testCore(), {
      openExternal: async (u) => void opened.push(u)
    })
    expect(
      await dispatchCall(handlers, 'system.openExternal', { url: 'https://x.dev/a' }, ctx())
    ).toEqual({ opened: true })
    for (const url of ['file:///etc/passwd', 'javascript:alert(1)', 'smb://h/s']) {
      const wire = await dispatchCall(handlers, 'system.openExternal', { url }, ctx()).then(
        () => null,
        toWireError
      )
      expect(wire?.code, url).toBe('invalid_input')
    }
    expect(opened).toEqual(['https://x.dev/a'])
  })
})
