// Runs in: main, CLI, headless server.
// Backups of databases: the cron entry backup-<db> and "run now" both run
// remote-scripts/backup-db.sh on the server; the manifest there is the record. Pulls copy a
// backup into the local library (resumable, sha256-checked against the manifest), and restores
// stream a local file up and replay it in a durable job, so the laptop may go away meanwhile.
import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { PierError } from '../errors'
import type { EventBus } from '../events'
import type { CronService } from '../jobs/cron'
import { CronExprError, normalizeCronExpr } from '../jobs/cron-expr'
import { runRemote } from '../jobs/remote-run'
import type { JobsService } from '../jobs/service'
import { remoteScript } from '../remote-scripts'
import type { ServersService } from '../servers/service'
import type { SshPool } from '../ssh/pool'
import { shJoin } from '../ssh/quote'
import { awaitJob } from './await-job'
import { parseManifest, latestGood } from './manifest'
import {
  DEFAULT_IMAGES,
  engine as engineSchema,
  libraryEntry,
  librarySidecar,
  type BackupRecord,
  type LibraryEntry,
  type Database,
  type Engine,
  type LibrarySidecar,
  type Pulled,
  type Transfer,
  type VerifyNote
} from './model'
import type { DbRow } from './repository'
import { checked, checkName, type DatabasesService } from './service'
import { download, sha256File, upload } from './transfer'

export interface BackupsDeps {
  databases: DatabasesService
  servers: ServersService
  pool: SshPool
  jobs: JobsService
  cron: CronService
  bus: EventBus
  /** The default library: <home>/backups/<db>/. */
  libraryDir: string
}

export interface BackupRun {
  db: string
  server: string
  jobId: string
  state: string
  /** The manifest's record of this run, once it ended. */
  record: BackupRecord | null
  reason: string | null
}

export interface RestoreResult {
  db: string
  server: string
  jobId: string
  /** The safety backup taken first (restores into an existing database). */
  safetyBackup: string | null
  created: boolean
  /** The restore job's closing line ("restored into …"). */
  summary: string
}

export interface VerifyResult {
  file: string
  engine: Engine
  server: string
  jobId: string
  ok: boolean
  /** Tables found after the restore (keys for Redis). */
  count: number | null
  reason: string | null
}

/** What a backup file's name looks like; the only names Pier asks a server to read. */
const FILE = /^[0-9]{8}T[0-9]{6}Z-[a-z0-9]{1,16}\.[a-z]{2,8}\.(zst|gz)$/
const READ = 'exec tail -c +"$(($1 + 1))" "$HOME/.pier/backups/$2/$3"'
const RECEIVE =
  'umask 077 && mkdir -p "$HOME/.pier/restore" && cat > "$HOME/.pier/restore/$1.part" && mv -f "$HOME/.pier/restore/$1.part" "$HOME/.pier/restore/$1"'
const UPLOAD_EXT = /\.(zst|gz)$/

export class BackupsService {
  private readonly transfers = new Map<string, Transfer>()

  constructor(private readonly deps: BackupsDeps) {}

  private progress(t: Transfer): void {
    this.transfers.set(t.id, t)
    this.deps.bus.changed('databases')
  }

  /** Pulls and uploads in flight (and finished ones of this session), for progress bars. */
  activeTransfers(): Transfer[] {
    return [...this.transfers.values()]
  }

  private argv(row: DbRow, trigger: 'cron' | 'job'): string[] {
    return [row.name, row.engine, row.version, String(row.keep), trigger]
  }

  /** Installs (or replaces) the cron entry backup-<db>: the backup script with its arguments. */
  async schedule(name: string, cron: string, keep: number): Promise<Database> {
    const row = this.deps.databases.row(name)
    let schedule: string
    try {
      schedule = normalizeCronExpr(cron)
    } catch (err) {
      if (err instanceof CronExprError)
        throw new PierError('invalid_input', err.message, 'Use five fields like "30 3 * * *".')
      throw err
    }
    if (!Number.isInteger(keep) || keep < 1 || keep > 1000)
      throw new PierError(
        'invalid_input',
        '--keep is a whole number from 1 to 1000.',
        'Keep at least one backup.'
      )
    const withKeep = { ...row, keep }
    const script = `set -- ${shJoin(this.argv(withKeep, 'cron'))}\n${remoteScript('backup-db.sh')}`
    await this.deps.cron.install(this.deps.databases.serverOf(row), {
      name: `backup-${row.name}`,
      schedule,
      script
    })
    this.deps.databases.repo.setSchedule(row.id, schedule, keep)
    this.deps.bus.changed('databases')
    return this.deps.databases.get(name)
  }

