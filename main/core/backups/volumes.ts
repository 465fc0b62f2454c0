// Runs in: main, CLI, headless server.
// Backups of named Docker volumes: a tar through a short-lived helper container, with the same
// manifest, layout, lock, sha256 and retention as database backups (remote-scripts/lib/backup.sh),
// under ~/.pier/volume-backups/<volume>/ on the server. Scheduled by a cron entry, run now as a
// job, pulled into the local library (resumable, sha256-checked) and restored from a local file
// as a job after a safety backup. Nothing is kept in SQLite: the server's cron entry and
// manifest are the record, so a volume needs no registration first.
import { createHash, randomBytes } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { awaitJob } from '../databases/await-job'
import { latestGood, parseManifest } from '../databases/manifest'
import type { BackupRecord, Pulled } from '../databases/model'
import { download, sha256File, upload } from '../databases/transfer'
import { PierError } from '../errors'
import type { CronService } from '../jobs/cron'
import { CronExprError, normalizeCronExpr } from '../jobs/cron-expr'
import { runRemote } from '../jobs/remote-run'
import type { JobsService } from '../jobs/service'
import { remoteScript } from '../remote-scripts'
import type { ServersService } from '../servers/service'
import type { SshPool } from '../ssh/pool'
import { shJoin } from '../ssh/quote'

export interface VolumeBackupsDeps {
  servers: ServersService
  pool: SshPool
  jobs: JobsService
  cron: CronService
  /** The default library; a volume's pulls go to <libraryDir>/volumes/<server>/<volume>/. */
  libraryDir: string
}

export interface VolumeBackupOptions {
  /** The helper image (sh and tar); PIER_VOLUME_HELPER_IMAGE, else busybox:1. */
  image?: string
  /** Backups to keep (1-1000, default 7). */
  keep?: number
  /** A swarm service using the volume, scaled to 0 for the copy and back afterwards. */
  stop?: string
}

export interface VolumeBackupRun {
  volume: string
  server: string
  jobId: string
  state: string
  record: BackupRecord | null
  reason: string | null
}

export interface VolumeSchedule {
  volume: string
  server: string
  cronEntry: string
  schedule: string
  keep: number
}

export interface VolumeRestoreResult {
  volume: string
  server: string
  jobId: string
  safetyBackup: string | null
  summary: string
}

/** Docker's own rule for a volume name; 128 characters at most. */
const VOLUME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/
/** A swarm service name (what `docker service scale` takes). */
const SERVICE = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$/
/** An image reference: registry/repo:tag or @digest, no spaces or shell syntax. */
const IMAGE = /^[A-Za-z0-9][A-Za-z0-9._/:@-]{0,254}$/
const FILE = /^[0-9]{8}T[0-9]{6}Z-[a-z0-9]{1,16}\.tar\.(zst|gz)$/
const READ = 'exec tail -c +"$(($1 + 1))" "$HOME/.pier/volume-backups/$2/$3"'
const LIST = 'f="$HOME/.pier/volume-backups/$1/manifest.jsonl"; if [ -f "$f" ]; then cat "$f"; fi'
const RECEIVE =
  'umask 077 && mkdir -p "$HOME/.pier/restore" && cat > "$HOME/.pier/restore/$1.part" && mv -f "$HOME/.pier/restore/$1.part" "$HOME/.pier/restore/$1"'
export const DEFAULT_HELPER_IMAGE = 'busybox:1'

const invalid = (message: string, hint: string): PierError =>
  new PierError('invalid_input', message, hint)

export function checkVolume(name: string): string {
  if (!VOLUME.test(name))
    throw invalid(
      `${JSON.stringify(name.slice(0, 80))} is not a volume name.`,
      'A volume name is 1-128 letters, digits, "_", "." or "-", starting with a letter or digit (see pier docker volumes SERVER).'
    )
  return name
}

function checkOptions(o: VolumeBackupOptions): { image: string; keep: number; stop: string } {
  const image = o.image ?? (process.env.PIER_VOLUME_HELPER_IMAGE || DEFAULT_HELPER_IMAGE)
  if (!IMAGE.test(image))
    throw invalid(
      `${JSON.stringify(image.slice(0, 80))} is not an image reference.`,
      'Give an image with sh and tar, like busybox:1.'
    )
  const keep = o.keep ?? 7
  if (!Number.isInteger(keep) || keep < 1 || keep > 1000)
    throw invalid('--keep is a whole number from 1 to 1000.', 'Keep at least one backup.')
  const stop = o.stop ?? ''
  if (stop !== '' && !SERVICE.test(stop))
    throw invalid(
      `${JSON.stringify(stop.slice(0, 80))} is not a service name.`,
      'Give the swarm service that uses the volume, as `docker service ls` names it.'
    )
  return { image, keep, stop }
}

