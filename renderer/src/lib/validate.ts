// Runs in: renderer.
// Live checks for the Add Server form. The same rules as main/core/servers/validate.ts, which
// decides for real when `server.add` arrives; they are repeated here because that module is zod,
// and zod's JIT would trip the renderer's CSP (no 'unsafe-eval'). A unit test keeps the two in
// step. Each function returns what is wrong in words a person can act on, or null.

export const SERVER_NAME_RULE =
  '1–63 lowercase letters, digits or “-”, starting with a letter or digit'

const NAME = /^[a-z0-9][a-z0-9-]{0,62}$/
const HOSTNAME =
  /^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\.?$/
const IPV6 = /^\[?[0-9A-Fa-f:.]{2,45}(%[A-Za-z0-9._-]{1,32})?\]?$/
const USER = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,31}$/

/** A character as the user should see it in a message: spaces and controls named. */
function shown(ch: string): string {
  if (ch === ' ') return 'space'
  const code = ch.codePointAt(0) ?? 0
  if (code < 0x20 || code === 0x7f) return `U+${code.toString(16).toUpperCase().padStart(4, '0')}`
  return `“${ch}”`
}

export function nameProblem(name: string): string | null {
  if (NAME.test(name)) return null
  if (name === '') return 'Give the server a name.'
  const chars = [...name]
  if (chars.length > 63) return `Use at most 63 characters (this has ${chars.length}).`
  const bad = [...new Set(chars.filter((c) => !/[a-z0-9-]/.test(c)))]
  if (bad.length > 0) {
    const upper = bad.some((c) => c !== c.toLowerCase())
    const list = bad.slice(0, 5).map(shown).join(', ')
    return `Not allowed: ${list}${bad.length > 5 ? ' …' : ''}.${upper ? ' Use lowercase.' : ''}`
  }
  return 'Start with a letter or digit, not “-”.'
}

export function hostProblem(host: string): string | null {
  if (host === '') return 'Give a host name or IP address.'
  if (HOSTNAME.test(host) || (host.includes(':') && IPV6.test(host))) return null
  if (/\s/.test(host)) return 'A host has no spaces.'
  if (host.includes('@')) return 'Only the host here; the user goes in its own field.'
  return 'Use a host name (such as server.example.com) or an IP address.'
}

export function portProblem(port: string): string | null {
  if (!/^\d{1,5}$/.test(port.trim())) return 'The port is a number, 1–65535 (usually 22).'
  const n = Number(port)
  return n >= 1 && n <= 65535 ? null : 'The port is a number, 1–65535 (usually 22).'
}

export function userProblem(user: string): string | null {
  if (user === '') return 'Give the user Pier signs in as.'
  if (USER.test(user)) return null
  return 'A login name: letters, digits, “_”, “.” or “-”, up to 32 characters.'
}

export function keyPathProblem(path: string): string | null {
  if (path.trim() === '') return 'Give the path of the private key file.'
  if (path.length > 4096) return 'That path is too long.'
  if (path.trim().endsWith('.pub')) return 'That is the public key; give the private key file.'
  return null
}

export function passwordProblem(password: string): string | null {
  if (password === '') return 'Type the password.'
  if (password.length > 1024) return 'That password is too long.'
  return null
}
