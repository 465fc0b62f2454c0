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
import { JobsService } from './jobs/service'
import { DockerService } from './docker/service'
import type { ConnectTarget } from './ssh/connect'

export interface CoreOptions {
  home?: string
  nativeBinding?: string
  keychain?: Keychain
  sshKeepaliveMs?: number
}

export interface Core {
  version: string
  paths: PierPaths
  db: Db
  bus: EventBus
  servers: ServersService
  jobs: JobsService
  docker: DockerService
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
  const pool: SshPool = new SshPool({
    target: (id): Promise<ConnectTarget> => servers.target(id),
    onStatus: (serverId, status) => {
      statuses.set(serverId, { serverId, ...status })
      bus.changed('links')
    },
    onConnected: (serverId) => {
      repo.touchLastSeen(serverId)
      bus.changed('servers')
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

  return {
    version,
    paths,
    db,
    bus,
    servers,
    jobs: new JobsService({ servers, pool }),
    docker: new DockerService({ servers, pool }),
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
      pool.closeAll()
      db.close()
    }
  }
}
