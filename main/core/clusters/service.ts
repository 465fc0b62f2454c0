// Runs in: main, CLI, headless server.
// Forms and changes Docker Swarms out of servers Pier knows. Pier is not a scheduler: it
// answers "which server is which node" and does the fiddly parts (advertise addresses, tokens,
// reachability, leaving a server's own single-node swarm) so the swarm does the rest.
import { randomUUID } from 'node:crypto'
import type { Client } from 'ssh2'
import type { Db } from '../db/open'
import type { DockerService } from '../docker/service'
import type { Engine } from '../docker/engines'
import { engineMessage } from '../docker/engine-errors'
import { PierError } from '../errors'
import type { EventBus } from '../events'
import { runRemote } from '../jobs/remote-run'
import { remoteScript } from '../remote-scripts'
import type { ServersService } from '../servers/service'
import type { SshPool } from '../ssh/pool'
import { shJoin } from '../ssh/quote'
import {
  clusterWarnings,
  type Cluster,
  type ClusterMember,
  type ClusterNode,
  type ImageMode,
  type NodeAvailability,
  type NodeRole
} from './model'
import { ClusterRepository, type ClusterRow } from './repository'
import { nodeRow, redactTokens, swarmState, type RawNode, type SwarmState } from './swarm'
import { clusterServices, type ClusterService } from './tasks'
import { distributeImage, type DistributeResult } from './distribute'
import {
  awaitRegistry,
  REGISTRY_PORT,
  registryDown,
  registryImages,
  registryUp,
  registryUsers
} from './registry'

export interface ClustersDeps {
  db: Db
  servers: ServersService
  pool: SshPool
  docker: DockerService
  bus: EventBus
  /** For PIER_REGISTRY_IMAGE and PIER_REGISTRY_RELAY_IMAGE; process.env by default. */
  env?: NodeJS.ProcessEnv
  /** How long `setImages` waits for the registry to answer on every node (tests shorten it). */
  registryStartMs?: number
}

export interface NodePatch {
  role?: NodeRole
  availability?: NodeAvailability
  labels?: Record<string, string>
  removeLabels?: string[]
}

export interface ClusterNodes {
  cluster: string
  nodes: ClusterNode[]
  warnings: string[]
  /** The manager's kernel has IPVS (Swarm's routing mesh and VIPs); null when unknown. */
  routingMesh: boolean | null
  /** How release images reach the nodes. */
  images: ImageMode
}

export interface ClusterImages {
  cluster: string
  images: ImageMode
  /** The registry after the change: running (registry mode), removed, or kept for `usedBy`. */
  registry: 'running' | 'removed' | 'kept'
  /** Services still running an image from the registry (they pull it to start new tasks). */
  usedBy: string[]
  /** Where each node reaches the registry (registry mode). */
  address: string | null
}

const SWARM_PORT = 2377
const REACH_TIMEOUT_MS = 5_000
/** A first start may pull the registry and relay images on every node. */
const REGISTRY_START_MS = 180_000
const WATCH_REFRESH_MS = 5_000

interface Manager {
  server: string
  serverId: string
  engine: Engine
  state: SwarmState
}

export class ClustersService {
  private readonly repo: ClusterRepository
  /** By cluster id: asked once per session, kernels don't grow modules while we watch. */
  private readonly mesh = new Map<string, boolean | null>()

  constructor(private readonly deps: ClustersDeps) {
    this.repo = new ClusterRepository(deps.db)
  }

  list(): Cluster[] {
    return this.repo.list().map((c) => this.view(c))
  }

  get(name: string): Cluster {
    return this.view(this.require(name))
  }

  /** The cluster a server belongs to, if any. */
  clusterOf(server: string): Cluster | null {
    const m = this.repo.memberOf(this.deps.servers.get(server).id)
    const row = m && this.repo.list().find((c) => c.id === m.clusterId)
    return row ? this.view(row) : null
  }

