// Runs in: main, CLI, headless server.
// Apps: create and change them here, deploy them as durable jobs (remote-scripts/deploy.sh) to a
// server's single-node swarm or through a cluster's manager, and keep the releases the server
// recorded for rollback.
import { randomUUID } from 'node:crypto'
import fs from 'node:fs'
import { PierError } from '../errors'
import type { EventBus } from '../events'
import type { DockerService } from '../docker/service'
import type { LogLine } from '../docker/model'
import type { JobsService, StartJob } from '../jobs/service'
import { TERMINAL, type JobStatus } from '../jobs/model'
import { runRemote } from '../jobs/remote-run'
import { remoteScript } from '../remote-scripts'
import type { Keychain } from '../secrets/keychain'
import type { ServersService } from '../servers/service'
import type { SshPool } from '../ssh/pool'
import {
  buildArgs,
  mergeSource,
  newDeployKey,
  newUploadId,
  sourceFromInput,
  uploadFolder,
  type SourceInput
} from './build'
import { DISTRIBUTE_WAIT_SEC, distributeForJob, type AppClusters } from './cluster-images'
import { keptDigests, keptOf, pruneNodes, type NodePrune } from './cluster-prune'
import { REGISTRY_PORT, registryRepo } from '../clusters/registry'
import { renderCompose, renderSecretCompose } from './compose'
import {
  appName,
  appSpec,
  DEFAULT_SPEC,
  releaseTag,
  serviceName,
  type App,
  type AppSource,
  type AppSpec,
  type Release
} from './model'
import { parseReleases, ReleaseListError } from './releases'
import { appStatuses, type AppStatus } from './status'
import { AppRepository, type AppRow } from './repository'

export interface AppInput extends SourceInput {
  name: string
  /** Exactly one of server and cluster. */
  server?: string
  /** Deploys go through the cluster's manager; replicas may run on any node. */
  cluster?: string
  spec: Partial<AppSpec>
  /** Values for spec.secretKeys; kept in the OS keychain only. */
  secretValues?: Readonly<Record<string, string>>
}

export interface AppChange extends SourceInput {
  spec?: Partial<AppSpec>
  secretValues?: Readonly<Record<string, string>>
  /** Secret keys to drop (their keychain entries go too); a value in secretValues wins. */
  unsetSecrets?: readonly string[]
}

export interface DeployResult {
  app: string
  server: string
  jobId: string
  kind: 'deploy' | 'rollback'
  /** The job's state when the call returned (queued/running without --wait). */
  state: JobStatus['state']
  /** The release this deploy made, once it succeeded. */
  release: number | null
  reason: string | null
}

export interface AppsDeps {
  db: ConstructorParameters<typeof AppRepository>[0]
  servers: ServersService
  pool: SshPool
  jobs: JobsService
  docker: DockerService
  keychain: () => Keychain
  bus: EventBus
  /** Where PIER_BASE_IMAGE_* overrides are read (process.env by default). */
  env?: Readonly<Record<string, string | undefined>>
  /** The proxy (main/core/proxy): apps with domains join its network. */
  proxy?: {
    prepareDeploy(app: string): Promise<string | null>
    appRemoved(serverId: string): Promise<void>
  }
  /** Clusters (main/core/clusters), for apps on a cluster. */
  clusters?: AppClusters
  /** How long a cluster deploy job waits for the laptop's image copy (tests shorten it). */
  distributeWaitSec?: number
  /** Auto-deploy (./autodeploy.ts): its cron entry and CI key go before the app does. */
  autodeploy?: { appRemoving(app: string): Promise<void> }
}

const DEFAULT_WAIT_SEC = 180
const secretRef = (appId: string, key: string): string => `app-secret:${appId}:${key}`
const deployKeyRef = (appId: string): string => `app-deploy-key:${appId}`
const now = (): number => Math.floor(Date.now() / 1000)

export class AppsService {
  private readonly repo: AppRepository

  constructor(private readonly deps: AppsDeps) {
    this.repo = new AppRepository(deps.db)
  }

  private row(name: string): AppRow {
    const row = this.repo.get(name)
    if (!row)
      throw new PierError(
        'not_found',
        `There is no app named ${JSON.stringify(name.slice(0, 80))}.`,
        'See `pier app list` for the apps Pier knows.'
      )
    return row
  }