  async unschedule(name: string): Promise<Database> {
    const row = this.deps.databases.row(name)
    await this.deps.cron.remove(this.deps.databases.serverOf(row), `backup-${row.name}`)
    this.deps.databases.repo.setSchedule(row.id, null, row.keep)
    this.deps.bus.changed('databases')
    return this.deps.databases.get(name)
  }

  /** "Run now": the same script as the cron entry, as a job; with wait, its manifest record. */
  async run(name: string, opts: { wait?: boolean; signal?: AbortSignal } = {}): Promise<BackupRun> {
    const row = this.deps.databases.row(name)
    const server = this.deps.databases.serverOf(row)
    const { id } = await this.deps.jobs.start(server, {
      script: remoteScript('backup-db.sh'),
      args: this.argv(row, 'job'),
      key: `backup-${row.name}`,
      title: `Back up ${row.name}`,
      timeoutSec: 6 * 3600
    })
    if (!opts.wait)
      return { db: row.name, server, jobId: id, state: 'queued', record: null, reason: null }
    const end = await awaitJob(this.deps.jobs, server, id, opts.signal)
    const made = /^backup (\S+): /m.exec(end.log)?.[1]
    const records = await this.list(name)
    const record = made ? (records.find((r) => r.id === made) ?? null) : null
    return { db: row.name, server, jobId: id, state: end.job.state, record, reason: end.reason }
  }

  /** The server's manifest, newest first. */
  async list(name: string): Promise<BackupRecord[]> {
    const row = this.deps.databases.row(name)
    const server = this.deps.databases.serverOf(row)
    const out = await runRemote(
      this.deps.pool.link(row.serverId),
      server,
      remoteScript('backup-list.sh'),
      [row.name],
      {
        what: 'Reading the backups',
        hint: `Look at ~/.pier/backups/${row.name}/manifest.jsonl on the server.`
      }
    )
    return parseManifest(out.stdout).records
  }