  async create(
    name: string,
    managerServer: string,
    opts: { advertiseAddr?: string; addrPool?: string } = {}
  ): Promise<Cluster> {
    if (this.repo.get(name))
      throw new PierError(
        'already_exists',
        `There is already a cluster named ${name}.`,
        'Choose another name, or see it with `pier cluster nodes NAME`.'
      )
    const server = this.deps.servers.get(managerServer)
    this.refuseMember(server.id, server.name)
    const engine = this.deps.docker.engines.get(server.name)
    let state = await swarmState(engine)
    if (state.state === 'active' && !state.manager)
      throw new PierError(
        'docker_conflict',
        `${server.name} is a worker in a swarm Pier did not form.`,
        'Create the cluster on that swarm’s manager, or run `docker swarm leave` on this server first.'
      )
    if (state.state === 'active' && opts.advertiseAddr && opts.advertiseAddr !== state.nodeAddr)
      throw new PierError(
        'docker_conflict',
        `${server.name} already has a swarm advertising ${state.nodeAddr}; the address cannot change in place.`,
        'Leave out --advertise-addr to keep it, or run `docker swarm leave --force` there first (this removes its services).'
      )
    if (state.state !== 'active' && state.state !== 'inactive') throw stateError(server.name, state)
    if (state.state === 'inactive') {
      const addr = opts.advertiseAddr ?? (await this.nodeAddr(server.id, server.name))
      await engine.call(
        (d) =>
          d.swarmInit({
            ListenAddr: `0.0.0.0:${SWARM_PORT}`,
            AdvertiseAddr: addr,
            ...(opts.addrPool ? { DefaultAddrPool: [opts.addrPool] } : {})
          }),
        'creating the swarm'
      )
      state = await swarmState(engine)
    }
    // A server set up by Pier already has a single-node swarm: adopting it keeps its apps.
    const swarm = (await engine.call((d) => d.swarmInspect(), 'reading the swarm')) as {
      ID: string
    }
    const now = Date.now()
    const row: ClusterRow = {
      id: randomUUID(),
      name,
      swarmId: swarm.ID,
      distribution: 'stream',
      createdAt: now
    }
    this.deps.db.transaction(() => {
      this.repo.insert(row)
      this.repo.addMember({
        clusterId: row.id,
        serverId: server.id,
        nodeId: state.nodeId,
        role: 'manager',
        joinedAt: now
      })
    })()
    this.deps.bus.changed('clusters')
    return this.view(row)
  }

  /**
   * Joins a server to the cluster. Everything that can be checked is checked before the server
   * is touched, so a refused join leaves it as it was; if the engine itself refuses after the
   * server left its own empty single-node swarm, that swarm is created again.
   */
  async join(
    name: string,
    serverName: string,
    opts: { role?: NodeRole; token?: string; advertiseAddr?: string } = {}
  ): Promise<ClusterMember> {
    const cluster = this.require(name)
    const server = this.deps.servers.get(serverName)
    this.refuseMember(server.id, server.name)
    const mgr = await this.manager(cluster)
    const swarm = (await mgr.engine.call((d) => d.swarmInspect(), 'reading the join tokens')) as {
      JoinTokens: { Worker: string; Manager: string }
      DefaultAddrPool?: string[]
    }
    let role: NodeRole = opts.role ?? 'worker'
    if (opts.token !== undefined) {
      if (opts.token !== swarm.JoinTokens.Worker && opts.token !== swarm.JoinTokens.Manager)
        throw new PierError(
          'invalid_input',
          `That join token is not a current token of the cluster ${name}; ${server.name} was left unchanged.`,
          'Leave the token out: Pier fetches the current one over the manager’s SSH connection. Tokens change when rotated.'
        )
      role = opts.token === swarm.JoinTokens.Manager ? 'manager' : 'worker'
    }
    const token = role === 'manager' ? swarm.JoinTokens.Manager : swarm.JoinTokens.Worker

    const engine = this.deps.docker.engines.get(server.name)
    const state = await swarmState(engine)
    if (state.swarmId === cluster.swarmId) return this.record(cluster, server.id, state, role)
    // A worker's engine does not know its swarm's id; the manager knows its node id.
    if (state.state === 'active' && !state.manager && state.nodeId) {
      const known = await mgr.engine.docker
        .getNode(state.nodeId)
        .inspect()
        .then(
          () => true,
          () => false
        )
      if (known) return this.record(cluster, server.id, state, 'worker')
    }
    let ownSwarm = false
    if (state.state === 'active') {
      if (state.nodes > 1 || !state.manager)
        throw new PierError(
          'docker_conflict',
          `${server.name} is already in another swarm (${state.nodes} nodes); it was left unchanged.`,
          `Take it out of that swarm first (\`docker swarm leave\` on ${server.name}), then join again.`
        )
      const services = (await engine.call((d) => d.listServices(), 'listing its services')) as {
        Spec?: { Name?: string }
      }[]
      if (services.length)
        throw new PierError(
          'docker_conflict',
          `${server.name} runs ${services.length} service${services.length > 1 ? 's' : ''} in its own swarm (${services
            .slice(0, 5)
            .map((s) => s.Spec?.Name ?? '?')
            .join(', ')}); joining would remove them. It was left unchanged.`,
          'Remove those apps or databases from it first (or deploy them to the cluster instead), then join.'
        )
      ownSwarm = true
    } else if (state.state !== 'inactive') throw stateError(server.name, state)

    const managerAddr = mgr.state.nodeAddr
    const addr = opts.advertiseAddr ?? (await this.nodeAddr(server.id, server.name, managerAddr))
    await this.reachable(server.id, server.name, managerAddr, mgr.server)

    if (ownSwarm) await engine.call((d) => d.swarmLeave({ force: true }), 'leaving its own swarm')
    try {
      await engine.docker.swarmJoin({
        ListenAddr: `0.0.0.0:${SWARM_PORT}`,
        AdvertiseAddr: addr,
        RemoteAddrs: [`${managerAddr}:${SWARM_PORT}`],
        JoinToken: token
      })
    } catch (err) {
      // No `cause`: the modem's error carries the request, and the request carries the token.
      const why = redactTokens(engineMessage(err as Error))
      if (ownSwarm) await this.singleNode(engine, addr, swarm.DefaultAddrPool).catch(() => {})
      throw new PierError(
        'docker_failed',
        `${server.name} could not join the cluster ${name}: ${why}`,
        `Check that ${server.name} reaches ${managerAddr} on TCP 2377 and 7946 and UDP 4789 and 7946.${ownSwarm ? ' Its own single-node swarm was created again.' : ''}`
      )
    }
    return this.record(cluster, server.id, await swarmState(engine), role)
  }