  private view(row: AppRow): App {
    const { clusterId, ...rest } = row
    return {
      ...rest,
      server: this.deps.servers.get(row.serverId).name,
      cluster: clusterId === null ? null : (this.deps.clusters?.nameOf(clusterId) ?? null)
    }
  }

  /** The cluster an app runs on, by name; null for an app on one server. */
  private clusterName(row: AppRow): string | null {
    if (row.clusterId === null) return null
    const cluster = this.clusters().nameOf(row.clusterId)
    if (cluster === null)
      throw new PierError(
        'not_found',
        `The cluster ${row.name} was created on is no longer known to Pier.`,
        `Remove the app (pier app remove ${row.name}) and create it again with --server or --cluster.`
      )
    return cluster
  }

  private clusters(): AppClusters {
    if (!this.deps.clusters) throw new Error('apps were set up without clusters')
    return this.deps.clusters
  }

  /** Where a new app deploys: a server, or a cluster through its manager. */
  private placeOf(input: AppInput): { serverId: string; clusterId: string | null } {
    if ((input.server === undefined) === (input.cluster === undefined))
      throw new PierError(
        'invalid_input',
        input.server === undefined
          ? 'An app needs a place to run.'
          : '--server and --cluster exclude each other: an app runs on one server or on a cluster.',
        'Give exactly one of --server SERVER or --cluster NAME.'
      )
    if (input.server !== undefined)
      return { serverId: this.deps.servers.get(input.server).id, clusterId: null }
    const c = this.clusters().resolve(input.cluster as string)
    return { serverId: c.managerServerId, clusterId: c.id }
  }

  list(): App[] {
    return this.repo.list().map((r) => this.view(r))
  }

  get(name: string): App {
    return this.view(this.row(name))
  }

  /** Every app's service as its server's engine reports it now (one round of requests per server). */
  status(): Promise<AppStatus[]> {
    const apps = this.list()
    // A cluster app's replicas run on its nodes; Pier knows which server each node is.
    const nodes = new Map<string, ReadonlyMap<string, string>>()
    for (const a of apps)
      if (a.cluster !== null && !nodes.has(a.cluster))
        nodes.set(a.cluster, this.clusters().nodeServers(a.cluster))
    const cluster = new Map(apps.map((a) => [a.name, a.cluster]))
    return appStatuses(
      this.deps.docker.engines,
      apps,
      (n) => this.knownReleases(n),
      (app) => {
        const c = cluster.get(app)
        const byNode = c ? nodes.get(c) : undefined
        return byNode ? (id) => byNode.get(id) ?? null : undefined
      }
    )
  }

  private checkSpec(
    spec: AppSpec,
    secretValues: Readonly<Record<string, string>>,
    onCluster: boolean
  ): AppSpec {
    const checked = appSpec.parse(spec)
    if (!onCluster && (checked.constraints.length > 0 || checked.preferences.length > 0))
      throw new PierError(
        'invalid_input',
        'Placement constraints and preferences choose between the nodes of a cluster; this app runs on one server.',
        'Create the app with --cluster NAME to use --constraint and --preference.'
      )
    const dup = checked.secretKeys.find((k) => k in checked.env)
    if (dup)
      throw new PierError(
        'invalid_input',
        `${dup} is set both as a plain value and as a secret.`,
        'Give each variable once: --env K=V or --secret K.'
      )
    const missing = checked.secretKeys.find((k) => secretValues[k] === undefined)
    if (missing)
      throw new PierError(
        'invalid_input',
        `The secret ${missing} has no value.`,
        'Pass its value on standard input (or type it at the prompt).'
      )
    const published = checked.ports.map((p) => `${p.published}/${p.protocol}`)
    if (new Set(published).size !== published.length)
      throw new PierError(
        'invalid_input',
        'A host port is published twice.',
        'Use each HOST port once.'
      )
    if (checked.ports.length > 0 && checked.replicas > 1)
      throw new PierError(
        'invalid_input',
        'Published ports are bound on the server itself, so one node runs one replica of them.',
        'Use --replicas 1 with --port, or leave out --port (a proxy reaches replicas without it).'
      )
    return checked
  }

