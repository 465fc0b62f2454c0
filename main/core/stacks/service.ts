// Runs in: main, CLI, headless server.
// Compose stacks: a compose file and an env file deployed with `docker stack deploy` as a durable
// job (remote-scripts/stack-deploy.sh). Swarm, not `docker compose`: Pier's servers run a swarm
// already (apps are swarm services), Debian's docker.io has no compose plugin, and a stack deploy
// works the same on one node and on a cluster. The server keeps everything under
// ~/.pier/stacks/<name>/, with an up.sh that redeploys it by hand.
import { randomUUID } from 'node:crypto'
import { PierError } from '../errors'
import type { DockerService } from '../docker/service'
import type { LogLine } from '../docker/model'
import type { EventBus } from '../events'
import type { JobsService } from '../jobs/service'
import { TERMINAL, type JobStatus } from '../jobs/model'
import { runRemote } from '../jobs/remote-run'
import { remoteScript } from '../remote-scripts'
import type { Keychain } from '../secrets/keychain'
import type { ServersService } from '../servers/service'
import type { SshPool } from '../ssh/pool'
import { composeServices } from './compose'
import { formatEnvFile, type EnvMap } from './env-file'
import { composeInfo, proxyOverlay } from './proxy-overlay'
import {
  parseStackPs,
  stackName,
  statusOf,
  type Stack,
  type StackDeployResult,
  type StackState
} from './model'
import { StackRepository, type StackRow } from './repository'

export interface StackDeployInput {
  /** Set by deployTemplate, which keys the keychain entry by it before the row exists. */
  id?: string
  name: string
  server: string
  compose: string
  env?: Readonly<EnvMap>
  /** Files written under the stack's files/ folder (template mounts). */
  mounts?: readonly { filePath: string; content: string }[]
  /** The template folder this came from, if any. */
  template?: string | null
  /** Services that join the proxy network besides those that have a domain already (a
   * template's domains, recorded once the deploy started). */
  proxyServices?: readonly string[]
  wait?: boolean
  waitSec?: number
  signal?: AbortSignal
}

export interface StacksDeps {
  db: ConstructorParameters<typeof StackRepository>[0]
  servers: ServersService
  pool: SshPool
  jobs: JobsService
  docker: DockerService
  bus: EventBus
  keychain: () => Keychain
  /** The proxy, for the stack's domains (core/proxy); absent, stacks have none. */
  proxy?: StackProxyHooks
}

export interface StackProxyHooks {
  /** The stack's services that have a domain. */
  services(stackId: string): string[]
  /** The ids of the stack's domains. */
  domainIds(stackId: string): string[]
  /** The stack's domains as URLs, with the service each reaches. */
  urls(stackId: string): { url: string; service: string }[]
  /** Re-render the server's proxy; `certs`: domain ids whose certificates go. */
  changed(serverId: string, certs?: readonly string[]): Promise<void>
}

const DEFAULT_WAIT_SEC = 180
/** A template stack's resolved variables (JSON), kept so a redeploy reuses its passwords. */
const varsRef = (stackId: string): string => `stack-vars:${stackId}`
const now = (): number => Math.floor(Date.now() / 1000)

export function checkStackName(name: string): string {
  const r = stackName.safeParse(name)
  if (!r.success)
    throw new PierError(
      'invalid_input',
      `${JSON.stringify(name.slice(0, 80))} is not a stack name: ${r.error.issues[0]?.message ?? ''}`,
      'Use 1-40 lowercase letters, digits or "-", starting with a letter.'
    )
  return r.data
}

export class StacksService {
  private readonly repo: StackRepository

  constructor(private readonly deps: StacksDeps) {
    this.repo = new StackRepository(deps.db)
  }

  private row(name: string): StackRow {
    const row = this.repo.get(name)
    if (!row)
      throw new PierError(
        'not_found',
        `There is no stack named ${JSON.stringify(name.slice(0, 80))}.`,
        'See `pier stack list` for the stacks Pier knows.'
      )
    return row
  }

  private view(row: StackRow): Stack {
    const { services: _s, ...rest } = row
    return { ...rest, server: this.deps.servers.get(row.serverId).name }
  }

  find(name: string): Stack | null {
    const row = this.repo.get(name)
    return row ? this.view(row) : null
  }

  get(name: string): Stack {
    return this.view(this.row(name))
  }

