// Runs in: main, preload and renderer (pure data: zod schemas and types, no Node or DOM imports).
// The proxy part of the contract: `domain.add` is `pier domain add APP [DOMAIN] [--path P]
// [--tls auto|internal|FILE] [--port N]`, where APP may be STACK/SERVICE (a compose stack's
// service). Domains and paths are checked by core/proxy (punycode,
// DNS labels, plain path prefixes); here only their size is bounded.
import { z } from 'zod'
import { domainSchema } from '../core/proxy/model'
import { mutation, query } from './define'

const app = z.string().min(1).max(200)
const server = z.string().min(1).max(200)

export const proxyContract = {
  'domain.add': mutation({
    input: z
      .object({
        app,
        /** Left out: a preview domain <app>.<server-ip>.sslip.io. */
        domain: z.string().max(1000).optional(),
        path: z.string().max(1000).optional(),
        /** auto (ACME), internal (Caddy's own CA) or a PEM file with the chain and key. */
        tls: z.string().min(1).max(4096).optional(),
        /** The private key's PEM file, if the --tls file has only the chain. */
        tlsKey: z.string().min(1).max(4096).optional(),
        /** The container port the proxy targets (default: the app's first port target, else 80). */
        port: z.coerce.number().int().min(1).max(65535).optional()
      })
      .strict(),
    output: domainSchema,
    summary:
      "Route a domain (and optional --path prefix) to an app, or to a stack's service as STACK/SERVICE, through its server's Caddy proxy, with HTTPS: --tls auto|internal|FILE. Without DOMAIN: a preview <app>.<ip>.sslip.io.",
    args: ['app', 'domain']
  }),
  'domain.list': query({
    input: z.object({ app: app.optional() }).strict(),
    output: z.array(domainSchema),
    summary:
      "List the domains the proxies route (an app's, a stack's or a stack service's only, with APP, STACK or STACK/SERVICE).",
    args: ['app']
  }),
  'domain.remove': mutation({
    input: z
      .object({ app, domain: z.string().min(1).max(1000), path: z.string().max(1000).optional() })
      .strict(),
    output: z.object({ removed: z.array(z.string()) }),
    summary:
      'Stop routing a domain (every path of it, or only --path P) to an app or a stack service (STACK/SERVICE).',
    args: ['app', 'domain']
  }),
  'proxy.config': query({
    input: z.object({ server }).strict(),
    output: z.object({ server: z.string(), caddyfile: z.string() }),
    summary: "The Caddyfile Pier renders for a server's proxy from its domains.",
    args: ['server']
  }),
  'proxy.apply': mutation({
    input: z.object({ server }).strict(),
    output: z.object({ server: z.string(), caddyfile: z.string() }),
    summary:
      "Render, validate and reload a server's proxy configuration (starts the proxy if missing).",
    args: ['server']
  })
} as const