  create(input: AppInput): App {
    const name = appName.parse(input.name)
    if (this.repo.get(name))
      throw new PierError(
        'already_exists',
        `An app named ${name} exists already.`,
        'Choose another name, or remove it first with `pier app remove`.'
      )
    const place = this.placeOf(input)
    const source = sourceFromInput(input)
    this.checkBuild(source, Object.keys(input.secretValues ?? {}))
    const secretValues = input.secretValues ?? {}
    const spec = this.checkSpec(
      { ...DEFAULT_SPEC, ...input.spec, secretKeys: Object.keys(secretValues) },
      secretValues,
      place.clusterId !== null
    )
    const id = randomUUID()
    const t = now()
    this.storeSecrets(id, secretValues)
    const deployKey = source.type === 'git' ? this.makeDeployKey(id, name) : null
    this.repo.insert({
      id,
      name,
      ...place,
      source,
      spec,
      deployKey,
      createdAt: t,
      updatedAt: t
    })
    this.deps.bus.changed('apps')
    return this.get(name)
  }

  /** A folder must exist here; secrets are never build args (they'd stay in the image). */
  private checkBuild(source: AppSource, secretKeys: readonly string[]): void {
    if (source.type === 'image') return
    const leaked = Object.keys(source.buildArgs).find((k) => secretKeys.includes(k))
    if (leaked)
      throw new PierError(
        'invalid_input',
        `${leaked} is a secret; Pier does not pass secrets to builds, where they would stay in the image's history.`,
        'Give the container the secret at run time (--secret), or a plain value with --build-arg.'
      )
    if (source.type === 'dir') {
      let dir = false
      try {
        dir = fs.statSync(source.path).isDirectory()
      } catch {
        dir = false
      }
      if (!dir)
        throw new PierError(
          'not_found',
          `There is no folder ${source.path} on this computer.`,
          'Give an existing folder with --dir (relative paths are taken from the current folder).'
        )
    }
  }

  /** The private half goes to the keychain only; the public half is shown to the user. */
  private makeDeployKey(appId: string, name: string): string {
    const pair = newDeployKey(name)
    this.deps.keychain().set(deployKeyRef(appId), pair.privateKey)
    return pair.publicKey
  }

  /** A git app's deploy key, to add to the repository host (GitHub, GitLab, Gitea …). */
  deployKey(name: string): { app: string; publicKey: string } {
    const row = this.row(name)
    if (row.source.type !== 'git' || row.deployKey === null)
      throw new PierError(
        'invalid_input',
        `${row.name} is not built from git, so it has no deploy key.`,
        `Give it a git source: pier app update ${row.name} --git URL`
      )
    return { app: row.name, publicKey: row.deployKey }
  }

  /** Changes what the next deploy runs; the running release stays until then. */
  update(name: string, change: AppChange): App {
    const row = this.row(name)
    const secretValues = change.secretValues ?? {}
    const dropped = (change.unsetSecrets ?? []).filter((k) => secretValues[k] === undefined)
    const kept = row.spec.secretKeys.filter((k) => !dropped.includes(k))
    const keys = [...new Set([...kept, ...Object.keys(secretValues)])]
    const known = Object.fromEntries(keys.map((k) => [k, secretValues[k] ?? '']))
    const spec = this.checkSpec(
      { ...row.spec, ...change.spec, secretKeys: keys },
      known,
      row.clusterId !== null
    )
    const source = mergeSource(row.source, change)
    this.checkBuild(source, keys)
    this.storeSecrets(row.id, secretValues)
    this.repo.update(row.id, source, spec, now())
    const gone = row.spec.secretKeys.filter((k) => !keys.includes(k))
    const keychain = gone.length ? this.deps.keychain() : null
    for (const k of gone) keychain?.delete(secretRef(row.id, k))
    if (source.type === 'git' && row.deployKey === null)
      this.repo.setDeployKey(row.id, this.makeDeployKey(row.id, row.name))
    this.deps.bus.changed('apps')
    return this.get(name)
  }

  private storeSecrets(appId: string, values: Readonly<Record<string, string>>): void {
    const keychain = Object.keys(values).length ? this.deps.keychain() : null
    for (const [k, v] of Object.entries(values)) keychain?.set(secretRef(appId, k), v)
  }