  async deploy(input: StackDeployInput): Promise<StackDeployResult> {
    const name = checkStackName(input.name)
    if (this.repo.isAppName(name))
      throw new PierError(
        'already_exists',
        `An app named ${name} exists; an app deploys as a stack of its own name.`,
        'Choose another stack name.'
      )
    const server = this.deps.servers.get(input.server)
    const existing = this.repo.get(name)
    if (existing && existing.serverId !== server.id)
      throw new PierError(
        'already_exists',
        `A stack named ${name} runs on ${this.deps.servers.get(existing.serverId).name}.`,
        'Choose another name, or remove that stack first (pier stack remove).'
      )
    const services = composeServices(input.compose, name)
    const info = composeInfo(input.compose)
    const proxied = [
      ...(existing ? (this.deps.proxy?.services(existing.id) ?? []) : []),
      ...(input.proxyServices ?? [])
    ].filter((s) => services.includes(s))
    const env = formatEnvFile(input.env ?? {})
    const mounts = input.mounts ?? []
    const waitSec = input.waitSec ?? DEFAULT_WAIT_SEC
    const secrets: Record<string, string> = { ENV: env }
    mounts.forEach((m, i) => (secrets[`MOUNT_${i}`] = m.content))
    const t = now()
    const row: StackRow = {
      id: existing?.id ?? input.id ?? randomUUID(),
      name,
      serverId: server.id,
      template: input.template ?? existing?.template ?? null,
      services,
      createdAt: existing?.createdAt ?? t,
      updatedAt: t,
      down: false,
      composeInfo: JSON.stringify(info)
    }
    const { id } = await this.deps.jobs.start(server.name, {
      script: remoteScript('stack-deploy.sh'),
      args: [
        name,
        String(waitSec),
        input.compose,
        remoteScript('stack-up.sh'),
        proxyOverlay(info, proxied),
        ...mounts.map((m) => m.filePath)
      ],
      key: `stack-${name}`,
      title: `Deploy stack ${name}`,
      timeoutSec: waitSec + 600,
      secrets
    })
    this.repo.upsert(row)
    this.repo.addDeployment(row.id, id, t)
    this.deps.bus.changed('stacks')
    // A stack that was down has its routes back (Caddy finds the tasks once they run).
    if (existing?.down && (this.deps.proxy?.services(row.id).length ?? 0) > 0)
      await this.deps.proxy?.changed(server.id)
    const base = { stack: name, server: server.name, jobId: id, services }
    if (!input.wait) {
      const job = await this.deps.jobs.status(server.name, id).catch(() => null)
      return { ...base, state: job?.state ?? 'queued', reason: null }
    }
    const job = await this.waitJob(server.name, id, input.signal)
    const reason =
      job.state === 'failed' ? ((await this.failure(server.name, id)) ?? job.reason) : job.reason
    return { ...base, state: job.state, reason }
  }

  /** Waits for a job to end, through dropped links. */
  private async waitJob(server: string, jobId: string, signal?: AbortSignal): Promise<JobStatus> {
    const since = Date.now()
    for (;;) {
      if (signal?.aborted)
        throw new PierError('internal', 'Stopped waiting.', 'The deploy goes on on the server.')
      try {
        const job = await this.deps.jobs.status(server, jobId)
        if (TERMINAL.has(job.state)) return job
      } catch (err) {
        if (!(err instanceof PierError)) throw err
        if (err.code === 'not_found' && Date.now() - since > 15_000) throw err
      }
      await new Promise((r) => setTimeout(r, 1000))
    }
  }

  /** stack-deploy.sh's last "error: …" line. */
  private async failure(server: string, jobId: string): Promise<string | null> {
    let log = ''
    for await (const chunk of this.deps.jobs.logs(server, jobId)) log += chunk.data
    return [...log.matchAll(/^\S+ error: (.*)$/gm)].at(-1)?.[1] ?? null
  }

  /** Every stack with what its server says of it now; a server that does not answer says so. */
  async list(): Promise<StackState[]> {
    const rows = this.repo.list()
    const byServer = new Map<string, StackRow[]>()
    for (const r of rows) byServer.set(r.serverId, [...(byServer.get(r.serverId) ?? []), r])
    const states = new Map<string, StackState>()
    await Promise.all(
      [...byServer].map(async ([serverId, stacks]) => {
        const server = this.deps.servers.get(serverId).name
        try {
          const out = await runRemote(
            this.deps.pool.link(serverId),
            server,
            remoteScript('stack-ps.sh'),
            stacks.map((s) => s.name),
            {
              what: 'Listing the stacks',
              hint: `Check Docker on ${server}: pier server check ${server}`
            }
          )
          const ps = parseStackPs(out.stdout)
          for (const s of stacks) {
            const p = ps.get(s.name) ?? { stopped: false, services: [] }
            states.set(s.id, {
              ...this.view(s),
              status: statusOf(p.stopped, p.services),
              services: p.services,
              domains: this.deps.proxy?.urls(s.id) ?? [],
              error: null
            })
          }
        } catch (err) {
          for (const s of stacks)
            states.set(s.id, {
              ...this.view(s),
              status: 'unknown',
              services: [],
              domains: this.deps.proxy?.urls(s.id) ?? [],
              error: err instanceof Error ? err.message : String(err)
            })
        }
      })
    )
    return rows.map((r) => states.get(r.id) as StackState)
  }