  /**
   * Takes a server out of its cluster and gives it back a single-node swarm of its own (as
   * setup-docker left it), so its own apps can deploy again. The last member keeps its swarm:
   * forgetting the cluster must not delete the services running on it.
   */
  async leave(serverName: string): Promise<{ server: string; cluster: string; removed: boolean }> {
    const server = this.deps.servers.get(serverName)
    const member = this.repo.memberOf(server.id)
    if (!member)
      throw new PierError(
        'not_found',
        `${server.name} is not in a cluster.`,
        'See the clusters with `pier cluster list`.'
      )
    const cluster = this.repo.list().find((c) => c.id === member.clusterId)
    if (!cluster) throw new Error('cluster row vanished')
    const members = this.repo.members(cluster.id)
    if (members.length === 1) {
      this.repo.remove(cluster.id)
      this.deps.bus.changed('clusters')
      return { server: server.name, cluster: cluster.name, removed: true }
    }
    const others = members.filter((m) => m.serverId !== server.id)
    if (member.role === 'manager' && !others.some((m) => m.role === 'manager'))
      throw new PierError(
        'docker_conflict',
        `${server.name} is the only manager of ${cluster.name}.`,
        `Promote another node first (\`pier cluster node ${cluster.name} SERVER --role manager\`), or let ${server.name} leave last.`
      )
    const mgr = await this.manager(cluster, server.id)
    const pool = (
      (await mgr.engine.call((d) => d.swarmInspect(), 'reading the swarm')) as {
        DefaultAddrPool?: string[]
      }
    ).DefaultAddrPool
    // A manager leaves as a worker: demoting first keeps the managers' quorum arithmetic right.
    if (member.role === 'manager') {
      await this.patchNode(mgr.engine, member.nodeId, { role: 'worker' })
      await this.until(mgr.engine, member.nodeId, (n) => !n.ManagerStatus)
    }
    const engine = this.deps.docker.engines.get(server.name)
    const addr = (await swarmState(engine)).nodeAddr
    await engine.call((d) => d.swarmLeave({ force: false }), 'leaving the swarm')
    await this.forgetNode(mgr.engine, member.nodeId)
    await this.singleNode(engine, addr, pool)
    this.repo.removeMember(server.id)
    this.deps.bus.changed('clusters')
    return { server: server.name, cluster: cluster.name, removed: false }
  }

