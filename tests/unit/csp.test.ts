import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { CONTENT_SECURITY_POLICY } from '../../main/api/csp'

describe('Content-Security-Policy', () => {
  it('the meta tag in index.html says the same as the header, less what a meta tag cannot carry', () => {
    const html = fs.readFileSync(
      path.resolve(import.meta.dirname, '../../renderer/index.html'),
      'utf8'
    )
    const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)?.[1]
    // Browsers ignore frame-ancestors in a meta tag; the header carries it.
    const header = CONTENT_SECURITY_POLICY.split('; ').filter(
      (d) => !d.startsWith('frame-ancestors')
    )
    expect(meta?.split('; ')).toEqual(header)
  })

  it('allows no inline or remote script', () => {
    const script = CONTENT_SECURITY_POLICY.split('; ').find((d) => d.startsWith('script-src'))
    expect(script).toBe("script-src 'self'")
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-eval|https?:|\*/)
  })
})