  async state(name: string): Promise<StackState> {
    const row = this.row(name)
    return (await this.list()).find((s) => s.id === row.id) as StackState
  }

  private async ctl(name: string, action: string, volumes = false): Promise<StackRow> {
    const row = this.row(name)
    const server = this.deps.servers.get(row.serverId).name
    await runRemote(
      this.deps.pool.link(row.serverId),
      server,
      remoteScript('stack-ctl.sh'),
      [action, row.name, volumes ? 'yes' : 'no'],
      {
        // The script may wait 120 s for a running deploy's lock, then up to 90 s for the stack's
        // containers and networks to go; it must be the one to give up, with its reason.
        timeoutMs: 240_000,
        what: `The stack ${action}`,
        hint: `Check Docker on ${server}: pier server check ${server}`
      }
    )
    this.deps.bus.changed('stacks')
    return row
  }

  async stop(name: string): Promise<StackState> {
    await this.ctl(name, 'stop')
    return this.state(name)
  }

  async restart(name: string): Promise<StackState> {
    await this.ctl(name, 'restart')
    return this.state(name)
  }

  /** Redeploys the compose file and env kept on the server (after stop or down). */
  async start(name: string): Promise<StackState> {
    const row = this.row(name)
    const server = this.deps.servers.get(row.serverId).name
    await runRemote(
      this.deps.pool.link(row.serverId),
      server,
      'exec sh "$HOME/.pier/stacks/$1/up.sh" "$1"',
      [row.name],
      {
        what: 'Starting the stack',
        hint: `Its files may be gone from ~/.pier/stacks/${row.name}; deploy it again.`
      }
    )
    await this.setDown(row, false)
    this.deps.bus.changed('stacks')
    return this.state(name)
  }

  /** Marks a stack down or up; its domains leave or rejoin the proxy's routes. */
  private async setDown(row: StackRow, down: boolean): Promise<void> {
    if ((row.down ?? false) === down) return
    this.repo.setDown(row.id, down)
    if ((this.deps.proxy?.services(row.id).length ?? 0) > 0)
      await this.deps.proxy?.changed(row.serverId)
  }

  /** Removes the stack's services and networks; named volumes stay unless `volumes`. */
  async down(name: string, opts: { volumes?: boolean } = {}): Promise<StackState> {
    const row = await this.ctl(name, 'down', opts.volumes)
    await this.setDown(row, true)
    return this.state(name)
  }

  /** Down, then forgets the stack here and removes ~/.pier/stacks/<name> on the server. */
  async remove(name: string, opts: { volumes?: boolean } = {}): Promise<{ removed: string }> {
    const row = await this.ctl(name, 'remove', opts.volumes)
    if (row.template !== null) this.deps.keychain().delete(varsRef(row.id))
    const domains = this.deps.proxy?.domainIds(row.id) ?? []
    // Its domains go with the row (ON DELETE CASCADE); the proxy then stops routing them.
    this.repo.remove(row.id)
    if (domains.length > 0) await this.deps.proxy?.changed(row.serverId, domains)
    this.deps.bus.changed('stacks')
    return { removed: row.name }
  }

  /** One service's log, from all its tasks; the service is named as in the compose file. */
  logs(
    name: string,
    service: string,
    opts: { follow?: boolean; tail?: number; signal?: AbortSignal }
  ): AsyncGenerator<LogLine> {
    const row = this.row(name)
    if (!row.services.includes(service))
      throw new PierError(
        'not_found',
        `The stack ${row.name} has no service ${JSON.stringify(service.slice(0, 80))}.`,
        `Its services: ${row.services.join(', ')}.`
      )
    const server = this.deps.servers.get(row.serverId).name
    return this.deps.docker.serviceLogs(server, `${row.name}_${service}`, opts)
  }

  /** The variables an earlier template deploy of this stack generated (from the keychain). */
  savedVariables(name: string): Record<string, string> {
    const row = this.repo.get(name)
    if (!row || row.template === null) return {}
    const text = this.deps.keychain().get(varsRef(row.id))
    return text ? (JSON.parse(text) as Record<string, string>) : {}
  }

  /**
   * Deploys a rendered template. Its variables go to the keychain first (never to SQLite), under
   * the stack's id, so the next deploy renders with the same passwords.
   */
  async deployTemplate(
    input: StackDeployInput & { template: string; variables: Readonly<Record<string, string>> }
  ): Promise<StackDeployResult> {
    const existing = this.repo.get(checkStackName(input.name))
    const id = existing?.id ?? randomUUID()
    this.deps.keychain().set(varsRef(id), JSON.stringify(input.variables))
    return this.deploy({ ...input, id })
  }
}