  async nodes(name: string): Promise<ClusterNodes> {
    const cluster = this.require(name)
    const mgr = await this.manager(cluster)
    const raw = (await mgr.engine.call((d) => d.listNodes(), 'listing the nodes')) as RawNode[]
    const byNode = this.serverByNode(cluster)
    const nodes = raw
      .map((n) => nodeRow(n, (id) => byNode.get(id) ?? null))
      .sort((a, b) => (a.server ?? a.hostname).localeCompare(b.server ?? b.hostname))
    const routingMesh = await this.routingMesh(cluster, mgr)
    const warnings = clusterWarnings(nodes)
    if (routingMesh === false)
      warnings.push(
        'No IPVS in the kernel: Swarm’s routing mesh and virtual IPs do not work here. Pier publishes ports on each node (host mode) and resolves services by DNS round-robin.'
      )
    return { cluster: cluster.name, nodes, warnings, routingMesh, images: cluster.distribution }
  }

  /**
   * How release images reach the cluster's nodes. registry: Pier starts its registry on a
   * manager (remote-scripts/registry.sh) and checks that every ready node reaches it before
   * deploys use it. stream: deploys stream again; the registry goes unless services still run
   * an image from it, which they would fail to pull when swarm starts a task on another node.
   */
  async setImages(name: string, images: ImageMode): Promise<ClusterImages> {
    const cluster = this.require(name)
    const mgr = await this.manager(cluster)
    const link = this.deps.pool.link(mgr.serverId)
    const address = `127.0.0.1:${REGISTRY_PORT}`
    if (images === 'registry') {
      await registryUp(link, mgr.server, registryImages(this.deps.env))
      const { nodes } = await this.nodes(name)
      const ids = new Map(this.deps.servers.list().map((s) => [s.name, s.id]))
      const reachable = nodes
        .filter((n) => n.status === 'ready' && n.availability === 'active' && n.server !== null)
        .map((n) => {
          const serverId = ids.get(n.server as string) as string
          return {
            server: n.server as string,
            client: () => this.deps.pool.link(serverId).client()
          }
        })
      await awaitRegistry(reachable, { timeoutMs: this.deps.registryStartMs ?? REGISTRY_START_MS })
      this.repo.setDistribution(cluster.id, 'registry')
      this.deps.bus.changed('clusters')
      return { cluster: cluster.name, images, registry: 'running', usedBy: [], address }
    }
    // From now on deploys stream, whatever happens to the registry below.
    this.repo.setDistribution(cluster.id, 'stream')
    this.deps.bus.changed('clusters')
    const usedBy = await registryUsers(link, mgr.server)
    if (usedBy.length)
      return { cluster: cluster.name, images, registry: 'kept', usedBy, address: null }
    await registryDown(link, mgr.server)
    return { cluster: cluster.name, images, registry: 'removed', usedBy: [], address: null }
  }

  /** The cluster's image mode, for a deploy (asks no server). */
  imageMode(name: string): ImageMode {
    return this.require(name).distribution
  }

  /**
   * The nodes now, then again after each node or service event on a manager, and at least every
   * few seconds: a node that drops off the network produces its "down" only when the manager
   * notices, and a manager that is itself cut off produces nothing at all.
   */
  async *watch(name: string, signal: AbortSignal): AsyncGenerator<ClusterNodes> {
    const cluster = this.require(name)
    yield await this.nodes(name)
    const mgr = await this.manager(cluster)
    const events = this.deps.docker.subscribe(mgr.server, signal)[Symbol.asyncIterator]()
    let pending = events.next()
    while (!signal.aborted) {
      const tick = new Promise<'tick'>((r) => setTimeout(() => r('tick'), WATCH_REFRESH_MS))
      const got = await Promise.race([pending, tick])
      if (signal.aborted) break
      if (got !== 'tick') {
        if (got.done) break
        pending = events.next()
        if (got.value.type !== 'node' && got.value.type !== 'service') continue
      }
      try {
        yield await this.nodes(name)
      } catch (err) {
        if (signal.aborted) break
        throw err
      }
    }
  }

  async services(name: string): Promise<ClusterService[]> {
    const cluster = this.require(name)
    const mgr = await this.manager(cluster)
    return clusterServices(mgr.engine, this.serverByNode(cluster))
  }

