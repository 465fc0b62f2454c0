// Runs in: main, CLI, headless server.
// Domains and the proxy in front of the apps and stack services: each server runs Caddy as the
// swarm service pier-proxy, and its Caddyfile is rendered from this laptop's domains table at
// every change, validated on the server, then reloaded in place (remote-scripts/proxy-apply.sh).
// A domain targets an app ("web") or a compose stack's service ("shop/web"); a stack's services
// with a domain join the proxy network through the stack's overlay file (stacks/proxy-overlay.ts).
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
import { parseComposeInfo, proxyOverlay } from '../stacks/proxy-overlay'
import { StackRepository, type StackRow } from '../stacks/repository'
import { renderCaddyfile, RenderError, type Route } from './caddyfile'
import { combinedPem } from './certificate'
import {
  DEFAULT_CADDY_IMAGE,
  domainProblem,
  pathProblem,
  PROXY_NETWORK,
  STACK_SERVICE,
  type Domain,
  type TlsMode
} from './model'
import { DomainRepository, type DomainRow } from './repository'

export interface DomainInput {
  /** An app's name, or STACK/SERVICE for a compose stack's service. */
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
/** Names no public CA issues for (RFC 2606, 6761, 8375): a template's domain there gets tls internal. */
const RESERVED = /\.(test|localhost|local|internal|invalid|example|home\.arpa)$/
/** sslip.io names of a private address cannot pass an ACME challenge either. */
const PRIVATE_SSLIP =
  /(^|[.-])(10|127)[.-]\d+[.-]\d+[.-]\d+\.sslip\.io$|(^|[.-])192[.-]168[.-]\d+[.-]\d+\.sslip\.io$|(^|[.-])172[.-](1[6-9]|2\d|3[01])[.-]\d+[.-]\d+\.sslip\.io$/

/** The TLS mode a template's domain gets: Caddy's own CA where ACME cannot work, else ACME. */
export function templateTls(domain: string): TlsMode {
  return RESERVED.test(domain) || PRIVATE_SSLIP.test(domain) ? 'internal' : 'auto'
}

/** What a domain routes to. */
type Target =
  { kind: 'app'; app: App } | { kind: 'stack'; stack: StackRow; service: string; serverId: string }

/** A template's [config] domain, as the template renderer gives it. */
export interface StackDomainSpec {
  service: string
  port: number
  host: string
  path: string
  /** The host came from ${domain} (a fresh preview name each render): keep the one in use. */
  generated?: boolean
}

export class ProxyService {
  private readonly repo: DomainRepository
  private readonly stacks: StackRepository

  constructor(private readonly deps: ProxyDeps) {
    this.repo = new DomainRepository(deps.db)
    this.stacks = new StackRepository(deps.db)
  }

  /** "web" is an app; "shop/web" is the service web of the stack shop. */
  private target(label: string): Target {
    const slash = label.indexOf('/')
    if (slash === -1) {
      const stack = this.stacks.get(label)
      if (stack && !this.stacks.isAppName(label))
        throw invalid(
          `${label} is a stack; a domain routes to one of its services.`,
          `Name the service: pier domain add ${label}/SERVICE DOMAIN (its services: ${stack.services.join(', ')}).`
        )
      return { kind: 'app', app: this.deps.apps.get(label) }
    }
    const name = label.slice(0, slash)
    const service = label.slice(slash + 1)
    const stack = this.stacks.get(name)
    if (!stack)
      throw new PierError(
        'not_found',
        `There is no stack named ${JSON.stringify(name.slice(0, 80))}.`,
        'See `pier stack list`; a stack service is named STACK/SERVICE.'
      )
    if (!stack.services.includes(service))
      throw new PierError(
        'not_found',
        `The stack ${stack.name} has no service ${JSON.stringify(service.slice(0, 80))}.`,
        `Its services: ${stack.services.join(', ')}.`
      )
    if (!STACK_SERVICE.test(service))
      throw invalid(
        `The service name ${JSON.stringify(service.slice(0, 80))} cannot take a domain.`,
        'A service with a domain is 1-63 lowercase letters, digits or inner "-" (it becomes a DNS name on the proxy network); rename it in the compose file.'
      )
    return { kind: 'stack', stack, service, serverId: stack.serverId }
  }

