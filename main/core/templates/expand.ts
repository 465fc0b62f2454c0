// Runs in: main, CLI, headless server (pure; randomness and the clock come in through ExpandContext).
// Expands `${…}` in template values: Dokploy's helpers, and references to the template's own
// variables. A variable's definition is expanded once, on first use (so `${db_password}` is the
// same password everywhere it appears); what a reference or a helper inserts is never scanned
// again, so a value given with --set that contains `${…}` stays exactly as given. Unknown names
// are left as they are, as Dokploy does: `${PORT}` in a value is for compose to interpolate.
import { PierError } from '../errors'
import {
  base64,
  email,
  hash,
  jwt,
  parseDate,
  password,
  previewDomain,
  randomPort,
  username,
  type Rng
} from './helpers'

export interface ExpandContext {
  rng: Rng
  nowMs: number
  /** The stack's name, for preview domains. */
  name: string
  /** The server's IP for preview domains, when known. */
  serverIp: string | null
}

const TOKEN = /\$\{([^}]+)\}/g
const MAX_LENGTH = 4096

function lengthArg(arg: string, fallback: number, what: string): number {
  if (arg === '') return fallback
  const n = Number(arg)
  if (!/^[0-9]{1,4}$/.test(arg) || n < 1 || n > MAX_LENGTH)
    throw new PierError(
      'invalid_input',
      `\${${what}:${arg.slice(0, 20)}} needs a length from 1 to ${MAX_LENGTH}.`,
      `Write it as \${${what}:N}, e.g. \${${what}:32}.`
    )
  return n
}

export class Expander {
  private readonly resolved = new Map<string, string>()
  private readonly resolving: string[] = []

  /**
   * @param definitions the template's [variables], as written
   * @param overrides values given with --set (or kept from an earlier deploy): used literally
   */
  constructor(
    private readonly definitions: Readonly<Record<string, string>>,
    private readonly overrides: Readonly<Record<string, string>>,
    private readonly ctx: ExpandContext
  ) {
    for (const [k, v] of Object.entries(overrides)) this.resolved.set(k, v)
  }

  private has(name: string): boolean {
    return Object.prototype.hasOwnProperty.call(this.definitions, name) || this.resolved.has(name)
  }

  /** A variable's value, expanding its definition on first use. */
  variable(name: string): string {
    const done = this.resolved.get(name)
    if (done !== undefined) return done
    if (this.resolving.includes(name)) {
      const cycle = [...this.resolving.slice(this.resolving.indexOf(name)), name]
      throw new PierError(
        'invalid_input',
        `The template's variables refer to each other in a circle: ${cycle.join(' → ')}.`,
        'Give one of them a value that does not refer back (in template.toml, or with --set).'
      )
    }
    this.resolving.push(name)
    try {
      const value = this.expand(this.definitions[name] ?? '')
      this.resolved.set(name, value)
      return value
    } finally {
      this.resolving.pop()
    }
  }

  /** Every variable, expanded. */
  all(): Record<string, string> {
    const out: Record<string, string> = {}
    for (const k of Object.keys(this.definitions)) out[k] = this.variable(k)
    for (const [k, v] of this.resolved) out[k] ??= v
    return out
  }

  expand(text: string): string {
    return text.replace(TOKEN, (match, inner: string) => this.token(inner) ?? match)
  }

  /** What one `${inner}` becomes; null leaves it as written. */
  private token(inner: string): string | null {
    const { rng } = this.ctx
    const colon = inner.indexOf(':')
    const head = colon === -1 ? inner : inner.slice(0, colon)
    const arg = colon === -1 ? '' : inner.slice(colon + 1)
    switch (head) {
      case 'domain':
        return colon === -1 ? previewDomain(rng, this.ctx.name, this.ctx.serverIp) : null
      case 'password':
        return password(rng, lengthArg(arg, 16, 'password'))
      case 'base64':
        return base64(rng, lengthArg(arg, 32, 'base64'))
      case 'hash':
        return hash(rng, lengthArg(arg, 8, 'hash'))
      case 'uuid':
        return colon === -1 ? rng.uuid() : null
      case 'timestamp':
      case 'timestampms':
      case 'timestamps': {
        const ms = colon === -1 ? this.ctx.nowMs : parseDate(arg)
        if (ms === null)
          throw new PierError(
            'invalid_input',
            `\${${inner.slice(0, 60)}}: "${arg.slice(0, 40)}" is not a date.`,
            'Write a date JavaScript can read, e.g. ${timestamps:2030-01-01T00:00:00Z}.'
          )
        // Dokploy: ${timestamp} is milliseconds, like ${timestampms}; ${timestamps} is seconds.
        return String(head === 'timestamps' ? Math.round(ms / 1000) : ms)
      }
      case 'randomPort':
        return colon === -1 ? randomPort(rng) : null
      case 'jwt':
        return this.jwt(colon === -1 ? null : arg)
      case 'username':
        return colon === -1 ? username(rng) : null
      case 'email':
        return colon === -1 ? email(rng) : null
    }
    return this.has(inner) ? this.variable(inner) : null
  }

  /**
   * `${jwt}`: signed with a random secret. `${jwt:N}` (1-3 digits): N random bytes as hex, not
   * a JWT (Dokploy's shorthand). `${jwt:SECRET:PAYLOAD}`: SECRET and PAYLOAD each name a
   * variable or are literal; a payload that is a JSON object is used, anything else is ignored.
   */
  private jwt(arg: string | null): string {
    const { rng, nowMs } = this.ctx
    if (arg === null) return jwt(rng, { nowMs })
    if (/^[0-9]{1,3}$/.test(arg)) return rng.bytes(Number(arg)).toString('hex')
    const sep = arg.indexOf(':')
    const secretRef = sep === -1 ? arg : arg.slice(0, sep)
    const payloadRef = sep === -1 ? '' : arg.slice(sep + 1)
    const secret = secretRef && this.has(secretRef) ? this.variable(secretRef) : secretRef
    const text = payloadRef && this.has(payloadRef) ? this.variable(payloadRef) : payloadRef
    let payload: Record<string, unknown> | undefined
    if (text.trim().startsWith('{') && text.trim().endsWith('}')) {
      try {
        const parsed: unknown = JSON.parse(text)
        if (parsed && typeof parsed === 'object' && !Array.isArray(parsed))
          payload = parsed as Record<string, unknown>
      } catch {
        throw new PierError(
          'invalid_input',
          `The JWT payload ${JSON.stringify(payloadRef.slice(0, 40))} is not valid JSON.`,
          'Give the payload variable a JSON object, e.g. {"role":"anon"}.'
        )
      }
    }
    return jwt(rng, { secret: secret || undefined, payload, nowMs })
  }
}
