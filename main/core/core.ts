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
import { ServerRepository, type NewServer, type Server } from './servers/repository'

export interface CoreOptions {
  home?: string
  nativeBinding?: string
  keychain?: Keychain
}

export interface Core {
  version: string
  paths: PierPaths
  db: Db
  bus: EventBus
  servers: {
    list(): Server[]
    add(s: NewServer): Server
  }
  schemaVersion(): number
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

  return {
    version,
    paths,
    db,
    bus,
    servers: {
      list: () => repo.list(),
      add: (s) => {
        const created = repo.insert(s)
        bus.changed('servers')
        return created
      }
    },
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
    close: () => db.close()
  }
}
