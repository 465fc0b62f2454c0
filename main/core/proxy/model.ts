// Runs in: main, and in the renderer through the API contract (pure zod, no Node imports).
// Domains as Pier stores them, and the checks every domain and path passes before it can reach
// a Caddyfile: DNS names only (IDNs as punycode), plain path prefixes, nothing Caddy would parse
// as syntax. The renderer checks again (caddyfile.ts), so a value that slipped past is refused there.
import { z } from 'zod'

/** One DNS label: letters, digits and inner hyphens (punycode labels are "xn--…"). */
export const LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/
/** A path prefix: "/" or "/seg/seg", URL-safe characters only, no trailing slash. */
export const PATH = /^\/(?:[A-Za-z0-9._~-]+(?:\/[A-Za-z0-9._~-]+)*)?$/

export type DomainProblem = string | null

/** Why `name` (already lowercase ASCII) is not a domain Pier serves, or null when it is. */
export function domainProblem(name: string): DomainProblem {
  if (name.length === 0) return 'A domain is required.'
  if (name.length > 253) return 'A domain is at most 253 characters.'
  if (name.includes('*')) return 'Wildcard domains are not supported; add each name.'
  const labels = name.split('.')
  if (labels.length < 2) return 'A domain needs at least two labels, like app.example.com.'
  const bad = labels.find((l) => !LABEL.test(l))
  if (bad !== undefined)
    return bad === ''
      ? 'A domain cannot have an empty label ("..", or a dot at either end).'
      : 'A domain is letters, digits, "-" and dots only; each label 1-63 characters, no "-" at its ends.'
  if (/^[0-9]+$/.test(labels.at(-1) ?? ''))
    return 'IP addresses are not domains here; `pier domain add APP` without a domain gives a preview domain.'
  return null
}

/** Why `p` is not a path prefix Pier routes, or null when it is. */
export function pathProblem(p: string): DomainProblem {
  if (p.length > 200) return 'A path is at most 200 characters.'
  if (!p.startsWith('/')) return 'A path starts with "/", like /api.'
  if (p.split('/').some((s) => s === '..' || s === '.')) return 'A path cannot contain "." or "..".'
  if (!PATH.test(p))
    return 'A path is "/" followed by letters, digits and . _ ~ - in segments separated by single "/".'
  return null
}

export const tlsMode = z.enum(['auto', 'internal', 'custom'])
export type TlsMode = z.infer<typeof tlsMode>

/** A stack service a domain may target: one DNS label, so `tasks.<stack>_<service>` is a name. */
export const STACK_SERVICE = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/

export const domainSchema = z.object({
  id: z.string(),
  /** What it routes to: the app's name, or "STACK/SERVICE" for a compose stack's service. */
  app: z.string(),
  /** The stack and its service, for a stack's domain; null for an app's. */
  stack: z.string().nullable(),
  service: z.string().nullable(),
  /** Made from a template's [config] domains (a redeploy of the template replaces it). */
  fromTemplate: z.boolean(),
  server: z.string(),
  /** Lowercase ASCII; an IDN is stored as punycode. */
  domain: z.string(),
  /** "/" for the whole site, else a prefix like "/api" (kept, not stripped, when proxying). */
  path: z.string(),
  tls: tlsMode,
  /** The container port the proxy targets; null: the app's first port target (a stack: 80). */
  port: z.number().int().min(1).max(65535).nullable(),
  /** The port actually targeted now (port, or the default worked out from the app). */
  targetPort: z.number().int(),
  /** Made by Pier from the server's address (<app>.<ip>.sslip.io). */
  preview: z.boolean(),
  createdAt: z.number().int()
})
export type Domain = z.infer<typeof domainSchema>

/** The overlay network the proxy and every app with a domain join. */
export const PROXY_NETWORK = 'pier'
/** The proxy's swarm service. */
export const PROXY_SERVICE = 'pier-proxy'
export const DEFAULT_CADDY_IMAGE = 'caddy:2'