  private secretValues(row: AppRow, keys: readonly string[]): Record<string, string> {
    if (keys.length === 0) return {}
    const keychain = this.deps.keychain()
    return Object.fromEntries(
      keys.map((k) => {
        const v = keychain.get(secretRef(row.id, k))
        if (v === null)
          throw new PierError(
            'not_found',
            `The keychain has no value for ${row.name}'s secret ${k}.`,
            `Set it again: pier app update ${row.name} --secret ${k} (value on standard input).`
          )
        return [k, v]
      })
    )
  }

  private async requireSwarm(server: string, cluster: string | null): Promise<void> {
    const info = (await this.deps.docker.engines
      .get(server)
      .call((d) => d.info() as Promise<unknown>, 'Reading the swarm state')) as {
      Swarm?: { LocalNodeState?: string; ControlAvailable?: boolean }
    }
    const state = info.Swarm?.LocalNodeState
    if (state !== 'active')
      throw new PierError(
        'swarm_inactive',
        `Docker on ${server} is not in a swarm (state: ${state ?? 'unknown'}); apps run as swarm services.`,
        cluster
          ? `See the cluster: pier cluster nodes ${cluster}`
          : `Set it up with: pier server setup-docker ${server}`
      )
    // The app's releases live on the manager it was created on; a demoted one cannot deploy.
    if (cluster && info.Swarm?.ControlAvailable !== true)
      throw new PierError(
        'swarm_inactive',
        `${server}, where the cluster app's releases are kept, is no longer a manager of ${cluster}.`,
        `Promote it again: pier cluster node ${cluster} ${server} --role manager`
      )
  }

  async deploy(
    name: string,
    opts: { wait?: boolean; waitSec?: number; signal?: AbortSignal } = {}
  ): Promise<DeployResult> {
    const row = this.row(name)
    return this.start(row, 'deploy', null, row.source, row.spec, opts)
  }

  async rollback(
    name: string,
    opts: { to?: number; wait?: boolean; waitSec?: number; signal?: AbortSignal } = {}
  ): Promise<DeployResult> {
    const row = this.row(name)
    const releases = await this.releases(name)
    const current = releases.find((r) => r.current)
    const target =
      opts.to === undefined
        ? releases.find((r) => !r.pruned && current !== undefined && r.number < current.number)
        : releases.find((r) => r.number === opts.to)
    if (!target)
      throw new PierError(
        'not_found',
        opts.to === undefined
          ? `${name} has no earlier release to roll back to.`
          : `${name} has no release ${opts.to}.`,
        `See its releases: pier app releases ${name}`
      )
    if (target.pruned)
      throw new PierError(
        'not_found',
        `The image of ${name} release ${target.number} was pruned from the server.`,
        `Roll back to a kept release: pier app releases ${name}`
      )
    return this.start(row, 'rollback', target.number, target.config.source, target.config.spec, {
      ...opts,
      image: releaseTag(name, target.number),
      commit: target.commit
    })
  }

