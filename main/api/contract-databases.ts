// Runs in: main, preload and renderer (pure data: zod schemas and types, no Node or DOM imports).
// The Databases and Backups part of the contract: `db.create` is `pier db create NAME --server S
// --engine E`, `backup.pull` is `pier backup pull DB --latest`, and so on.
import { z } from 'zod'
import {
  backupRecord,
  databaseSchema,
  databaseStatusSchema,
  dbImage,
  dbPassword,
  dbVersion,
  engine,
  libraryEntry,
  pulledSchema,
  transferSchema
} from '../core/databases/model'
import type { BackupRun, RestoreResult, VerifyResult } from '../core/databases/backups'
import type { TunnelEvent } from '../core/databases/service'
import { mutation, query, stream } from './define'

const name = z.string().min(1).max(200)
const file = z.string().min(1).max(4096)

export const databasesContract = {
  'db.list': query({
    input: z.object({}).strict(),
    output: z.array(databaseStatusSchema),
    summary:
      'List the databases with their status (replicas), engine, version, data size and connection details.'
  }),
  'db.create': mutation({
    input: z
      .object({
        name,
        server: z.string().min(1).max(200),
        engine,
        version: dbVersion.optional(),
        image: dbImage.optional(),
        password: dbPassword.optional(),
        waitSec: z.coerce.number().int().min(10).max(3600).optional()
      })
      .strict(),
    output: databaseSchema,
    summary:
      'Create a database as a swarm service with a named volume: --server S --engine postgres|mysql|mariadb|mongo|redis [--version V] [--image IMG] [--password-stdin]; the password (generated unless given on stdin) goes to the keychain.',
    args: ['name'],
    secrets: ['password']
  }),
  'db.remove': mutation({
    input: z.object({ name, deleteData: z.boolean().optional() }).strict(),
    output: z.object({ removed: z.string(), dataDeleted: z.boolean() }),
    summary:
      'Remove a database service and its backup schedule; the volume and backups stay unless --delete-data.',
    args: ['name']
  }),
  'db.password': query({
    input: z.object({ name }).strict(),
    output: z.object({ name: z.string(), password: z.string() }),
    summary: "Print a database's password from the OS keychain (for a client through the tunnel).",
    args: ['name']
  }),
  'db.tunnel': stream({
    input: z
      .object({ name, localPort: z.coerce.number().int().min(0).max(65535).optional() })
      .strict(),
    output: z.custom<TunnelEvent>(),
    summary:
      'Open a database on localhost: listens on 127.0.0.1 (--local-port P) and forwards over SSH until Ctrl+C; no port is published.',
    args: ['name']
  }),
  'backup.schedule': mutation({
    input: z
      .object({
        db: name,
        cron: z.string().min(1).max(200),
        keep: z.coerce.number().int().min(1).max(1000)
      })
      .strict(),
    output: databaseSchema,
    summary:
      "Back a database up on the server by cron: --cron '30 3 * * *' --keep N (good backups kept).",
    args: ['db']
  }),
  'backup.unschedule': mutation({
    input: z.object({ db: name }).strict(),
    output: databaseSchema,
    summary: "Remove a database's backup cron entry (its backups stay).",
    args: ['db']
  }),
  'backup.preview': query({
    input: z
      .object({
        cron: z.string().min(1).max(200),
        count: z.coerce.number().int().min(1).max(20).optional()
      })
      .strict(),
    output: z.object({ schedule: z.string(), text: z.string(), next: z.array(z.number().int()) }),
    summary: 'Describe a cron schedule in words with its next run times (UTC), checking it first.'
  }),
  'backup.run': mutation({
    input: z.object({ db: name, wait: z.boolean().optional() }).strict(),
    output: z.custom<BackupRun>(),
    summary:
      "Back a database up now, as a job running the cron entry's script; --wait for its record.",
    args: ['db']
  }),
  'backup.list': query({
    input: z.object({ db: name }).strict(),
    output: z.array(backupRecord),
    summary: "A database's backups from the manifest on its server, newest first.",
    args: ['db']
  }),
  'backup.pull': mutation({
    input: z
      .object({
        db: name,
        latest: z.boolean().optional(),
        id: z.string().min(1).max(100).optional(),
        to: file.optional()
      })
      .strict(),
    output: pulledSchema,
    summary:
      'Download a backup (--latest | --id ID) into the local library (--to DIR); resumable, sha256-checked; prints the path.',
    args: ['db']
  }),
  'backup.restore': mutation({
    input: z
      .object({ db: name, from: file, into: name.optional(), yes: z.boolean().optional() })
      .strict(),
    output: z.custom<RestoreResult>(),
    summary:
      'Restore a local backup file into the database (--yes; a safety backup first) or into a new one (--into NEWNAME).',
    args: ['db']
  }),
  'backup.verify': mutation({
    input: z
      .object({
        file,
        engine,
        server: z.string().min(1).max(200).optional(),
        db: name.optional(),
        image: dbImage.optional()
      })
      .strict(),
    output: z.custom<VerifyResult>(),
    summary:
      "Restore a backup file into a throwaway container (on --server S, or its database's server) and run a sanity query.",
    args: ['file']
  }),
  'db.watch': stream({
    input: z.object({}).strict(),
    output: z.object({
      databases: z.array(databaseSchema),
      transfers: z.array(transferSchema),
      library: z.array(libraryEntry)
    }),
    summary:
      'Follow the databases as Pier stores them, the pulls and uploads in flight, and the local library; a new snapshot after every change.'
  }),
  'backup.library': query({
    input: z.object({ db: name.optional() }).strict(),
    output: z.array(libraryEntry),
    summary:
      "The local backup library: the files pulled into Pier's folder, each with its manifest record and its last verification (DB for one database's).",
    args: ['db']
  }),
  'backup.autoPull': mutation({
    input: z.object({ db: name, off: z.boolean().optional() }).strict(),
    output: databaseSchema,
    summary:
      "Pull a database's new backups into the library automatically whenever Pier (the app or pier serve) connects to its server; --off stops it.",
    args: ['db']
  }),
  'backup.transfers': query({
    input: z.object({}).strict(),
    output: z.array(transferSchema),
    summary: 'Pulls and uploads of this session with their progress.'
  })
} as const
