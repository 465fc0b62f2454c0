// Runs in: main, CLI, headless server.
// Domains and the proxy in front of the apps: each server runs Caddy as the swarm service
// pier-proxy, and its Caddyfile is rendered from this laptop's domains table at every change,
// validated on the server, then reloaded in place (remote-scripts/proxy-apply.sh).
import { randomUUID } from 'node:crypto'
import { lookup } from 'node:dns/promises'
import fs from 'node:fs'
import { isIP } from 'node:net'
import { domainToASCII } from 'node:url'
import type { App } from '../apps/model'
import { serviceName } from '../apps/model'
import { PierError } from '../errors'
import type { EventBus } from '../events'
import { remoteScript } from '../remote-scripts'
import type { Keychain } from '../secrets/keychain'
import type { ServersService } from '../servers/service'
import type { SshPool } from '../ssh/pool'
import { shJoin } from '../ssh/quote'
import { renderCaddyfile, RenderError, type Route } from './caddyfile'
import { combinedPem } from './certificate'
import {
  DEFAULT_CADDY_IMAGE,
  domainProblem,
  pathProblem,
  PROXY_NETWORK,
  type Domain,
  type TlsMode
} from './model'
import { DomainRepository, type DomainRow } from './repository'

export interface DomainInput {
  app: string
  /** Empty or missing: a preview domain <app>.<server-ip>.sslip.io. */
  domain?: string
  path?: string
  /** auto (ACME), internal (Caddy's own CA) or the path of a PEM file with chain and key. */
  tls?: string
  /** The key's PEM file, when the --tls file holds only the chain. */
  tlsKey?: string
  port?: number
}

export interface ProxyDeps {
  db: ConstructorParameters<typeof DomainRepository>[0]
  servers: ServersService
  pool: SshPool
  apps: { get(name: string): App }
  keychain: () => Keychain
  bus: EventBus
  /** The Caddy image; PIER_CADDY_IMAGE, else caddy:2. */
  image?: () => string
}

const certRef = (id: string): string => `domain-cert:${id}`
const invalid = (message: string, hint: string): PierError =>
  new PierError('invalid_input', message, hint)

/** Lowercase ASCII; an internationalized name becomes its punycode form (what DNS and TLS use). */
export function normalizeDomain(input: string): string {
  const raw = input.trim().toLowerCase().replace(/\.$/, '')
  // Checked before any conversion: the URL parser would quietly drop or map some of these.
  if (/[^\p{L}\p{N}.-]/u.test(raw) || raw.length > 253) {
    const problem = domainProblem(raw.slice(0, 300)) ?? 'It contains a character a domain cannot.'
    throw invalid(
      `${JSON.stringify(input.slice(0, 80))} is not a domain: ${problem}`,
      'Use a DNS name like app.example.com.'
    )
  }
  const ascii = /^[\x20-\x7e]*$/.test(raw) ? raw : domainToASCII(raw)
  const problem = ascii === '' ? 'It is not a valid internationalized name.' : domainProblem(ascii)
  if (problem)
    throw invalid(
      `${JSON.stringify(input.slice(0, 80))} is not a domain: ${problem}`,
      'Use a DNS name like app.example.com.'
    )
  return ascii
}

export function normalizePath(input: string | undefined): string {
  const p =
    input === undefined || input === '' ? '/' : input.length > 1 ? input.replace(/\/$/, '') : input
  const problem = pathProblem(p)
  if (problem)
    throw invalid(
      `${JSON.stringify(input?.slice(0, 80))} is not a path prefix: ${problem}`,
      'Use a prefix like /api (requests keep the prefix when they reach the app).'
    )
  return p
}

const PRIVATE = /^(10\.|127\.|192\.168\.|169\.254\.|172\.(1[6-9]|2[0-9]|3[01])\.)/

export class ProxyService {
  private readonly repo: DomainRepository

  constructor(private readonly deps: ProxyDeps) {
    this.repo = new DomainRepository(deps.db)
  }

  private image(): string {
    return this.deps.image?.() ?? (process.env.PIER_CADDY_IMAGE || DEFAULT_CADDY_IMAGE)
  }

  private view(row: DomainRow): Domain {
    const app = this.deps.apps.get(row.appName)
    return {
      id: row.id,
      app: row.appName,
      server: app.server,
      domain: row.domain,
      path: row.path,
      tls: row.tls,
      port: row.port,
      targetPort: row.port ?? app.spec.ports[0]?.target ?? 80,
      preview: row.preview,
      createdAt: row.createdAt
    }
  }