  private image(): string {
    return this.deps.image?.() ?? (process.env.PIER_CADDY_IMAGE || DEFAULT_CADDY_IMAGE)
  }

  private view(row: DomainRow): Domain {
    if (row.stackName !== null && row.service !== null)
      return {
        id: row.id,
        app: `${row.stackName}/${row.service}`,
        stack: row.stackName,
        service: row.service,
        fromTemplate: row.fromTemplate,
        server: this.deps.servers.get(row.serverId).name,
        domain: row.domain,
        path: row.path,
        tls: row.tls,
        port: row.port,
        targetPort: row.port ?? 80,
        preview: row.preview,
        createdAt: row.createdAt
      }
    const app = this.deps.apps.get(row.appName ?? '')
    return {
      id: row.id,
      app: app.name,
      stack: null,
      service: null,
      fromTemplate: row.fromTemplate,
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

  /** Every domain; or an app's, a stack's (NAME) or one stack service's (NAME/SERVICE). */
  list(app?: string): Domain[] {
    if (app !== undefined && !this.stacks.get(app)) this.target(app)
    return this.repo
      .list()
      .filter(
        (r) =>
          app === undefined ||
          r.appName === app ||
          r.stackName === app ||
          `${r.stackName}/${r.service}` === app
      )
      .map((r) => this.view(r))
  }

  /** A stack's services that have a domain (they join the proxy network). */
  stackServices(stackId: string): string[] {
    return [...new Set(this.repo.forStack(stackId).map((r) => r.service ?? ''))].filter(Boolean)
  }

  /** A stack's domains as URLs, with the service each reaches. */
  stackUrls(stackId: string): { url: string; service: string }[] {
    return this.repo.forStack(stackId).map((r) => ({
      url: `https://${r.domain}${r.path === '/' ? '/' : r.path}`,
      service: r.service ?? ''
    }))
  }

  /** The ids of a stack's domains, whose custom certificates go when the stack does. */
  stackDomainIds(stackId: string): string[] {
    return this.repo.forStack(stackId).map((r) => r.id)
  }

  /** The network an app's compose file joins: the proxy's, once the app has a domain. */
  networkFor(app: string): string | null {
    return this.repo.list().some((r) => r.appName === app && r.appId !== null)
      ? PROXY_NETWORK
      : null
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
    const target = this.target(input.app)
    const serverId = target.kind === 'app' ? target.app.serverId : target.serverId
    const server = this.deps.servers.get(serverId)
    const preview = !input.domain
    let domain: string
    let tls: TlsMode
    if (preview) {
      const ip = await this.serverIp(server.host)
      // A stack service's preview: SERVICE-STACK.<ip>.sslip.io (one label: no "/" in names).
      const label =
        target.kind === 'app' ? target.app.name : `${target.service}-${target.stack.name}`
      domain = normalizeDomain(`${label}.${ip}.sslip.io`)
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
    if (same.some((r) => r.serverId !== serverId))
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
      appId: target.kind === 'app' ? target.app.id : null,
      stackId: target.kind === 'stack' ? target.stack.id : null,
      service: target.kind === 'stack' ? target.service : null,
      domain,
      path,
      tls,
      port: input.port ?? null,
      preview,
      createdAt: Math.floor(Date.now() / 1000)
    })
    try {
      if (target.kind === 'stack') await this.syncStackNetwork(target.stack)
      await this.apply(serverId)
    } catch (err) {
      // A domain exists only once its server's proxy took it.
      this.repo.remove(id)
      if (pem !== null) this.deps.keychain().delete(certRef(id))
      if (target.kind === 'stack') await this.syncStackNetwork(target.stack).catch(() => undefined)
      throw err
    }
    this.deps.bus.changed(target.kind === 'app' ? 'apps' : 'stacks')
    return this.view(this.repo.find(domain, path) as DomainRow)
  }

  /**
   * Writes the stack's proxy overlay on its server (the services with a domain join the proxy
   * network) and redeploys the stack if it runs, so a service that just got its first domain is
   * reachable; docker leaves the other services alone.
   */
  private async syncStackNetwork(stack: StackRow): Promise<void> {
    const overlay = proxyOverlay(
      parseComposeInfo(stack.composeInfo ?? '{}'),
      this.stackServices(stack.id)
    )
    const server = this.deps.servers.get(stack.serverId)
    await this.run(
      this.deps.pool.link(stack.serverId),
      server.name,
      'stack-proxy.sh',
      [stack.name, remoteScript('stack-up.sh')],
      overlay,
      `Joining the stack ${stack.name} to the proxy network`
    )
  }

  /**
   * Checks a template's domains before its stack deploys: hosts are domains, paths are paths,
   * services can take a domain, and no other app or stack routes the name already.
   */
  checkStackDomains(stackName: string, specs: readonly StackDomainSpec[]): void {
    const stack = this.stacks.get(stackName)
    for (const d of specs) {
      if (!STACK_SERVICE.test(d.service))
        throw invalid(
          `The template's domain names the service ${JSON.stringify(d.service.slice(0, 80))}, which cannot take a domain.`,
          'A service with a domain is 1-63 lowercase letters, digits or inner "-".'
        )
      const domain = normalizeDomain(d.host)
      const path = normalizePath(d.path)
      const taken = this.repo.find(domain, path)
      if (taken && (stack === null || taken.stackId !== stack.id))
        throw new PierError(
          'already_exists',
          `${domain}${path === '/' ? '' : path} is routed to ${this.view(taken).app} already.`,
          'Give the template another host (--set), or remove that domain first.'
        )
    }
  }

  /**
   * Makes a template stack's domains what its [config] says now: domains an earlier deploy of
   * the template made and it no longer names go, new ones come; a generated host (${domain})
   * keeps the name already in use for that service and path. Applies the proxy.
   */
  async syncStackDomains(stackName: string, specs: readonly StackDomainSpec[]): Promise<Domain[]> {
    const stack = this.stacks.get(stackName)
    if (!stack) throw new PierError('not_found', `There is no stack named ${stackName}.`, '')
    this.checkStackDomains(stackName, specs)
    const old = this.repo.forStack(stack.id).filter((r) => r.fromTemplate)
    const keep = new Set<string>()
    const wanted = specs.map((d) => {
      const path = normalizePath(d.path)
      const reuse = d.generated
        ? old.find((r) => r.service === d.service && r.path === path && !keep.has(r.id))
        : undefined
      if (reuse) keep.add(reuse.id)
      return { ...d, path, domain: reuse ? reuse.domain : normalizeDomain(d.host), reuse }
    })
    const add = wanted.filter(
      (w) =>
        !w.reuse &&
        !old.some((r) => {
          const same = r.domain === w.domain && r.path === w.path && r.service === w.service
          if (same) keep.add(r.id)
          return same
        })
    )
    const drop = old.filter((r) => !keep.has(r.id))
    if (add.length === 0 && drop.length === 0 && old.length === 0) return []
    for (const r of drop) this.repo.remove(r.id)
    const added: string[] = []
    for (const w of add) {
      // A name this stack routed by hand (not from the template) stays as the user set it.
      if (this.repo.find(w.domain, w.path)) continue
      const id = randomUUID()
      added.push(id)
      this.repo.insert({
        id,
        appId: null,
        stackId: stack.id,
        service: w.service,
        domain: w.domain,
        path: w.path,
        tls: templateTls(w.domain),
        port: w.port,
        preview: w.generated ?? false,
        fromTemplate: true,
        createdAt: Math.floor(Date.now() / 1000)
      })
    }
    try {
      await this.apply(stack.serverId)
    } catch (err) {
      // As with `domain add`: the domains are what the proxy took, so the change is undone.
      for (const id of added) this.repo.remove(id)
      for (const r of drop) this.repo.insert(r)
      const why = err instanceof PierError ? err.message : String(err)
      throw new PierError(
        'remote_failed',
        `The stack ${stack.name} was deployed, but the proxy did not take its template's domains: ${why}`,
        `Fix the proxy (pier proxy apply ${this.deps.servers.get(stack.serverId).name}), then deploy the template again.`
      )
    }
    this.deps.bus.changed('stacks')
    return this.repo.forStack(stack.id).map((r) => this.view(r))
  }

  /**
   * A stack went down, came back or was removed: its server's proxy follows. `certs` are the
   * ids of a removed stack's domains, whose custom certificates leave the keychain.
   */
  async stackChanged(serverId: string, certs: readonly string[] = []): Promise<void> {
    if (this.repo.forServer(serverId).length > 0 || (await this.hasProxy(serverId)))
      await this.apply(serverId)
    for (const id of certs) this.deps.keychain().delete(certRef(id))
  }

  async remove(app: string, domain: string, path?: string): Promise<{ removed: string[] }> {
    const target = this.target(app)
    const label = target.kind === 'app' ? target.app.name : `${target.stack.name}/${target.service}`
    const d = normalizeDomain(domain)
    const rows = this.repo
      .list()
      .filter(
        (r) =>
          (target.kind === 'app'
            ? r.appId === target.app.id
            : r.stackId === target.stack.id && r.service === target.service) &&
          r.domain === d &&
          (path === undefined || r.path === normalizePath(path))
      )
    if (rows.length === 0)
      throw new PierError(
        'not_found',
        `${label} has no domain ${d}${path ? ` with path ${path}` : ''}.`,
        `See its domains: pier domain list ${label}`
      )
    for (const r of rows) this.repo.remove(r.id)
    await this.apply(target.kind === 'app' ? target.app.serverId : target.serverId)
    for (const r of rows) if (r.tls === 'custom') this.deps.keychain().delete(certRef(r.id))
    // The service leaves the proxy network with its last domain (at the redeploy this starts).
    if (target.kind === 'stack') await this.syncStackNetwork(target.stack)
    this.deps.bus.changed(target.kind === 'app' ? 'apps' : 'stacks')
    return { removed: rows.map((r) => `${r.domain}${r.path === '/' ? '' : r.path}`) }
  }

  /** The Caddyfile a server's proxy gets now (what `apply` sends). */
  render(serverId: string): string {
    const routes: Route[] = this.repo
      .forServer(serverId)
      // A stack taken down keeps its domains for when it starts again, unrouted meanwhile.
      .filter((r) => !r.stackDown)
      .map((r) => {
        const v = this.view(r)
        return {
          domain: v.domain,
          path: v.path,
          tls: v.tls,
          // tasks.<stack>_<service> resolves to the task addresses in any endpoint mode (a VIP
          // needs IPVS, which not every kernel has; Caddy balances and retries itself).
          service: v.stack !== null ? `tasks.${v.stack}_${v.service ?? ''}` : serviceName(v.app),
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
          `Add it again: pier domain remove ${this.view(row).app} ${d}; pier domain add ${this.view(row).app} ${d} --tls FILE`
        )
      await this.run(link, s.name, 'proxy-cert.sh', [d], pem, 'Uploading the certificate')
    }
    // Apps are attached here; a stack's services join through its overlay file instead.
    const services = [
      ...new Set(rows.filter((r) => r.appName !== null).map((r) => serviceName(r.appName ?? '')))
    ]
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
