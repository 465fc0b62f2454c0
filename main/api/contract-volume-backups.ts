// Runs in: main, preload and renderer (pure data: zod schemas and types, no Node or DOM imports).
// Volume backups: `pier backup volume run VOLUME --server S [--stop SERVICE] [--image IMG]
// [--keep N] [--wait]`, and schedule, unschedule, list, pull, restore alike. Names are checked by
// core/backups/volumes (Docker's volume rule); here only their size is bounded.
import { z } from 'zod'
import type { VolumeBackupRun, VolumeRestoreResult, VolumeSchedule } from '../core/backups/volumes'
import { backupRecord, pulledSchema } from '../core/databases/model'
import { mutation, query } from './define'

const volume = z.string().min(1).max(300)
const server = z.string().min(1).max(200)
const options = {
  /** The helper image (sh and tar); default busybox:1 or PIER_VOLUME_HELPER_IMAGE. */
  image: z.string().min(1).max(300).optional(),
  keep: z.coerce.number().int().min(1).max(1000).optional(),
  /** A swarm service using the volume: scaled to 0 around the copy, then back. */
  stop: z.string().min(1).max(200).optional()
}

export const volumeBackupsContract = {
  'backup.volumeSchedule': mutation({
    input: z.object({ volume, server, cron: z.string().min(1).max(200), ...options }).strict(),
    output: z.custom<VolumeSchedule>(),
    summary:
      "Back a named volume up on its server by cron: --server S --cron '30 3 * * *' [--keep N] [--stop SERVICE] [--image IMG].",
    args: ['volume']
  }),
  'backup.volumeUnschedule': mutation({
    input: z.object({ volume, server }).strict(),
    output: z.object({ removed: z.string() }),
    summary: "Remove a volume's backup cron entry (its backups stay).",
    args: ['volume']
  }),
  'backup.volumeRun': mutation({
    input: z.object({ volume, server, wait: z.boolean().optional(), ...options }).strict(),
    output: z.custom<VolumeBackupRun>(),
    summary:
      'Back a named volume up now (a tar through a helper container), as a job; --wait for its record.',
    args: ['volume']
  }),
  'backup.volumeList': query({
    input: z.object({ volume, server }).strict(),
    output: z.array(backupRecord),
    summary: "A volume's backups from the manifest on its server, newest first.",
    args: ['volume']
  }),
  'backup.volumePull': mutation({
    input: z
      .object({
        volume,
        server,
        latest: z.boolean().optional(),
        id: z.string().min(1).max(100).optional(),
        to: z.string().min(1).max(4096).optional()
      })
      .strict(),
    output: pulledSchema,
    summary:
      'Download a volume backup (--latest | --id ID) into the local library (--to DIR); resumable, sha256-checked.',
    args: ['volume']
  }),
  'backup.volumeRestore': mutation({
    input: z
      .object({
        volume,
        server,
        from: z.string().min(1).max(4096),
        yes: z.boolean().optional(),
        ...options
      })
      .strict(),
    output: z.custom<VolumeRestoreResult>(),
    summary:
      'Replace a volume’s contents with a local backup file (--yes; a safety backup first), as a job; --stop SERVICE meanwhile.',
    args: ['volume']
  })
} as const