  list(app?: string): Domain[] {
    const rows = this.repo.list().filter((r) => app === undefined || r.appName === app)
    if (app !== undefined) this.deps.apps.get(app)
    return rows.map((r) => this.view(r))
  }

  /** The network an app's compose file joins: the proxy's, once the app has a domain. */
  networkFor(app: string): string | null {
    return this.repo.list().some((r) => r.appName === app) ? PROXY_NETWORK : null
  }

  /** The server address a preview domain uses: the server's host if it is an IPv4 address, else
   * what this laptop's resolver gives for it (IPv4; sslip.io names need one). */
  private async serverIp(host: string): Promise<string> {
    if (isIP(host) === 4) return host
    try {
      return (await lookup(host, { family: 4 })).address
    } catch {
      throw invalid(
        `Cannot work out an IPv4 address for ${host} to make a preview domain.`,
        'Give a domain: pier domain add APP DOMAIN'
      )
    }
  }

  async add(input: DomainInput): Promise<Domain> {
    // Checked before anything else, so a bad value gets its own message whatever the app.
    if (input.domain) normalizeDomain(input.domain)
    normalizePath(input.path)
    const app = this.deps.apps.get(input.app)
    const server = this.deps.servers.get(app.serverId)
    const preview = !input.domain
    let domain: string
    let tls: TlsMode
    if (preview) {
      const ip = await this.serverIp(server.host)
      domain = normalizeDomain(`${app.name}.${ip}.sslip.io`)
      // A private address cannot pass an ACME challenge from the internet.
      tls = input.tls === 'internal' || PRIVATE.test(ip) ? 'internal' : 'auto'
    } else {
      domain = normalizeDomain(input.domain ?? '')
      tls =
        input.tls === 'internal'
          ? 'internal'
          : input.tls === undefined || input.tls === 'auto'
            ? 'auto'
            : 'custom'
    }
    const path = normalizePath(input.path)
    if (
      input.port !== undefined &&
      (!Number.isInteger(input.port) || input.port < 1 || input.port > 65535)
    )
      throw invalid('The port is a container port, 1-65535.', 'Give the port the app listens on.')
    let pem: string | null = null
    if (tls === 'custom') {
      const read = (file: string): string => {
        try {
          return fs.readFileSync(file, 'utf8')
        } catch {
          throw invalid(
            `--tls is auto, internal or a PEM file; cannot read ${JSON.stringify(file.slice(0, 200))}.`,
            'Give the file with the certificate chain (and its key, or --tls-key FILE).'
          )
        }
      }
      pem = combinedPem(domain, read(input.tls ?? ''), input.tlsKey ? read(input.tlsKey) : '')
    }
    if (this.repo.find(domain, path))
      throw new PierError(
        'already_exists',
        `${domain}${path === '/' ? '' : path} is routed already.`,
        'See pier domain list; remove it first to route it elsewhere.'
      )
    const same = this.repo.list().filter((r) => r.domain === domain)
    if (same.some((r) => r.serverId !== app.serverId))
      throw invalid(
        `${domain} is served by another server's proxy.`,
        'A domain points at one server; use another name.'
      )
    if (same.some((r) => r.tls !== tls))
      throw invalid(
        `${domain} already uses TLS mode ${same[0]?.tls ?? '?'}; all its paths share one certificate.`,
        `Add the path with --tls ${same[0]?.tls === 'custom' ? 'FILE' : (same[0]?.tls ?? 'auto')}.`
      )
    const id = randomUUID()
    if (pem !== null) this.deps.keychain().set(certRef(id), pem)
    this.repo.insert({
      id,
      appId: app.id,
      domain,
      path,
      tls,
      port: input.port ?? null,
      preview,
      createdAt: Math.floor(Date.now() / 1000)
    })
    try {
      await this.apply(app.serverId)
    } catch (err) {
      // A domain exists only once its server's proxy took it.
      this.repo.remove(id)
      if (pem !== null) this.deps.keychain().delete(certRef(id))
      throw err
    }
    this.deps.bus.changed('apps')
    return this.view(this.repo.find(domain, path) as DomainRow)
  }

