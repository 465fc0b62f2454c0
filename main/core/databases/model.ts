// Runs in: main, and in the renderer through the API contract (pure zod, no Node imports).
// A database as Pier stores it, and a backup as the server's manifest records it. Everything a
// user types is checked here, so nothing malformed reaches a compose file or a server.
import { z } from 'zod'
import { imageRef } from '../docker/refs'

export const ENGINES = ['postgres', 'mysql', 'mariadb', 'mongo', 'redis'] as const
export const engine = z.enum(ENGINES, {
  message: 'The engine is one of postgres, mysql, mariadb, mongo, redis.'
})
export type Engine = z.infer<typeof engine>

/** Also the stack name's suffix (db-NAME), the backup folder and the lock key suffix. */
export const dbName = z
  .string()
  .regex(
    /^[a-z][a-z0-9-]{0,29}$/,
    'A database name is 1-30 lowercase letters, digits or "-", starting with a letter.'
  )
  .refine((s) => !s.endsWith('-'), 'A database name cannot end with "-".')

export const dbVersion = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'A version is a tag like 16, 8.4 or 7-alpine.')

export const dbImage = imageRef

const CONTROL_CHARS = /[\u0000-\u001f\u007f]/

/**
 * A password the user chose instead of a generated one. Quotes, `$`, spaces and backslashes are
 * fine: it only ever travels as a secret file and is read by the engine or the image's own
 * entrypoint. Control characters (a newline above all) are not: several engines and images
 * read the password as one line.
 */
export const dbPassword = z
  .string()
  .min(8, 'A database password has at least 8 characters.')
  .max(200, 'A database password has at most 200 characters.')
  .refine(
    (s) => !CONTROL_CHARS.test(s),
    'A database password cannot contain a newline or other control characters.'
  )

/** The official image and default tag of each engine. */
export const DEFAULT_IMAGES: Record<Engine, { repo: string; version: string }> = {
  postgres: { repo: 'postgres', version: '16' },
  mysql: { repo: 'mysql', version: '8' },
  mariadb: { repo: 'mariadb', version: '11' },
  mongo: { repo: 'mongo', version: '7' },
  redis: { repo: 'redis', version: '7' }
}

export const PORTS: Record<Engine, number> = {
  postgres: 5432,
  mysql: 3306,
  mariadb: 3306,
  mongo: 27017,
  redis: 6379
}

/** The user Pier creates (root for MySQL/MariaDB, whose root Pier's backups use; none for Redis). */
export const USERS: Record<Engine, string | null> = {
  postgres: 'pier',
  mysql: 'root',
  mariadb: 'root',
  mongo: 'pier',
  redis: null
}

/** The logical database inside the engine: its name with "_" for "-" (SQL identifiers). */
export const innerName = (name: string): string => name.replace(/-/g, '_')
export const stackName = (name: string): string => `db-${name}`
export const serviceName = (name: string): string => `db-${name}_db`
export const volumeName = (name: string): string => `db-${name}_data`
/** The swarm-scoped bridge network every database joins: the server itself can route to it. */
export const DB_NETWORK = 'pier-db'

export const databaseSchema = z.object({
  id: z.string(),
  name: z.string(),
  server: z.string(),
  serverId: z.string(),
  engine,
  version: z.string(),
  image: z.string(),
  /** Backups by cron: a five-field schedule and how many good backups to keep; null: none. */
  schedule: z.string().nullable(),
  keep: z.number().int(),
  /** Copy new good backups into the local library whenever the server's connection comes up. */
  autoPull: z.boolean(),
  createdAt: z.number().int()
})
export type Database = z.infer<typeof databaseSchema>

export const connectionSchema = z.object({
  engine,
  /** The service's name on the pier-db network (reachable by containers on that network). */
  host: z.string(),
  port: z.number().int(),
  user: z.string().nullable(),
  database: z.string().nullable(),
  /** Where the password is: Pier reads it from the OS keychain; `pier db password NAME`. */
  passwordRef: z.string(),
  /** A client URL without the password. */
  url: z.string()
})
export type Connection = z.infer<typeof connectionSchema>

export const databaseStatusSchema = databaseSchema.extend({
  /** "1/1": running/desired replicas; null when the server could not be asked. */
  replicas: z.string().nullable(),
  running: z.boolean().nullable(),
  /** Bytes used by the data volume; null when unknown. */
  sizeBytes: z.number().int().nullable(),
  connection: connectionSchema,
  /** Why the server's state is unknown (unreachable, …). */
  error: z.string().nullable()
})
export type DatabaseStatus = z.infer<typeof databaseStatusSchema>

export const backupStatus = z.enum(['ok', 'failed', 'pruned'])

/** One backup as the manifest (~/.pier/backups/<db>/manifest.jsonl) records it. */
export const backupRecord = z.object({
  id: z.string().regex(/^[0-9]{8}T[0-9]{6}Z-[a-z0-9]{1,16}$/),
  /** The file name in the backup folder; null for a failed run. */
  file: z.string().nullable(),
  /** Unix seconds when the run started. */
  time: z.number().int(),
  size: z.number().int().nullable(),
  sha256: z
    .string()
    .regex(/^[0-9a-f]{64}$/)
    .nullable(),
  engine: z.string(),
  version: z.string(),
  durationSec: z.number().int().nullable(),
  status: backupStatus,
  error: z.string().nullable(),
  /** cron or job (run now, safety backups). */
  trigger: z.string().nullable()
})
export type BackupRecord = z.infer<typeof backupRecord>

/** A file of the local backup library (a pull's result). */
export const pulledSchema = z.object({
  id: z.string(),
  path: z.string(),
  sha256: z.string(),
  size: z.number().int(),
  /** Bytes that were there already from an earlier, interrupted pull. */
  resumedFrom: z.number().int()
})
export type Pulled = z.infer<typeof pulledSchema>

/** What the library keeps next to each pulled file (<file>.json): the manifest's record. */
export const verifyNote = z.object({
  /** Unix seconds when the throwaway restore ended. */
  at: z.number().int(),
  ok: z.boolean(),
  count: z.number().int().nullable(),
  reason: z.string().nullable(),
  server: z.string(),
  jobId: z.string()
})
export type VerifyNote = z.infer<typeof verifyNote>

export const librarySidecar = z.object({
  db: z.string(),
  server: z.string(),
  record: backupRecord,
  /** Unix seconds when the pull finished (its sha256 matched the manifest's then). */
  pulledAt: z.number().int().optional(),
  /** How pulled: by hand, or by auto-pull when the server connected. */
  by: z.enum(['user', 'auto']).optional(),
  /** The last "Verify backup" of this file. */
  verified: verifyNote.optional()
})
export type LibrarySidecar = z.infer<typeof librarySidecar>

/** A file of the local library as the Backups page lists it. */
export const libraryEntry = z.object({
  db: z.string(),
  server: z.string(),
  path: z.string(),
  file: z.string(),
  /** Bytes on disk now. */
  size: z.number().int(),
  record: backupRecord,
  pulledAt: z.number().int().nullable(),
  by: z.enum(['user', 'auto']).nullable(),
  /** The file still has the size the manifest recorded (its sha256 was checked at the pull). */
  intact: z.boolean(),
  verified: verifyNote.nullable()
})
export type LibraryEntry = z.infer<typeof libraryEntry>

export const transferSchema = z.object({
  id: z.string(),
  kind: z.enum(['pull', 'upload']),
  db: z.string(),
  bytes: z.number().int(),
  total: z.number().int().nullable(),
  done: z.boolean()
})
export type Transfer = z.infer<typeof transferSchema>
