// Runs in: main, CLI, headless server (pure but for the clock and the RNG it is given).
// The value generators behind Dokploy's template helpers (${password}, ${base64:N}, ${jwt}, …).
// Defaults and output shapes follow Dokploy's, so its templates render as their authors meant;
// every random value comes from node:crypto.
import { createHmac, randomBytes, randomInt, randomUUID } from 'node:crypto'

/** The randomness a render uses; tests pass their own to see that every helper draws from it. */
export interface Rng {
  bytes(n: number): Buffer
  /** A uniform integer in [min, max). */
  int(min: number, max: number): number
  uuid(): string
}

export const cryptoRng: Rng = {
  bytes: (n) => randomBytes(n),
  int: (min, max) => randomInt(min, max),
  uuid: () => randomUUID()
}

const LOWER_ALNUM = 'abcdefghijklmnopqrstuvwxyz0123456789'

/**
 * Dokploy draws from A-Za-z0-9 and lowercases the result; we draw uniformly from what that
 * leaves (a-z0-9), which is the same alphabet without the bias toward letters.
 */
export function password(rng: Rng, length = 16): string {
  let out = ''
  for (let i = 0; i < length; i++) out += LOWER_ALNUM[rng.int(0, LOWER_ALNUM.length)]
  return out
}

/** N random bytes in base64 (so 4·⌈N/3⌉ characters). */
export const base64 = (rng: Rng, bytes = 32): string => rng.bytes(bytes).toString('base64')

/** N hex characters. */
export const hash = (rng: Rng, length = 8): string =>
  rng
    .bytes(Math.ceil(length / 2))
    .toString('hex')
    .slice(0, length)

/**
 * Dokploy returns 0-65534; a port 0 or a privileged port is useless to a template, so we pick
 * from the unprivileged range 1024-65535.
 */
export const randomPort = (rng: Rng): string => String(rng.int(1024, 65536))

const b64url = (b: Buffer): string =>
  b.toString('base64').replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_')

/** Dokploy's JWT defaults: valid until 2030-01-01 (UTC); iat is now. */
export const JWT_EXP = Math.floor(Date.UTC(2030, 0, 1) / 1000)

/**
 * An HS256 JWT. Without a secret one is drawn (32 random bytes as hex), as Dokploy does. The
 * payload gets iat (now), exp (2030-01-01) and iss unless it sets them; Dokploy's default issuer
 * is "dokploy", ours is "pier".
 */
export function jwt(
  rng: Rng,
  opts: { secret?: string; payload?: Record<string, unknown>; nowMs?: number } = {}
): string {
  const now = Math.floor((opts.nowMs ?? Date.now()) / 1000)
  const header = b64url(Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'JWT' })))
  const payload = b64url(
    Buffer.from(JSON.stringify({ iat: now, exp: JWT_EXP, iss: 'pier', ...opts.payload }))
  )
  const secret = opts.secret || rng.bytes(32).toString('hex')
  const sig = b64url(createHmac('sha256', secret).update(`${header}.${payload}`).digest())
  return `${header}.${payload}.${sig}`
}

const ADJECTIVES = [
  'amber',
  'brave',
  'calm',
  'deft',
  'eager',
  'fair',
  'glad',
  'keen',
  'lucky',
  'mild',
  'neat',
  'proud',
  'quick',
  'sunny',
  'tidy',
  'wise'
]
const NOUNS = [
  'otter',
  'heron',
  'maple',
  'cedar',
  'falcon',
  'harbor',
  'comet',
  'pebble',
  'willow',
  'lynx',
  'river',
  'meadow',
  'finch',
  'badger',
  'aspen',
  'tern'
]

/** A readable lowercase user name, e.g. "calm-otter-4821" (Dokploy uses faker for this). */
export function username(rng: Rng): string {
  const a = ADJECTIVES[rng.int(0, ADJECTIVES.length)]
  const n = NOUNS[rng.int(0, NOUNS.length)]
  return `${a}-${n}-${rng.int(1000, 10000)}`
}

/** A lowercase address under example.com (reserved, so it never mails anyone). */
export const email = (rng: Rng): string => `${username(rng).replace(/-/g, '.')}@example.com`

/**
 * A preview domain in Dokploy's shape, `<name>-<6 hex>-<ip with dashes>.sslip.io`, which
 * sslip.io resolves to that IP. Without a known IP it uses 127.0.0.1, as Dokploy does: the
 * name then resolves only on the server itself, so set a real domain with --set.
 */
export function previewDomain(rng: Rng, name: string, ip: string | null): string {
  const slug = (ip || '127.0.0.1').replace(/[.:]/g, '-')
  return `${name.slice(0, 40)}-${hash(rng, 6)}-${slug}.sslip.io`
}

/** "2024-01-01" (any Date-parsable text) → ms since the epoch; null when unparsable. */
export function parseDate(text: string): number | null {
  const ms = new Date(text).getTime()
  return Number.isNaN(ms) ? null : ms
}