/** The cron entry of a volume: cron names are lowercase, volume names need not be. */
export function volumeCronName(volume: string): string {
  const slug = volume
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .slice(0, 40)
  const hash = createHash('sha256').update(volume).digest('hex').slice(0, 8)
  return `volume-${slug}-${hash}`.replace(/-+/g, '-')
}

export class VolumeBackupsService {
  constructor(private readonly deps: VolumeBackupsDeps) {}

  private argv(volume: string, o: ReturnType<typeof checkOptions>, trigger: string): string[] {
    return [volume, o.image, String(o.keep), trigger, o.stop]
  }

  async schedule(
    server: string,
    volume: string,
    opts: VolumeBackupOptions & { cron: string }
  ): Promise<VolumeSchedule> {
    const s = this.deps.servers.get(server)
    const vol = checkVolume(volume)
    const o = checkOptions(opts)
    let schedule: string
    try {
      schedule = normalizeCronExpr(opts.cron)
    } catch (err) {
      if (err instanceof CronExprError)
        throw invalid(err.message, 'Use five fields like "30 3 * * *".')
      throw err
    }
    const name = volumeCronName(vol)
    const script = `set -- ${shJoin(this.argv(vol, o, 'cron'))}\n${remoteScript('backup-volume.sh')}`
    await this.deps.cron.install(s.name, { name, schedule, script })
    return { volume: vol, server: s.name, cronEntry: name, schedule, keep: o.keep }
  }

  async unschedule(server: string, volume: string): Promise<{ removed: string }> {
    const s = this.deps.servers.get(server)
    const name = volumeCronName(checkVolume(volume))
    await this.deps.cron.remove(s.name, name)
    return { removed: name }
  }

  /** "Run now": the cron entry's script as a job; with wait, the manifest's record of it. */
  async run(
    server: string,
    volume: string,
    opts: VolumeBackupOptions & { wait?: boolean; signal?: AbortSignal } = {}
  ): Promise<VolumeBackupRun> {
    const s = this.deps.servers.get(server)
    const vol = checkVolume(volume)
    const o = checkOptions(opts)
    const { id } = await this.deps.jobs.start(s.name, {
      script: remoteScript('backup-volume.sh'),
      args: this.argv(vol, o, 'job'),
      key: volumeCronName(vol),
      title: `Back up volume ${vol}`,
      timeoutSec: 6 * 3600
    })
    if (!opts.wait)
      return { volume: vol, server: s.name, jobId: id, state: 'queued', record: null, reason: null }
    const end = await awaitJob(this.deps.jobs, s.name, id, opts.signal)
    const made = /^backup (\S+): /m.exec(end.log)?.[1]
    const record = made ? ((await this.list(s.name, vol)).find((r) => r.id === made) ?? null) : null
    return {
      volume: vol,
      server: s.name,
      jobId: id,
      state: end.job.state,
      record,
      reason: end.reason
    }
  }

  /** The server's manifest for the volume, newest first. */
  async list(server: string, volume: string): Promise<BackupRecord[]> {
    const s = this.deps.servers.get(server)
    const vol = checkVolume(volume)
    const out = await runRemote(this.deps.pool.link(s.id), s.name, LIST, [vol], {
      what: 'Reading the volume backups',
      hint: `Look at ~/.pier/volume-backups/${vol}/manifest.jsonl on the server.`
    })
    return parseManifest(out.stdout).records
  }

  /** Downloads a backup into the library (or `to`), resumable, kept only if its sha256 matches. */
  async pull(
    server: string,
    volume: string,
    opts: { id?: string; latest?: boolean; to?: string; signal?: AbortSignal } = {}
  ): Promise<Pulled> {
    const s = this.deps.servers.get(server)
    const vol = checkVolume(volume)
    if ((opts.id === undefined) === (opts.latest !== true))
      throw invalid(
        'Say which backup: --latest or --id ID.',
        `See them: pier backup volume list ${vol} --server ${s.name}`
      )
    const records = await this.list(s.name, vol)
    const record = opts.latest ? latestGood(records) : records.find((r) => r.id === opts.id)
    if (!record || record.status !== 'ok' || !record.file || !record.sha256 || record.size === null)
      throw new PierError(
        'not_found',
        `The volume ${vol} has no ${opts.latest ? 'good backup yet' : `good backup ${opts.id ?? ''}`}.`,
        `See its backups: pier backup volume list ${vol} --server ${s.name}`
      )
    if (!FILE.test(record.file))
      throw new PierError(
        'remote_failed',
        `The manifest names an unexpected file ${JSON.stringify(record.file)}.`,
        'Look at the manifest on the server.'
      )
    const dir = path.resolve(opts.to ?? path.join(this.deps.libraryDir, 'volumes', s.name, vol))
    fs.mkdirSync(dir, { recursive: true })
    const final = path.join(dir, record.file)
    const sidecar = JSON.stringify({ volume: vol, server: s.name, record }, null, 2) + '\n'
    const part = `${final}.part`
    if (fs.existsSync(part) && fs.statSync(part).size > record.size) fs.rmSync(part)
    const got = await download(
      this.deps.pool.link(s.id),
      { script: READ, argv: [vol, record.file] },
      part,
      { signal: opts.signal }
    )
    if (got.size !== record.size || got.sha256 !== record.sha256) {
      fs.rmSync(part, { force: true })
      throw new PierError(
        'checksum_mismatch',
        `The pulled file does not match the manifest (sha256 ${got.sha256.slice(0, 12)}…, expected ${record.sha256.slice(0, 12)}…).`,
        'The partial file was deleted; pull again.'
      )
    }
    fs.renameSync(part, final)
    fs.writeFileSync(`${final}.json`, sidecar)
    return {
      id: record.id,
      path: final,
      sha256: got.sha256,
      size: got.size,
      resumedFrom: got.resumedFrom
    }
  }