  /**
   * Downloads a backup into the library (or `to`): into NAME.part first, resumed from its size,
   * renamed to NAME only when its sha256 equals the manifest's. A sidecar NAME.json keeps the
   * record, so a restore from the library can check the file again.
   */
  async pull(
    name: string,
    opts: {
      id?: string
      latest?: boolean
      to?: string
      signal?: AbortSignal
      stopAfter?: number
      /** Who asked: the user, or auto-pull (the library shows which). */
      by?: 'user' | 'auto'
    } = {}
  ): Promise<Pulled> {
    const row = this.deps.databases.row(name)
    const server = this.deps.databases.serverOf(row)
    if ((opts.id === undefined) === (opts.latest !== true))
      throw new PierError(
        'invalid_input',
        'Say which backup: --latest or --id ID.',
        `See them: pier backup list ${name}`
      )
    const records = await this.list(name)
    const record = opts.latest ? latestGood(records) : records.find((r) => r.id === opts.id)
    if (!record)
      throw new PierError(
        'not_found',
        opts.latest ? `${name} has no good backup yet.` : `${name} has no backup ${opts.id}.`,
        `See its backups: pier backup list ${name}`
      )
    if (record.status !== 'ok' || !record.file || !record.sha256 || record.size === null)
      throw new PierError(
        'not_found',
        `Backup ${record.id} of ${name} is ${record.status}: there is no file to pull.`,
        `Pull a good one: pier backup pull ${name} --latest`
      )
    if (!FILE.test(record.file))
      throw new PierError(
        'remote_failed',
        `The manifest names an unexpected file ${JSON.stringify(record.file)}.`,
        'Look at the manifest on the server.'
      )
    const dir = path.resolve(opts.to ?? path.join(this.deps.libraryDir, row.name))
    fs.mkdirSync(dir, { recursive: true })
    const final = path.join(dir, record.file)
    // A file pulled again keeps its last verification: same sha256, same content.
    const earlier = this.sidecar(final)
    const sidecar: LibrarySidecar = {
      db: row.name,
      server,
      record,
      pulledAt: Math.floor(Date.now() / 1000),
      by: opts.by ?? 'user',
      ...(earlier?.verified && earlier.record.sha256 === record.sha256
        ? { verified: earlier.verified }
        : {})
    }
    if (
      fs.existsSync(final) &&
      fs.statSync(final).size === record.size &&
      (await sha256File(final)) === record.sha256
    ) {
      fs.writeFileSync(`${final}.json`, JSON.stringify(sidecar, null, 2) + '\n')
      this.deps.bus.changed('databases')
      return {
        id: record.id,
        path: final,
        sha256: record.sha256,
        size: record.size,
        resumedFrom: record.size
      }
    }
    const part = `${final}.part`
    if (fs.existsSync(part) && fs.statSync(part).size > record.size) fs.rmSync(part)
    const t: Transfer = {
      id: `pull:${row.name}:${record.id}`,
      kind: 'pull',
      db: row.name,
      bytes: 0,
      total: record.size,
      done: false
    }
    this.progress(t)
    let last = 0
    const got = await download(
      this.deps.pool.link(row.serverId),
      { script: READ, argv: [row.name, record.file] },
      part,
      {
        signal: opts.signal,
        stopAfter: opts.stopAfter,
        onProgress: (bytes) => {
          // A progress event per MiB is plenty for a bar.
          if (bytes - last < 1 << 20 && bytes !== record.size) return
          last = bytes
          this.progress({ ...t, bytes })
        }
      }
    ).finally(() => this.progress({ ...t, bytes: last, done: true }))
    if (got.size !== record.size || got.sha256 !== record.sha256) {
      fs.rmSync(part, { force: true })
      throw new PierError(
        'checksum_mismatch',
        `The pulled file does not match the manifest (sha256 ${got.sha256.slice(0, 12)}…, expected ${record.sha256.slice(0, 12)}…; ${got.size} of ${record.size} bytes).`,
        'The partial file was deleted; pull again.'
      )
    }
    fs.renameSync(part, final)
    fs.writeFileSync(`${final}.json`, JSON.stringify(sidecar, null, 2) + '\n')
    this.deps.bus.changed('databases')
    return {
      id: record.id,
      path: final,
      sha256: got.sha256,
      size: got.size,
      resumedFrom: got.resumedFrom
    }
  }

  /** The library's record of a file, if it has one: <file>.json written by pull. */
  private sidecar(file: string): LibrarySidecar | null {
    const p = `${file}.json`
    if (!fs.existsSync(p)) return null
    let json: unknown
    try {
      json = JSON.parse(fs.readFileSync(p, 'utf8'))
    } catch {
      return null
    }
    const parsed = librarySidecar.safeParse(json)
    return parsed.success ? parsed.data : null
  }