  /** Role, availability and labels of one node, named by its server, hostname or id. */
  async updateNode(name: string, node: string, patch: NodePatch): Promise<ClusterNode> {
    const cluster = this.require(name)
    const { nodes } = await this.nodes(name)
    const target = nodes.find((n) => n.server === node || n.hostname === node || n.id === node)
    if (!target)
      throw new PierError(
        'not_found',
        `No node ${node} in the cluster ${name}.`,
        `See its nodes with \`pier cluster nodes ${name}\`.`
      )
    const demotingLast =
      patch.role === 'worker' &&
      target.role === 'manager' &&
      nodes.filter((n) => n.role === 'manager').length === 1
    if (demotingLast)
      throw new PierError(
        'docker_conflict',
        `${node} is the only manager of ${name}; a swarm needs at least one.`,
        'Promote another node first.'
      )
    const mgr = await this.manager(cluster)
    await this.patchNode(mgr.engine, target.id, patch)
    // A promotion is done once the node is in the managers' raft group; until then, demoting
    // it again (or counting on it for quorum) fails.
    if (patch.role === 'manager' && target.role !== 'manager')
      await this.until(mgr.engine, target.id, (n) => n.ManagerStatus?.Reachability === 'reachable')
    if (patch.role === 'worker' && target.role === 'manager')
      await this.until(mgr.engine, target.id, (n) => !n.ManagerStatus)
    const member = [...this.repo.members(cluster.id)].find((m) => m.nodeId === target.id)
    if (member && patch.role) this.repo.setRole(member.serverId, patch.role)
    this.deps.bus.changed('clusters')
    const after = (await this.nodes(name)).nodes.find((n) => n.id === target.id)
    if (!after) throw new Error('node vanished during the update')
    return after
  }

  /**
   * Makes an image that one member has available on every other member, without a registry.
   * `from` defaults to the first member that has it.
   */
  async distribute(
    name: string,
    image: string,
    opts: { from?: string; to?: readonly string[]; onProgress?: (bytes: number) => void } = {}
  ): Promise<DistributeResult> {
    const cluster = this.require(name)
    const names = new Map(this.deps.servers.list().map((s) => [s.id, s.name]))
    const members = this.repo
      .members(cluster.id)
      .map((m) => names.get(m.serverId))
      .filter((n): n is string => n !== undefined)
    const outside = opts.to?.find((t) => !members.includes(t))
    if (outside !== undefined)
      throw new PierError(
        'not_found',
        `${outside} is not a member of the cluster ${name}.`,
        `See its members with \`pier cluster nodes ${name}\`.`
      )
    // With `to`, only those members receive it (the source is still looked for among all).
    const engines = members.map((n) => this.deps.docker.engines.get(n))
    let from = opts.from ? engines.find((e) => e.server === opts.from) : undefined
    if (opts.from && !from)
      throw new PierError(
        'not_found',
        `${opts.from} is not a member of the cluster ${name}.`,
        `See its members with \`pier cluster nodes ${name}\`.`
      )
    if (!from)
      for (const e of engines) {
        const has = await e.docker
          .getImage(image)
          .inspect()
          .then(
            () => true,
            () => false
          )
        if (has) {
          from = e
          break
        }
      }
    if (!from)
      throw new PierError(
        'not_found',
        `No member of the cluster ${name} has the image ${image}.`,
        'Build or pull it on one of them first.'
      )
    const targets = opts.to ? engines.filter((e) => opts.to?.includes(e.server)) : engines
    return distributeImage(from, targets, image, opts.onProgress)
  }

  /** A cluster and the first manager Pier recorded, for an app created on it (asks no server). */
  resolve(name: string): { id: string; name: string; managerServerId: string } {
    const cluster = this.require(name)
    const manager = this.repo.members(cluster.id).find((m) => m.role === 'manager')
    if (!manager)
      throw new PierError(
        'not_found',
        `Pier knows no manager of the cluster ${name}.`,
        `Promote a member: pier cluster node ${name} SERVER --role manager`
      )
    return { id: cluster.id, name: cluster.name, managerServerId: manager.serverId }
  }

  nameOf(id: string): string | null {
    return this.repo.list().find((c) => c.id === id)?.name ?? null
  }

  /** Forgets a cluster in Pier only; the swarm and its services stay as they are. */
  forget(name: string): { forgotten: string } {
    const cluster = this.require(name)
    this.repo.remove(cluster.id)
    this.deps.bus.changed('clusters')
    return { forgotten: cluster.name }
  }