  /**
   * Replaces the volume's contents with a local backup file, as a job, after a safety backup of
   * what it holds now (a volume that does not exist yet is created instead).
   */
  async restore(
    server: string,
    volume: string,
    opts: VolumeBackupOptions & { from: string; yes?: boolean; signal?: AbortSignal }
  ): Promise<VolumeRestoreResult> {
    const s = this.deps.servers.get(server)
    const vol = checkVolume(volume)
    const o = checkOptions(opts)
    const file = path.resolve(opts.from)
    if (!fs.existsSync(file) || !fs.statSync(file).isFile())
      throw new PierError(
        'not_found',
        `There is no file ${file}.`,
        'Give a pulled volume backup (pier backup volume pull prints its path).'
      )
    const ext = /\.(zst|gz)$/.exec(file)?.[0]
    if (!ext) throw invalid(`${path.basename(file)} is not a .tar.zst or .tar.gz backup.`, '')
    // A pulled file carries its manifest record: a damaged copy is refused before any upload.
    const side = `${file}.json`
    if (fs.existsSync(side)) {
      const rec = (JSON.parse(fs.readFileSync(side, 'utf8')) as { record?: BackupRecord }).record
      if (rec?.sha256 && (await sha256File(file)) !== rec.sha256)
        throw new PierError(
          'checksum_mismatch',
          `${path.basename(file)} is damaged: its sha256 differs from the manifest's.`,
          'Pull the backup again and restore that copy.'
        )
    }
    if (!opts.yes)
      throw new PierError(
        'confirmation_required',
        `Restoring replaces everything in the volume ${vol} on ${s.name}.`,
        'Add --yes to confirm (a safety backup is taken first).'
      )
    let safetyBackup: string | null = null
    const exists = await this.deps.pool
      .link(s.id)
      .exec(shJoin(['docker', 'volume', 'inspect', vol]), { timeoutMs: 30_000 })
    if (exists.code === 0) {
      const safety = await this.run(s.name, vol, { ...opts, wait: true })
      if (safety.state !== 'succeeded' || !safety.record)
        throw new PierError(
          'remote_failed',
          `The safety backup of ${vol} failed, so nothing was restored: ${safety.reason ?? 'see the job log'}`,
          `Full log: pier job logs ${s.name} ${safety.jobId}`
        )
      safetyBackup = safety.record.id
    }
    const remoteName = `${randomBytes(8).toString('hex')}${ext}`
    await upload(this.deps.pool.link(s.id), { script: RECEIVE, argv: [remoteName] }, file)
    const { id } = await this.deps.jobs.start(s.name, {
      script: remoteScript('volume-restore.sh'),
      args: [vol, `.pier/restore/${remoteName}`, o.image, o.stop],
      key: volumeCronName(vol),
      title: `Restore volume ${vol}`,
      timeoutSec: 6 * 3600
    })
    const end = await awaitJob(this.deps.jobs, s.name, id, opts.signal)
    if (end.job.state !== 'succeeded')
      throw new PierError(
        'remote_failed',
        `Restoring ${vol} ${end.job.state}: ${end.reason ?? 'see the job log'}`,
        safetyBackup
          ? `The safety backup ${safetyBackup} holds what it had before. Full log: pier job logs ${s.name} ${id}`
          : `Full log: pier job logs ${s.name} ${id}`
      )
    const summary = /^restored into .*$/m.exec(end.log)?.[0] ?? 'restored'
    return { volume: vol, server: s.name, jobId: id, safetyBackup, summary }
  }
}