  /**
   * The default library's files (<home>/backups/<db>/NAME with NAME.json beside it), newest
   * first; only `db`'s with a name. A file whose size no longer matches its record is listed as
   * not intact, so nobody restores it unawares (a restore checks its sha256 again anyway).
   */
  library(db?: string): LibraryEntry[] {
    const root = this.deps.libraryDir
    if (!fs.existsSync(root)) return []
    const dirs = db !== undefined ? [checkName(db)] : fs.readdirSync(root)
    const out: LibraryEntry[] = []
    for (const d of dirs) {
      const dir = path.join(root, d)
      if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) continue
      for (const name of fs.readdirSync(dir)) {
        if (!FILE.test(name)) continue
        const file = path.join(dir, name)
        const side = this.sidecar(file)
        if (!side) continue
        const size = fs.statSync(file).size
        out.push(
          libraryEntry.parse({
            db: side.db,
            server: side.server,
            path: file,
            file: name,
            size,
            record: side.record,
            pulledAt: side.pulledAt ?? null,
            by: side.by ?? null,
            intact: side.record.size === size,
            verified: side.verified ?? null
          })
        )
      }
    }
    return out.sort((a, b) => b.record.time - a.record.time || a.db.localeCompare(b.db))
  }

  /** Turns auto-pull of a database's new backups on or off. */
  setAutoPull(name: string, on: boolean): Database {
    const row = this.deps.databases.row(name)
    this.deps.databases.repo.setAutoPull(row.id, on)
    this.deps.bus.changed('databases')
    return this.deps.databases.get(name)
  }

  /**
   * Auto-pull for one server: for each of its databases with auto-pull on, every good backup
   * newer than the newest one already in the library (only the latest when the library has
   * none, so turning it on never copies a whole history). Returns the pulled files' paths.
   */
  async autoPull(serverId: string, signal?: AbortSignal): Promise<string[]> {
    const pulled: string[] = []
    for (const row of this.deps.databases.repo.list()) {
      if (row.serverId !== serverId || !row.autoPull) continue
      const local = this.library(row.name)
      const newest = local.reduce((t, e) => Math.max(t, e.record.time), -1)
      const good = (await this.list(row.name)).filter((r) => r.status === 'ok')
      const todo = newest < 0 ? good.slice(0, 1) : good.filter((r) => r.time > newest)
      for (const r of todo.reverse()) {
        if (signal?.aborted) return pulled
        const got = await this.pull(row.name, { id: r.id, by: 'auto', signal })
        pulled.push(got.path)
      }
    }
    return pulled
  }

  /** Refuses a file whose sha256 differs from its library record; returns the record (if any). */
  private async check(file: string): Promise<LibrarySidecar | null> {
    if (!fs.existsSync(file) || !fs.statSync(file).isFile())
      throw new PierError(
        'not_found',
        `There is no file ${file}.`,
        'Give the path of a backup file (pier backup pull prints it).'
      )
    const side = this.sidecar(file)
    if (side?.record.sha256) {
      const sha = await sha256File(file)
      if (sha !== side.record.sha256)
        throw new PierError(
          'checksum_mismatch',
          `${path.basename(file)} is damaged: its sha256 is ${sha.slice(0, 12)}…, the manifest recorded ${side.record.sha256.slice(0, 12)}….`,
          'Pull the backup again (pier backup pull DB --id ID) and restore that copy.'
        )
    }
    if (!UPLOAD_EXT.test(file) && side === null)
      throw new PierError(
        'invalid_input',
        `${path.basename(file)} is not a Pier backup (.zst or .gz).`,
        'Compress a plain dump with gzip or zstd first.'
      )
    return side
  }

  private async send(row: { serverId: string; name: string }, file: string): Promise<string> {
    const ext = UPLOAD_EXT.exec(file)?.[0] ?? '.gz'
    const remoteName = `${randomBytes(8).toString('hex')}${ext}`
    const size = fs.statSync(file).size
    const t: Transfer = {
      id: `upload:${row.name}:${remoteName}`,
      kind: 'upload',
      db: row.name,
      bytes: 0,
      total: size,
      done: false
    }
    this.progress(t)
    let last = 0
    await upload(this.deps.pool.link(row.serverId), { script: RECEIVE, argv: [remoteName] }, file, {
      onProgress: (bytes) => {
        if (bytes - last < 1 << 20 && bytes !== size) return
        last = bytes
        this.progress({ ...t, bytes })
      }
    }).finally(() => this.progress({ ...t, bytes: last, done: true }))
    return `.pier/restore/${remoteName}`
  }

  /**
   * Restores a local backup file into `name`, or (with into) into a new database of the same
   * engine on the same server. Into an existing database only with yes, after a safety backup.
   */
  async restore(
    name: string,
    opts: { from: string; into?: string; yes?: boolean; signal?: AbortSignal }
  ): Promise<RestoreResult> {
    const source = this.deps.databases.row(name)
    const file = path.resolve(opts.from)
    const side = await this.check(file)
    if (side && side.record.engine !== source.engine)
      throw new PierError(
        'invalid_input',
        `${path.basename(file)} is a ${side.record.engine} backup; ${name} is ${source.engine}.`,
        'Restore it into a database of its own engine.'
      )
    let created = false
    let target: DbRow
    if (opts.into !== undefined) {
      const into = checkName(opts.into)
      const existing = this.deps.databases.repo.get(into)
      if (existing) target = existing
      else {
        await this.deps.databases.create({
          name: into,
          server: this.deps.databases.serverOf(source),
          engine: source.engine,
          version: source.version,
          image: source.image,
          signal: opts.signal
        })
        target = this.deps.databases.row(into)
        created = true
      }
    } else target = source
    if (target.engine !== source.engine)
      throw new PierError(
        'invalid_input',
        `${target.name} is ${target.engine}, not ${source.engine}.`,
        'Restore into a database of the same engine.'
      )
    const server = this.deps.databases.serverOf(target)
    let safetyBackup: string | null = null
    if (!created) {
      if (!opts.yes)
        throw new PierError(
          'confirmation_required',
          `Restoring replaces the data of ${target.name} on ${server}.`,
          'Add --yes to confirm (a safety backup is taken first), or restore into a new database with --into NEWNAME.'
        )
      const safety = await this.run(target.name, { wait: true, signal: opts.signal })
      if (safety.state !== 'succeeded' || !safety.record)
        throw new PierError(
          'remote_failed',
          `The safety backup of ${target.name} failed, so nothing was restored: ${safety.reason ?? 'see the job log'}`,
          `Full log: pier job logs ${server} ${safety.jobId}`
        )
      safetyBackup = safety.record.id
    }
    const remote = await this.send(target, file)
    const { id } = await this.deps.jobs.start(server, {
      script: remoteScript('db-restore.sh'),
      args: [target.name, target.engine, remote, target.image],
      key: `db-${target.name}`,
      title: `Restore ${target.name}`,
      timeoutSec: 6 * 3600
    })
    const end = await awaitJob(this.deps.jobs, server, id, opts.signal)
    if (end.job.state !== 'succeeded')
      throw new PierError(
        'remote_failed',
        `Restoring ${target.name} ${end.job.state}: ${end.reason ?? 'see the job log'}`,
        safetyBackup
          ? `The safety backup ${safetyBackup} holds the data from before. Full log: pier job logs ${server} ${id}`
          : `Full log: pier job logs ${server} ${id}`,
        { details: { jobId: id } }
      )
    const summary = /^restored into .*$/m.exec(end.log)?.[0] ?? 'restored'
    return { db: target.name, server, jobId: id, safetyBackup, created, summary }
  }

  /** Restores a file into a throwaway container on a server and counts what came back. */
  async verify(
    file: string,
    opts: { engine: string; server?: string; db?: string; image?: string; signal?: AbortSignal }
  ): Promise<VerifyResult> {
    const abs = path.resolve(file)
    const side = await this.check(abs)
    const eng = checked(
      engineSchema,
      opts.engine,
      'Unknown engine',
      'Use --engine postgres, mysql, mariadb, mongo or redis.'
    )
    if (side && side.record.engine !== eng)
      throw new PierError(
        'invalid_input',
        `${path.basename(abs)} is a ${side.record.engine} backup, not ${eng}.`,
        `Use --engine ${side.record.engine}.`
      )
    const dbRow = opts.db
      ? this.deps.databases.row(opts.db)
      : side
        ? this.deps.databases.repo.get(side.db)
        : null
    const serverName = opts.server ?? (dbRow ? this.deps.databases.serverOf(dbRow) : side?.server)
    if (!serverName)
      throw new PierError(
        'invalid_input',
        'Which server should run the throwaway database?',
        'Add --server S.'
      )
    const server = this.deps.servers.get(serverName)
    const image =
      opts.image ??
      (dbRow?.engine === eng
        ? dbRow.image
        : `${DEFAULT_IMAGES[eng].repo}:${DEFAULT_IMAGES[eng].version}`)
    const remote = await this.send({ serverId: server.id, name: `verify` }, abs)
    const { id } = await this.deps.jobs.start(server.name, {
      script: remoteScript('db-verify.sh'),
      args: [eng, image, remote],
      key: `db-verify-${randomBytes(4).toString('hex')}`,
      title: `Verify ${path.basename(abs)}`,
      timeoutSec: 6 * 3600
    })
    const end = await awaitJob(this.deps.jobs, server.name, id, opts.signal)
    const count = /^verified: (\d+)$/m.exec(end.log)?.[1]
    const ok = end.job.state === 'succeeded' && count !== undefined
    if (side) {
      // The library shows the last verification next to the file.
      const note: VerifyNote = {
        at: Math.floor(Date.now() / 1000),
        ok,
        count: count === undefined ? null : Number(count),
        reason: ok ? null : (end.reason ?? 'see the job log'),
        server: server.name,
        jobId: id
      }
      fs.writeFileSync(`${abs}.json`, JSON.stringify({ ...side, verified: note }, null, 2) + '\n')
      this.deps.bus.changed('databases')
    }
    return {
      file: abs,
      engine: eng,
      server: server.name,
      jobId: id,
      ok,
      count: count === undefined ? null : Number(count),
      reason: ok ? null : (end.reason ?? 'see the job log')
    }
  }
}