  /** The first manager member whose engine answers as a swarm manager. */
  async manager(cluster: ClusterRow, except?: string): Promise<Manager> {
    const managers = this.repo
      .members(cluster.id)
      .filter((m) => m.role === 'manager' && m.serverId !== except)
    const failures: string[] = []
    for (const m of managers) {
      const server = this.deps.servers.list().find((s) => s.id === m.serverId)
      if (!server) continue
      try {
        const engine = this.deps.docker.engines.get(server.name)
        const state = await swarmState(engine)
        if (state.manager && state.swarmId === cluster.swarmId)
          return { server: server.name, serverId: server.id, engine, state }
        failures.push(`${server.name}: not a manager of this swarm (${state.state})`)
      } catch (err) {
        failures.push(`${server.name}: ${(err as Error).message}`)
      }
    }
    throw new PierError(
      'host_unreachable',
      `No manager of the cluster ${cluster.name} answers${failures.length ? ` (${failures.join('; ')})` : ''}.`,
      'Check the managers with `pier server check SERVER`; a swarm needs a majority of its managers up.'
    )
  }

  private require(name: string): ClusterRow {
    const row = this.repo.get(name)
    if (!row)
      throw new PierError(
        'not_found',
        `No cluster named ${name}.`,
        'See the clusters with `pier cluster list`, or create one with `pier cluster create NAME --manager SERVER`.'
      )
    return row
  }

  private refuseMember(serverId: string, serverName: string): void {
    const m = this.repo.memberOf(serverId)
    if (!m) return
    const c = this.repo.list().find((r) => r.id === m.clusterId)
    throw new PierError(
      'already_exists',
      `${serverName} is already in the cluster ${c?.name ?? '?'}.`,
      `Take it out first with \`pier cluster leave ${serverName}\`.`
    )
  }

  private record(
    cluster: ClusterRow,
    serverId: string,
    state: SwarmState,
    role: NodeRole
  ): ClusterMember {
    const joinedAt = Date.now()
    this.repo.addMember({ clusterId: cluster.id, serverId, nodeId: state.nodeId, role, joinedAt })
    this.deps.bus.changed('clusters')
    const server = this.deps.servers.list().find((s) => s.id === serverId)
    return { server: server?.name ?? serverId, nodeId: state.nodeId, role, joinedAt }
  }

  private view(row: ClusterRow): Cluster {
    const names = new Map(this.deps.servers.list().map((s) => [s.id, s.name]))
    return {
      id: row.id,
      name: row.name,
      swarmId: row.swarmId,
      distribution: row.distribution,
      createdAt: row.createdAt,
      members: this.repo.members(row.id).map((m) => ({
        server: names.get(m.serverId) ?? m.serverId,
        nodeId: m.nodeId,
        role: m.role,
        joinedAt: m.joinedAt
      }))
    }
  }

  /** Node id → server name for the cluster's members, from Pier's records (asks no server). */
  nodeServers(name: string): Map<string, string> {
    return this.serverByNode(this.require(name))
  }

  private serverByNode(cluster: ClusterRow): Map<string, string> {
    const names = new Map(this.deps.servers.list().map((s) => [s.id, s.name]))
    return new Map(
      this.repo.members(cluster.id).map((m) => [m.nodeId, names.get(m.serverId) ?? m.serverId])
    )
  }

  private async routingMesh(cluster: ClusterRow, mgr: Manager): Promise<boolean | null> {
    const known = this.mesh.get(cluster.id)
    if (known !== undefined) return known
    let answer: boolean | null = null
    try {
      const r = await this.deps.pool
        .link(mgr.serverId)
        .exec(shJoin(['sh', '-c', remoteScript('mesh-check.sh')]), { timeoutMs: 10_000 })
      const word = r.stdout.trim()
      answer = word === 'yes' ? true : word === 'no' ? false : null
    } catch {
      answer = null
    }
    this.mesh.set(cluster.id, answer)
    return answer
  }

  private async nodeAddr(serverId: string, server: string, target?: string): Promise<string> {
    const { stdout } = await runRemote(
      this.deps.pool.link(serverId),
      server,
      remoteScript('node-addr.sh'),
      target ? [target] : [],
      {
        what: 'Choosing the address to advertise',
        hint: 'Give one with --advertise-addr (an address of this server the other nodes can reach).'
      }
    )
    return stdout.trim()
  }