  /**
   * The deploy job exactly as start() launches it: deploy.sh, its arguments and its secrets.
   * Auto-deploy keeps a copy of it on the server, so the server's own deploys are this job too.
   */
  private async deployJob(
    row: AppRow,
    server: string,
    kind: 'deploy' | 'rollback',
    target: number | null,
    source: AppSource,
    spec: AppSpec,
    opts: { waitSec?: number; image?: string; commit?: string | null }
  ): Promise<StartJob> {
    const cluster = this.clusterName(row)
    const secrets: Record<string, string> = {}
    if (spec.secretKeys.length)
      secrets.COMPOSE = renderSecretCompose(this.secretValues(row, spec.secretKeys))
    const network = (await this.deps.proxy?.prepareDeploy(row.name)) ?? null
    const waitSec = opts.waitSec ?? DEFAULT_WAIT_SEC
    // A rollback redeploys a kept image; only a deploy of a git or folder source builds.
    const build = opts.image === undefined && source.type !== 'image' ? source : null
    let extra: string[] = ['image', '', '', 'no', '', opts.commit ?? '']
    if (build) {
      let uploadId: string | null = null
      if (build.type === 'dir') {
        uploadId = newUploadId()
        await uploadFolder(this.deps.pool.link(row.serverId), server, row.name, build, uploadId)
      } else {
        // Public https repositories need no key; ssh ones can't be fetched without it.
        const key = this.deps.keychain().get(deployKeyRef(row.id))
        if (key !== null) secrets.DEPLOY_KEY = key
        else if (!/^https:\/\//i.test(build.url))
          throw new PierError(
            'not_found',
            `The keychain has no deploy key for ${row.name}.`,
            `Remove the app and create it again for a new key (pier app remove ${row.name}).`
          )
      }
      extra = buildArgs(build, uploadId, this.deps.env ?? process.env)
    }
    const image = opts.image ?? (source.type === 'image' ? source.image : '')
    const distributeWait = cluster ? this.distributeWait(cluster) : 0
    return {
      script: remoteScript('deploy.sh'),
      args: [
        row.name,
        image,
        opts.image || build ? 'no' : 'yes',
        renderCompose(row.name, spec, { network }),
        JSON.stringify({ source, spec }),
        String(spec.keep),
        String(waitSec),
        distributeWait === 'registry' ? `registry:${REGISTRY_PORT}` : String(distributeWait),
        ...extra
      ],
      key: `app-${row.name}`,
      title: kind === 'deploy' ? `Deploy ${row.name}` : `Roll back ${row.name} to ${target}`,
      // Builds get longer: a cold build pulls base images and installs dependencies.
      timeoutSec:
        waitSec + (build ? 3600 : 600) + (distributeWait === 'registry' ? 600 : distributeWait),
      secrets: Object.keys(secrets).length ? secrets : undefined
    }
  }

  /**
   * A cluster deploy's DISTRIBUTE argument: how long the job waits for the laptop to stream the
   * image, or 'registry' when the job pushes it to the cluster's registry itself.
   */
  private distributeWait(cluster: string): number | 'registry' {
    if (this.clusters().imageMode(cluster) === 'registry') return 'registry'
    return this.deps.distributeWaitSec ?? DISTRIBUTE_WAIT_SEC
  }

  /** A git app's deploy job as the server keeps it for auto-deploy and CI deploys. */
  async serverDeployJob(
    name: string
  ): Promise<{ app: App; source: Extract<AppSource, { type: 'git' }>; job: StartJob }> {
    const row = this.row(name)
    if (row.source.type !== 'git')
      throw new PierError(
        'invalid_input',
        `${row.name} runs ${row.source.type === 'image' ? 'an image' : 'a folder from this computer'}, so the server has no repository to poll or deploy from.`,
        `Auto-deploy and CI keys are for apps built from git: pier app update ${row.name} --git URL`
      )
    // The server deploys alone there; copying the image to the nodes needs the laptop.
    if (row.clusterId !== null)
      throw new PierError(
        'invalid_input',
        `${row.name} runs on a cluster: its deploys copy the image to the other nodes from this computer, which the server's own deploys cannot do.`,
        `Deploy it from Pier: pier app deploy ${row.name} --wait`
      )
    const server = this.deps.servers.get(row.serverId).name
    const job = await this.deployJob(row, server, 'deploy', null, row.source, row.spec, {})
    return { app: this.view(row), source: row.source, job }
  }

  private async start(
    row: AppRow,
    kind: 'deploy' | 'rollback',
    target: number | null,
    source: AppSource,
    spec: AppSpec,
    opts: {
      wait?: boolean
      waitSec?: number
      signal?: AbortSignal
      image?: string
      commit?: string | null
    }
  ): Promise<DeployResult> {
    const server = this.deps.servers.get(row.serverId).name
    const cluster = this.clusterName(row)
    await this.requireSwarm(server, cluster)
    // Catches up on releases the manager pruned after deploys Pier did not wait for.
    if (cluster) await this.pruneOnNodes(row.name).catch(() => undefined)
    const job = await this.deployJob(row, server, kind, target, source, spec, opts)
    const { id } = await this.deps.jobs.start(server, job)
    this.repo.addDeployment(row.id, { jobId: id, kind, target, createdAt: now() })
    this.deps.bus.changed('apps')
    // Even without --wait, the laptop stays for the image copy: the job cannot do it alone,
    // except in registry mode, where its DISTRIBUTE argument has it push the image itself.
    const pushes = job.args?.[7]?.startsWith('registry:') === true
    if (cluster && !pushes)
      await distributeForJob({
        jobs: this.deps.jobs,
        clusters: this.clusters(),
        link: this.deps.pool.link(row.serverId),
        server,
        cluster,
        app: row.name,
        jobId: id,
        constraints: spec.constraints,
        signal: opts.signal
      })
    const base = { app: row.name, server, jobId: id, kind }
    if (!opts.wait) {
      const status = await this.deps.jobs.status(server, id).catch(() => null)
      return { ...base, state: status?.state ?? 'queued', release: null, reason: null }
    }
    return this.finish(row, server, id, kind, opts.signal)
  }

  /** Waits for a deploy job to end (through dropped links), then takes in the server's releases. */
  async wait(name: string, jobId: string, signal?: AbortSignal): Promise<DeployResult> {
    const row = this.row(name)
    const d = this.repo.deployments(row.id).find((x) => x.jobId === jobId)
    const server = this.deps.servers.get(row.serverId).name
    return this.finish(row, server, jobId, d?.kind ?? 'deploy', signal)
  }

  private async finish(
    row: AppRow,
    server: string,
    jobId: string,
    kind: 'deploy' | 'rollback',
    signal?: AbortSignal
  ): Promise<DeployResult> {
    let job: JobStatus | null = null
    const since = Date.now()
    for (;;) {
      if (signal?.aborted)
        throw new PierError('internal', 'Stopped waiting.', 'The deploy goes on on the server.')
      try {
        job = await this.deps.jobs.status(server, jobId)
        if (TERMINAL.has(job.state)) break
      } catch (err) {
        // A dropped link: the job goes on on the server; ask again once the link is back. A job
        // just launched may not have written its status yet: give it a few seconds.
        if (!(err instanceof PierError)) throw err
        if (err.code === 'not_found' && Date.now() - since > 15_000) throw err
      }
      await new Promise((r) => setTimeout(r, 1000))
    }
    const releases = await this.releases(row.name)
    const made = releases.find((r) => r.jobId === jobId)
    if (job.state === 'succeeded' && row.clusterId !== null)
      await this.pruneOnNodes(row.name, releases).catch(() => undefined)
    let reason = job.reason
    if (job.state === 'failed') reason = (await this.failure(server, jobId)) ?? reason
    return {
      app: row.name,
      server,
      jobId,
      kind,
      state: job.state,
      release: made?.number ?? null,
      reason
    }
  }

  /** deploy.sh's last "error: …" line: why the deploy failed, in its own words. */
  private async failure(server: string, jobId: string): Promise<string | null> {
    let log = ''
    for await (const chunk of this.deps.jobs.logs(server, jobId)) log += chunk.data
    const lines = [...log.matchAll(/^\S+ error: (.*)$/gm)]
    return lines.at(-1)?.[1] ?? null
  }

  /** The server's record of the app's releases, copied into SQLite (newest first). */
  async releases(name: string): Promise<Release[]> {
    const row = this.row(name)
    const server = this.deps.servers.get(row.serverId).name
    const out = await runRemote(
      this.deps.pool.link(row.serverId),
      server,
      remoteScript('app-releases.sh'),
      [row.name],
      { what: 'Reading the releases', hint: 'Check that ~/.pier/apps on the server is readable.' }
    )
    let releases: Release[]
    try {
      releases = parseReleases(out.stdout)
    } catch (err) {
      if (err instanceof ReleaseListError)
        throw new PierError(
          'remote_failed',
          `The releases of ${name} on ${server} are unreadable: ${err.message}`,
          `Look at ~/.pier/apps/${name}/releases on the server.`
        )
      throw err
    }
    this.repo.replaceReleases(row.id, releases)
    this.deps.bus.changed('apps')
    return releases
  }

  /** Releases as last copied from the server; asks no server. */
  knownReleases(name: string): Release[] {
    return this.repo.releases(this.row(name).id)
  }

  deployments(name: string) {
    return this.repo.deployments(this.row(name).id)
  }

  logs(
    name: string,
    opts: { follow?: boolean; tail?: number; signal?: AbortSignal }
  ): AsyncGenerator<LogLine> {
    const row = this.row(name)
    const server = this.deps.servers.get(row.serverId).name
    return this.deps.docker.serviceLogs(server, serviceName(row.name), opts)
  }

  /**
   * Applies the app's retention to the cluster's other nodes: the release images the manager
   * pruned go from them too (./cluster-prune.ts). Nodes that are down or cannot be asked keep
   * their images until the next deploy (the failures are in the answer).
   */
  async pruneOnNodes(name: string, known?: readonly Release[]): Promise<NodePrune[]> {
    const row = this.row(name)
    const cluster = this.clusterName(row)
    if (!cluster) return []
    const manager = this.deps.servers.get(row.serverId).name
    const releases = known ?? (await this.releases(name))
    const kept = releases.filter((r) => !r.pruned).map((r) => r.number)
    const digests = await keptDigests(this.deps.docker.engines, manager, row.name, kept)
    const { nodes } = await this.clusters().nodes(cluster)
    // A node that is down would only hold the deploy up; it is pruned once it is back.
    const servers = nodes
      .filter((n) => n.status === 'ready')
      .map((n) => n.server)
      .filter((s): s is string => s !== null && s !== manager)
    return pruneNodes(this.deps.docker.engines, servers, row.name, keptOf(releases, digests))
  }

  /**
   * The release images Pier copied to a cluster's nodes, or they pulled from its registry (the
   * manager's own tags went with app-remove.sh; its registry tags go here). Best effort: a node
   * that is down keeps its copies until pruned by hand.
   */
  private async removeFromNodes(cluster: string, app: string): Promise<void> {
    const { nodes } = await this.clusters().nodes(cluster)
    const servers = nodes.map((n) => n.server).filter((s): s is string => s !== null)
    await Promise.all(
      servers.map(async (server) => {
        const engine = this.deps.docker.engines.get(server)
        // The service's tasks stop a moment after `docker stack rm`; their images are in use
        // until then.
        // Streamed releases are tagged pier/APP:N; pulled ones are registry references, by
        // digest (untagged) as the stack names them.
        const pulled = registryRepo(app)
        for (let attempt = 0; attempt < 15; attempt++) {
          const images = (await engine.docker.listImages({
            filters: JSON.stringify({ reference: [`pier/${app}`, pulled] })
          })) as { RepoTags?: string[] | null; RepoDigests?: string[] | null }[]
          const tags = images
            .flatMap((i) => [...(i.RepoTags ?? []), ...(i.RepoDigests ?? [])])
            .filter(
              (t) =>
                t.startsWith(`pier/${app}:`) ||
                t.startsWith(`${pulled}:`) ||
                t.startsWith(`${pulled}@`)
            )
          if (tags.length === 0) return
          for (const t of tags)
            await engine.docker
              .getImage(t)
              .remove({ force: false })
              .catch(() => undefined)
          await new Promise((r) => setTimeout(r, 1000))
        }
      })
    )
  }

  /** Removes the app's service, release images and ~/.pier/apps/<app> (volumes stay). */
  async remove(name: string): Promise<{ removed: string }> {
    const row = this.row(name)
    const server = this.deps.servers.get(row.serverId).name
    await this.deps.autodeploy?.appRemoving(row.name)
    await runRemote(
      this.deps.pool.link(row.serverId),
      server,
      remoteScript('app-remove.sh'),
      [row.name],
      {
        what: 'Removing the app',
        hint: 'Check Docker on the server: pier server check ' + server
      }
    )
    const keychain =
      row.spec.secretKeys.length || row.deployKey !== null ? this.deps.keychain() : null
    for (const k of row.spec.secretKeys) keychain?.delete(secretRef(row.id, k))
    if (row.deployKey !== null) keychain?.delete(deployKeyRef(row.id))
    this.repo.remove(row.id)
    this.deps.bus.changed('apps')
    const cluster =
      row.clusterId === null ? null : (this.deps.clusters?.nameOf(row.clusterId) ?? null)
    if (cluster) await this.removeFromNodes(cluster, row.name).catch(() => undefined)
    // Its domains went with it (ON DELETE CASCADE); the app is gone either way, so a proxy that
    // cannot be re-rendered now only keeps routing to a name that no longer resolves.
    await this.deps.proxy?.appRemoved(row.serverId).catch(() => undefined)
    return { removed: row.name }
  }
}
