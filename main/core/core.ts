// Runs in: main, CLI, headless server.
// The composition root of main/core: opens the local state and wires the domain services.
// Everything that serves the API (Electron, CLI, `pier serve`) starts from createCore().
import { version } from '../../package.json'
import { PierError } from './errors'
import { EventBus, type Topic } from './events'
import { openDatabase, schemaVersion, type Db } from './db/open'
import { resolvePaths, type PierPaths } from './paths'
import { createKeychain, type Keychain } from './secrets/keychain'
import type { KeychainStatus } from './secrets/status'
import type { ServerLinkStatus } from './servers/model'
import { ServerRepository } from './servers/repository'
import { ServersService } from './servers/service'
import { SshPool } from './ssh/pool'
import { CronService } from './jobs/cron'
import { JobRepository } from './jobs/repository'
import { JobsService } from './jobs/service'
import { JobTracker, type JobFinished } from './jobs/tracker'
import { DockerService } from './docker/service'
import type { ConnectTarget } from './ssh/connect'
import { TerminalService } from './terminal/service'
import { MetricsService } from './metrics/service'
import { AlertService, type AlertEvent } from './alerts/service'
import { SettingsRepository } from './settings/repository'
import { SnippetsService } from './snippets/service'
import { AppsService } from './apps/service'
import { StacksService } from './stacks/service'
import { TemplatesService } from './templates/service'
import { AutoPull } from './databases/auto-pull'
import { BackupsService } from './databases/backups'
import { VolumeBackupsService } from './backups/volumes'
import { DatabasesService } from './databases/service'
import { ProxyService } from './proxy/service'
import { AutodeployService } from './apps/autodeploy'
import { ClustersService } from './clusters/service'

export interface CoreOptions {
  home?: string
  nativeBinding?: string
  keychain?: Keychain
  sshKeepaliveMs?: number
  /**
   * Background work of a long-lived app (the window and `pier serve`; a one-shot CLI command
   * leaves it to them): follow unfinished jobs into local logs and SQLite, pull metrics.
   */
  trackJobs?: boolean
  /** How often the job tracker looks for new and changed jobs (ms). */
  jobPollMs?: number
  /** How long a cluster deploy waits for the laptop's image copy (s); tests shorten it. */
  distributeWaitSec?: number
}

export interface Core {
  version: string
  paths: PierPaths
  db: Db
  bus: EventBus
  servers: ServersService
  jobs: JobsService
  jobTracker: JobTracker
  cron: CronService
  terminals: TerminalService
  metrics: MetricsService
  alerts: AlertService
  /** Called with alert deliveries the collector reported that this laptop had not seen. */
  onAlerts(listener: (events: AlertEvent[]) => void): () => void
  settings: SettingsRepository
  snippets: SnippetsService
  /** Called once for each job started here that has ended; returns an unsubscribe function. */
  onJobFinished(listener: (f: JobFinished) => void): () => void
  docker: DockerService
  apps: AppsService
  stacks: StacksService
  templates: TemplatesService
  databases: DatabasesService
  backups: BackupsService
  /** Pulls new backups of auto-pull databases when their server connects (once started). */
  autoPull: AutoPull
  volumeBackups: VolumeBackupsService
  proxy: ProxyService
  autodeploy: AutodeployService
  clusters: ClustersService
  pool: SshPool
  schemaVersion(): number
  linkStatuses(): ServerLinkStatus[]
  keychain(): Keychain
  keychainStatus(): KeychainStatus
  watch<T>(topic: Topic, snapshot: () => T, signal: AbortSignal): AsyncIterable<T>
  close(): void
}

