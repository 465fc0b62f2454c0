// Runs in: headless server.
// `pier serve` listens on loopback only, but any web page the user visits can still reach
// 127.0.0.1. So every request needs the random token (in the URL once, then a SameSite cookie),
// the Host must be ours (DNS rebinding), and a cross-origin Origin is refused.
import { randomBytes, timingSafeEqual } from 'node:crypto'
import type { IncomingMessage } from 'node:http'

/**
 * Browsers do not separate cookies by port, so the name carries it: two `pier serve` instances
 * never overwrite each other's token.
 */
export const cookieName = (port: number): string => `pier_token_${port}`

export function newToken(): string {
  return randomBytes(24).toString('base64url')
}

export function tokenMatches(expected: string, given: string | null | undefined): boolean {
  if (!given) return false
  const a = Buffer.from(expected)
  const b = Buffer.from(given)
  return a.length === b.length && timingSafeEqual(a, b)
}

export function cookieToken(req: IncomingMessage, name: string): string | null {
  const header = req.headers.cookie
  if (!header) return null
  for (const part of header.split(';')) {
    const [k, ...v] = part.trim().split('=')
    if (k === name) return v.join('=')
  }
  return null
}

export function bearerToken(req: IncomingMessage): string | null {
  const h = req.headers.authorization
  return h?.startsWith('Bearer ') ? h.slice(7) : null
}

export type Verdict = { ok: true } | { ok: false; status: 401 | 403; reason: string }

export function checkRequest(
  req: IncomingMessage,
  opts: {
    token: string
    cookie: string
    hosts: readonly string[]
    origins: readonly string[]
    queryToken: string | null
    requireOrigin: boolean
  }
): Verdict {
  if (!req.headers.host || !opts.hosts.includes(req.headers.host.toLowerCase())) {
    return { ok: false, status: 403, reason: 'unexpected Host header' }
  }
  const origin = req.headers.origin
  if (origin !== undefined ? !opts.origins.includes(origin) : opts.requireOrigin) {
    return { ok: false, status: 403, reason: 'cross-origin request refused' }
  }
  const given = opts.queryToken ?? cookieToken(req, opts.cookie) ?? bearerToken(req)
  if (!tokenMatches(opts.token, given))
    return { ok: false, status: 401, reason: 'missing or wrong token' }
  return { ok: true }
}