  /**
   * Asks the joining server's own sshd to open a TCP connection to the manager's swarm port:
   * the same network path the engine will use, and no tool needed on the server.
   */
  private async reachable(
    serverId: string,
    server: string,
    addr: string,
    managerServer: string
  ): Promise<void> {
    const client: Client = await this.deps.pool.link(serverId).client()
    const outcome = await new Promise<'ok' | 'prohibited' | string>((resolve) => {
      const timer = setTimeout(() => resolve('timed out'), REACH_TIMEOUT_MS)
      client.forwardOut('127.0.0.1', 0, addr, SWARM_PORT, (err, stream) => {
        clearTimeout(timer)
        if (!err) {
          stream.on('error', () => {})
          stream.end()
          stream.destroy()
          resolve('ok')
          return
        }
        // An sshd that forbids TCP forwarding cannot tell us: let the engine find out.
        const reason = (err as Error & { reason?: number }).reason
        resolve(reason === 1 ? 'prohibited' : err.message)
      })
    })
    if (outcome === 'ok' || outcome === 'prohibited') return
    throw new PierError(
      'host_unreachable',
      `${server} cannot reach the manager ${managerServer} at ${addr}:${SWARM_PORT} (${outcome}); ${server} was left unchanged.`,
      `Open TCP ${SWARM_PORT} and 7946 and UDP 4789 and 7946 between the servers, or bring ${managerServer} back up.`
    )
  }

  private async patchNode(engine: Engine, nodeId: string, patch: NodePatch): Promise<void> {
    await engine.call(async (d) => {
      const node = d.getNode(nodeId)
      const info = (await node.inspect()) as RawNode
      const spec = { ...info.Spec, Labels: { ...(info.Spec?.Labels ?? {}) } }
      if (patch.role) spec.Role = patch.role
      if (patch.availability) spec.Availability = patch.availability
      Object.assign(spec.Labels, patch.labels ?? {})
      for (const k of patch.removeLabels ?? []) delete spec.Labels[k]
      await node.update({ _query: { version: info.Version?.Index ?? 0 }, _body: spec })
    }, 'updating the node')
  }

  private async until(
    engine: Engine,
    nodeId: string,
    ok: (n: RawNode) => boolean,
    seconds = 30
  ): Promise<void> {
    for (let i = 0; i < seconds * 4; i++) {
      const n = (await engine.call(
        (d) => d.getNode(nodeId).inspect(),
        'reading the node'
      )) as RawNode
      if (ok(n)) return
      await new Promise((r) => setTimeout(r, 250))
    }
    throw new PierError(
      'timeout',
      `The node ${nodeId.slice(0, 12)} did not reach the requested state within ${seconds} s.`,
      'See `pier cluster nodes NAME`: the swarm may still be catching up.'
    )
  }

  /** Removes a node that left from the manager's list once the manager sees it down. */
  private async forgetNode(engine: Engine, nodeId: string): Promise<void> {
    for (let i = 0; i < 40; i++) {
      try {
        await engine.docker.getNode(nodeId).remove({ force: false })
        return
      } catch (err) {
        const code = (err as { statusCode?: number }).statusCode
        if (code === 404) return
      }
      await new Promise((r) => setTimeout(r, 500))
    }
    await engine.call((d) => d.getNode(nodeId).remove({ force: true }), 'removing the node')
  }

  private async singleNode(engine: Engine, addr: string, pool?: string[]): Promise<void> {
    await engine.call(
      (d) =>
        d.swarmInit({
          ListenAddr: `0.0.0.0:${SWARM_PORT}`,
          AdvertiseAddr: addr,
          ...(pool?.length ? { DefaultAddrPool: pool } : {})
        }),
      'creating its own single-node swarm again'
    )
  }
}

function stateError(server: string, state: SwarmState): PierError {
  return new PierError(
    'docker_conflict',
    `The swarm on ${server} is ${state.state}${state.error ? `: ${state.error}` : ''}.`,
    state.state === 'locked'
      ? 'Unlock it with `docker swarm unlock` on the server.'
      : 'See `docker info` on the server; `docker swarm leave --force` starts over (it removes its services).'
  )
}
