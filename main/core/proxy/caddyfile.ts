// Runs in: main, CLI, headless server.
// Renders the proxy's Caddyfile from Pier's domains. Every value is checked again here against
// the same strict patterns as the input (DNS names, plain paths, service names, ports), so no
// character Caddy reads as syntax (braces, quotes, spaces, newlines, "#", "{$ENV}") can get in,
// whatever a caller passes. The file is kept on the server and stays readable by hand.
import { domainProblem, pathProblem } from './model'

export interface Route {
  domain: string
  path: string
  tls: 'auto' | 'internal' | 'custom'
  /** The app's swarm service, or tasks.<stack>_<service>: either name on the proxy network
   * resolves to every task's address (tasks.… does so whatever the service's endpoint mode). */
  service: string
  port: number
}

/** Where the proxy container sees ~/.pier/proxy. */
export const CONFIG_DIR = '/etc/pier-proxy'
/** A custom certificate: one 0600 PEM file with the chain and the key. */
export const certFile = (domain: string): string => `${CONFIG_DIR}/certs/${domain}.pem`

const SERVICE = /^(?:tasks\.)?[a-z][a-z0-9-]{0,62}_[a-z0-9-]{1,63}$/

export class RenderError extends Error {}

function check(r: Route): void {
  const problem = domainProblem(r.domain) ?? pathProblem(r.path)
  if (problem) throw new RenderError(`refusing to render ${JSON.stringify(r.domain)}: ${problem}`)
  if (!SERVICE.test(r.service))
    throw new RenderError(`refusing to render the service name ${JSON.stringify(r.service)}`)
  if (!Number.isInteger(r.port) || r.port < 1 || r.port > 65535)
    throw new RenderError(`refusing to render the port ${String(r.port)}`)
}

function proxyBlock(r: Route, indent: string): string[] {
  // `dynamic a` re-resolves the service name every second, so tasks that start or stop are
  // seen without a reload. A dial that fails (a task just stopped, its address gone) is retried
  // on another address for up to 15 s, and that address is avoided for 10 s: during a
  // start-first update requests go to whichever task answers, none fails.
  return [
    `${indent}reverse_proxy {`,
    `${indent}\tdynamic a {`,
    `${indent}\t\tname ${r.service}`,
    `${indent}\t\tport ${r.port}`,
    `${indent}\t\trefresh 1s`,
    `${indent}\t}`,
    `${indent}\tlb_policy round_robin`,
    `${indent}\tlb_try_duration 15s`,
    `${indent}\tlb_try_interval 250ms`,
    `${indent}\tfail_duration 10s`,
    `${indent}\ttransport http {`,
    `${indent}\t\tdial_timeout 2s`,
    `${indent}\t}`,
    `${indent}}`
  ]
}

/** The whole Caddyfile; routes in any order (output is sorted, so equal input gives equal text). */
export function renderCaddyfile(routes: readonly Route[]): string {
  routes.forEach(check)
  const out = [
    '# Rendered by Pier from its domains (pier domain list); Pier replaces it at every change.',
    '# Reload by hand: docker exec $(docker ps -q -f label=com.docker.swarm.service.name=pier-proxy) \\',
    '#   caddy reload --config /etc/pier-proxy/Caddyfile --adapter caddyfile',
    '{',
    // The internal CA's root stays in the proxy's /data volume; there is no trust store to fill.
    '\tskip_install_trust',
    '}'
  ]
  const byDomain = new Map<string, Route[]>()
  for (const r of routes) byDomain.set(r.domain, [...(byDomain.get(r.domain) ?? []), r])
  for (const domain of [...byDomain.keys()].sort()) {
    const list = byDomain.get(domain) ?? []
    const tls = list[0]?.tls ?? 'auto'
    if (list.some((r) => r.tls !== tls))
      throw new RenderError(`${domain} has routes with different TLS modes`)
    out.push('', `${domain} {`)
    if (tls === 'internal') out.push('\ttls internal')
    if (tls === 'custom') out.push(`\ttls ${certFile(domain)} ${certFile(domain)}`)
    // Longest prefix first; Caddy keeps handle blocks with named matchers in written order, and
    // only the first matching handle runs.
    const sorted = [...list].sort(
      (a, b) => b.path.length - a.path.length || (a.path < b.path ? -1 : 1)
    )
    sorted.forEach((r, i) => {
      if (r.path === '/') {
        out.push('\thandle {', ...proxyBlock(r, '\t\t'), '\t}')
        return
      }
      out.push(
        `\t@pier${i} path ${r.path} ${r.path}/*`,
        `\thandle @pier${i} {`,
        ...proxyBlock(r, '\t\t'),
        '\t}'
      )
    })
    if (!list.some((r) => r.path === '/')) out.push('\thandle {', '\t\trespond 404', '\t}')
    out.push('}')
  }
  return out.join('\n') + '\n'
}