  async remove(app: string, domain: string, path?: string): Promise<{ removed: string[] }> {
    const a = this.deps.apps.get(app)
    const d = normalizeDomain(domain)
    const rows = this.repo
      .list()
      .filter(
        (r) =>
          r.appName === a.name &&
          r.domain === d &&
          (path === undefined || r.path === normalizePath(path))
      )
    if (rows.length === 0)
      throw new PierError(
        'not_found',
        `${a.name} has no domain ${d}${path ? ` with path ${path}` : ''}.`,
        `See its domains: pier domain list ${a.name}`
      )
    for (const r of rows) this.repo.remove(r.id)
    await this.apply(a.serverId)
    for (const r of rows) if (r.tls === 'custom') this.deps.keychain().delete(certRef(r.id))
    this.deps.bus.changed('apps')
    return { removed: rows.map((r) => `${r.domain}${r.path === '/' ? '' : r.path}`) }
  }

  /** The Caddyfile a server's proxy gets now (what `apply` sends). */
  render(serverId: string): string {
    const routes: Route[] = this.repo.forServer(serverId).map((r) => {
      const v = this.view(r)
      return {
        domain: v.domain,
        path: v.path,
        tls: v.tls,
        service: serviceName(v.app),
        port: v.targetPort
      }
    })
    try {
      return renderCaddyfile(routes)
    } catch (err) {
      if (err instanceof RenderError)
        throw new PierError(
          'internal',
          `The proxy configuration was not rendered: ${err.message}`,
          'Remove the offending domain.'
        )
      throw err
    }
  }

  /** Renders, uploads and applies a server's proxy configuration; the proxy starts if missing. */
  async apply(server: string, caddyfile?: string): Promise<{ server: string; caddyfile: string }> {
    const s = this.deps.servers.get(server)
    const rows = this.repo.forServer(s.id)
    const text = caddyfile ?? this.render(s.id)
    const link = this.deps.pool.link(s.id)
    const custom = [...new Set(rows.filter((r) => r.tls === 'custom').map((r) => r.domain))]
    for (const d of custom) {
      const row = rows.find((r) => r.domain === d && r.tls === 'custom') as DomainRow
      const pem = this.deps.keychain().get(certRef(row.id))
      if (pem === null)
        throw new PierError(
          'not_found',
          `The keychain has no certificate for ${d}.`,
          `Add it again: pier domain remove ${row.appName} ${d}; pier domain add ${row.appName} ${d} --tls FILE`
        )
      await this.run(link, s.name, 'proxy-cert.sh', [d], pem, 'Uploading the certificate')
    }
    const services = [...new Set(rows.map((r) => serviceName(r.appName)))]
    await this.run(
      link,
      s.name,
      'proxy-apply.sh',
      [this.image(), custom.join(' '), services.join(' ')],
      text,
      'Applying the proxy configuration'
    )
    return { server: s.name, caddyfile: text }
  }

  /** Makes sure the proxy network exists before an app that joins it deploys. */
  async prepareDeploy(app: string): Promise<string | null> {
    const network = this.networkFor(app)
    if (network === null) return null
    const a = this.deps.apps.get(app)
    await this.run(
      this.deps.pool.link(a.serverId),
      a.server,
      'proxy-network.sh',
      [],
      '',
      'Creating the proxy network'
    )
    return network
  }

  /** The server's copy of an app's domains was dropped with the app: re-render its proxy. */
  async appRemoved(serverId: string): Promise<void> {
    if (this.repo.forServer(serverId).length > 0 || (await this.hasProxy(serverId)))
      await this.apply(serverId)
  }

  private async hasProxy(serverId: string): Promise<boolean> {
    const r = await this.deps.pool
      .link(serverId)
      .exec(shJoin(['docker', 'service', 'inspect', 'pier-proxy']), { timeoutMs: 30_000 })
    return r.code === 0
  }

  private async run(
    link: ReturnType<SshPool['link']>,
    server: string,
    script: string,
    argv: readonly string[],
    stdin: string,
    what: string
  ): Promise<string> {
    const r = await link.exec(shJoin(['sh', '-c', remoteScript(script), 'pier', ...argv]), {
      stdin,
      // The first apply may pull Caddy's image and start the service.
      timeoutMs: 300_000
    })
    if (r.code !== 0) {
      const lines = (r.stderr || r.stdout).trim().split('\n')
      const error = lines
        .filter((l) => l.startsWith('error: '))
        .at(-1)
        ?.slice(7)
      throw new PierError(
        'remote_failed',
        `${what} failed on ${server}: ${(error ?? lines.at(-1) ?? '').slice(0, 300)}`,
        'The proxy keeps its previous configuration. Details: ' +
          lines.slice(-4).join(' | ').slice(0, 400)
      )
    }
    return r.stdout
  }
}
