// Runs in: CLI.
// Human output for the db and backup commands; --json prints the API's values instead.
import type { Method, OutputOf } from '../api/contract'
import { table } from './format'

const when = (t: number): string => new Date(t * 1000).toISOString().replace('.000Z', 'Z')

function bytes(n: number | null): string {
  if (n === null) return '-'
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB']
  let v = n
  let u = 0
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024
    u++
  }
  return `${u === 0 ? v : v.toFixed(1)} ${units[u]}`
}

export const databaseRenderers: Partial<{ [M in Method]: (out: OutputOf<M>) => string }> = {
  'db.list': (dbs) =>
    dbs.length === 0
      ? 'No databases yet. Create one: pier db create NAME --server S --engine postgres'
      : table(
          dbs.map((d) => ({
            ...d,
            status: d.error ? 'unknown' : (d.replicas ?? 'missing'),
            size: bytes(d.sizeBytes),
            backups: d.schedule ? `${d.schedule} keep ${d.keep}` : '-',
            url: d.connection.url
          })),
          [
            ['name', 'NAME'],
            ['server', 'SERVER'],
            ['engine', 'ENGINE'],
            ['version', 'VERSION'],
            ['status', 'REPLICAS'],
            ['size', 'SIZE'],
            ['backups', 'BACKUPS'],
            ['url', 'CONNECTION']
          ]
        ),
  'db.create': (d) =>
    `Created ${d.engine} database ${d.name} on ${d.server} (${d.image}). Open it here: pier db tunnel ${d.name}`,
  'db.remove': (r) =>
    r.dataDeleted
      ? `Removed ${r.removed}, its volume and its backups.`
      : `Removed ${r.removed}; its volume and backups stay on the server.`,
  'db.password': (p) => p.password,
  'db.tunnel': (t) =>
    `${t.db} is on ${t.address} (forwarded over SSH to ${t.target}); user ${t.connection.user ?? '-'}, database ${t.connection.database ?? '-'}, password: pier db password ${t.db}\nCtrl+C closes the tunnel.`,
  'backup.schedule': (d) =>
    `${d.name} is backed up on ${d.server} at "${d.schedule ?? ''}", keeping ${d.keep} good backups.`,
  'backup.unschedule': (d) => `${d.name} has no backup schedule now; its backups stay.`,
  'backup.preview': (p) => `${p.schedule}: ${p.text}\nnext: ${p.next.map(when).join(', ')}`,
  'backup.run': (r) =>
    r.record
      ? `Backup ${r.record.id} of ${r.db}: ${bytes(r.record.size)}, sha256 ${r.record.sha256 ?? '?'} (${r.record.durationSec ?? '?'} s).`
      : `Backing up ${r.db} on ${r.server} (job ${r.jobId}); follow it: pier job logs ${r.server} ${r.jobId} --follow`,
  'backup.list': (rs) =>
    rs.length === 0
      ? 'No backups yet.'
      : table(
          rs.map((r) => ({
            ...r,
            when: when(r.time),
            size: bytes(r.size),
            took: r.durationSec === null ? '-' : `${r.durationSec}s`,
            note: r.error ?? r.file ?? ''
          })),
          [
            ['id', 'ID'],
            ['when', 'TIME'],
            ['status', 'STATUS'],
            ['size', 'SIZE'],
            ['took', 'TOOK'],
            ['note', 'FILE / ERROR']
          ]
        ),
  'backup.pull': (p) => p.path,
  'backup.restore': (r) =>
    `${r.summary}${r.created ? ' (a new database)' : ''}${r.safetyBackup ? `; safety backup ${r.safetyBackup} taken first` : ''}.`,
  'backup.library': (es) =>
    es.length === 0
      ? 'The library is empty. Pull a backup: pier backup pull DB --latest'
      : table(
          es.map((e) => ({
            ...e,
            when: when(e.record.time),
            bytes: bytes(e.size),
            state: e.intact ? 'checked' : 'damaged',
            verify: e.verified ? (e.verified.ok ? 'ok' : 'failed') : '-'
          })),
          [
            ['db', 'DB'],
            ['when', 'TIME'],
            ['bytes', 'SIZE'],
            ['state', 'SHA256'],
            ['verify', 'VERIFIED'],
            ['path', 'PATH']
          ]
        ),
  'backup.autoPull': (d) =>
    d.autoPull
      ? `New backups of ${d.name} are pulled into the library whenever Pier connects to ${d.server}.`
      : `${d.name}'s backups are pulled only when you ask.`,
  'backup.verify': (v) =>
    `${v.file}: restored on ${v.server}, ${v.count ?? '?'} tables (keys for Redis).`
}