export function createCore(options: CoreOptions = {}): Core {
  const paths = resolvePaths(options.home)
  // A checkout started with `npm start` keeps an Electron build of better-sqlite3 beside the
  // Node one (scripts/start.mjs), so the tests and the window never fight over one binary.
  const db = openDatabase(paths.database, {
    nativeBinding: options.nativeBinding ?? process.env.PIER_SQLITE_BINDING
  })
  const bus = new EventBus()
  const repo = new ServerRepository(db)
  let keychain = options.keychain
  const getKeychain = (): Keychain => (keychain ??= createKeychain())
  const statuses = new Map<string, ServerLinkStatus>()
  // Needs the pool and the backups; the pool tells it when a connection comes up.
  let autoPull: AutoPull | null = null
  const pool: SshPool = new SshPool({
    target: (id): Promise<ConnectTarget> => servers.target(id),
    onStatus: (serverId, status) => {
      statuses.set(serverId, { serverId, ...status })
      bus.changed('links')
    },
    onConnected: (serverId) => {
      repo.touchLastSeen(serverId)
      bus.changed('servers')
      autoPull?.connected(serverId)
    }
  })
  const servers: ServersService = new ServersService({
    db,
    repo,
    bus,
    keychain: getKeychain,
    pool,
    keepaliveMs: options.sshKeepaliveMs
  })

  const jobRepo = new JobRepository(db)
  const finished = new Set<(f: JobFinished) => void>()
  // The tracker and the service need each other: the service reports how much of a log is
  // local, the tracker follows through the service.
  let tracker: JobTracker | null = null
  const jobs = new JobsService({
    servers,
    pool,
    repo: jobRepo,
    bus,
    localBytes: (serverId, id) => tracker?.localBytes(serverId, id) ?? 0,
    localLog: (serverId, id) => tracker?.logPath(serverId, id) ?? ''
  })
  tracker = new JobTracker({
    dir: paths.jobLogs,
    jobs,
    repo: jobRepo,
    servers,
    bus,
    intervalMs: options.jobPollMs,
    onFinished: (f) => finished.forEach((l) => l(f))
  })
  if (options.trackJobs) tracker.start()
  const docker = new DockerService({ servers, pool })
  const terminals = new TerminalService({ servers, pool, docker })
  // Apps and the proxy need each other: deploys join the proxy's network, domains name apps.
  let proxy: ProxyService | null = null
  let clusters: ClustersService | null = null
  const need = <T>(x: T | null): T => {
    if (x === null) throw new Error('core services used before they were set up')
    return x
  }
  let autodeploy: AutodeployService | null = null
  const apps = new AppsService({
    db,
    servers,
    pool,
    jobs,
    docker,
    keychain: getKeychain,
    bus,
    proxy: {
      prepareDeploy: (app) => proxy?.prepareDeploy(app) ?? Promise.resolve(null),
      appRemoved: (serverId) => proxy?.appRemoved(serverId) ?? Promise.resolve()
    },
    distributeWaitSec: options.distributeWaitSec,
    // Clusters come later (they need nothing of the apps); reached through this closure.
    clusters: {
      resolve: (name) => need(clusters).resolve(name),
      nameOf: (id) => need(clusters).nameOf(id),
      nodeServers: (name) => need(clusters).nodeServers(name),
      nodes: (name) => need(clusters).nodes(name),
      distribute: (name, image, opts) => need(clusters).distribute(name, image, opts),
      imageMode: (name) => need(clusters).imageMode(name)
    },
    autodeploy: {
      appRemoving: (app) => autodeploy?.appRemoving(app) ?? Promise.resolve()
    }
  })
  proxy = new ProxyService({ db, servers, pool, apps, keychain: getKeychain, bus })
  const proxyRef = proxy
  const stacks = new StacksService({
    db,
    servers,
    pool,
    jobs,
    docker,
    bus,
    keychain: getKeychain,
    proxy: {
      services: (id) => proxyRef.stackServices(id),
      domainIds: (id) => proxyRef.stackDomainIds(id),
      urls: (id) => proxyRef.stackUrls(id),
      changed: (serverId, certs) => proxyRef.stackChanged(serverId, certs)
    }
  })
  const templates = new TemplatesService({ servers, stacks, proxy })
  const cron = new CronService({ servers, pool })
  autodeploy = new AutodeployService({ db, servers, pool, apps, cron, bus })
  const databases = new DatabasesService({
    db,
    servers,
    pool,
    jobs,
    cron,
    keychain: getKeychain,
    bus
  })
  const backups = new BackupsService({
    databases,
    servers,
    pool,
    jobs,
    cron,
    bus,
    libraryDir: paths.backups
  })
  autoPull = new AutoPull({
    backups,
    pool,
    servers: () => [
      ...new Set(
        databases.repo
          .list()
          .filter((r) => r.autoPull)
          .map((r) => r.serverId)
      )
    ]
  })
  const autoPuller = autoPull
  const volumeBackups = new VolumeBackupsService({
    servers,
    pool,
    jobs,
    cron,
    libraryDir: paths.backups
  })
  clusters = new ClustersService({ db, servers, pool, docker, bus })
  const alertListeners = new Set<(events: AlertEvent[]) => void>()
  // Alerts read the metrics settings and metrics deliver alert lines: wired through closures.
  let metrics: MetricsService | null = null
  const alerts = new AlertService({
    db,
    servers,
    pool,
    keychain: getKeychain,
    bus,
    metricsEnabled: (serverId) => metrics?.enabled(serverId) ?? false
  })
  metrics = new MetricsService({
    db,
    servers,
    pool,
    cron,
    bus,
    onAlertLines: (serverId, lines) => {
      const fresh = alerts.ingest(serverId, lines)
      if (fresh.length) alertListeners.forEach((l) => l(fresh))
    }
  })
  if (options.trackJobs) metrics.startAutoSync()
  const metricsService = metrics
  const jobTracker = tracker

  return {
    version,
    paths,
    db,
    bus,
    servers,
    jobs,
    jobTracker,
    cron,
    terminals,
    metrics: metricsService,
    alerts,
    onAlerts: (listener) => {
      alertListeners.add(listener)
      return () => alertListeners.delete(listener)
    },
    settings: new SettingsRepository(db),
    snippets: new SnippetsService(db, servers),
    onJobFinished: (listener) => {
      finished.add(listener)
      return () => finished.delete(listener)
    },
    docker,
    apps,
    stacks,
    templates,
    databases,
    backups,
    autoPull: autoPuller,
    volumeBackups,
    proxy,
    autodeploy,
    clusters,
    pool,
    linkStatuses: () => [...statuses.values()],
    schemaVersion: () => schemaVersion(db),
    keychain: getKeychain,
    keychainStatus: () => {
      try {
        getKeychain().check()
        return {
          available: true,
          message: 'The OS keychain stores and returns secrets.',
          hint: null
        }
      } catch (err) {
        if (err instanceof PierError)
          return { available: false, message: err.message, hint: err.hint }
        throw err
      }
    },
    watch: (topic, snapshot, signal) => bus.watch(topic, snapshot, signal),
    close: () => {
      jobTracker.stop()
      autoPuller.stop()
      metricsService.stop()
      terminals.closeAll()
      pool.closeAll()
      db.close()
    }
  }
}
