// Runs in: main, CLI, headless server (pure).
// Reads a backup manifest (~/.pier/backups/<db>/manifest.jsonl). backup-db.sh appends one line per
// run and one {"id","status":"pruned"} line when retention deletes a file; the manifest is never
// rewritten, so a crash can at worst leave a half line at the end, which is skipped here.
import { backupRecord, type BackupRecord } from './model'

export interface Manifest {
  /** Newest first; a pruned backup keeps its record with status "pruned". */
  records: BackupRecord[]
  /** Lines that were not a record (a half-written last line after a crash, say). */
  skipped: number
}

export function parseManifest(text: string): Manifest {
  const byId = new Map<string, BackupRecord>()
  const pruned = new Set<string>()
  let skipped = 0
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue
    let json: unknown
    try {
      json = JSON.parse(line)
    } catch {
      skipped++
      continue
    }
    const o = json as { id?: unknown; status?: unknown }
    if (o.status === 'pruned' && typeof o.id === 'string' && !('file' in (json as object))) {
      pruned.add(o.id)
      continue
    }
    const r = backupRecord.safeParse(json)
    if (!r.success) {
      skipped++
      continue
    }
    byId.set(r.data.id, r.data)
  }
  const records = [...byId.values()]
    .map((r): BackupRecord =>
      pruned.has(r.id) && r.status === 'ok' ? { ...r, status: 'pruned' } : r
    )
    .sort((a, b) => b.time - a.time || b.id.localeCompare(a.id))
  return { records, skipped }
}

/** The newest backup that succeeded and whose file is still kept. */
export function latestGood(records: readonly BackupRecord[]): BackupRecord | null {
  return records.find((r) => r.status === 'ok') ?? null
}
