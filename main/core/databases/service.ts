// Runs in: main, CLI, headless server.
// Databases as swarm stacks (remote-scripts/db-deploy.sh as a durable job), their status, and
// "Open on localhost": a local TCP listener forwarded over the pooled SSH connection to the
// database container's address on the pier-db bridge, so no port is ever published.
import { randomBytes, randomUUID } from 'node:crypto'
import net from 'node:net'
import type { ClientChannel } from 'ssh2'
import type { z } from 'zod'
import { PierError } from '../errors'
import type { EventBus } from '../events'
import type { CronService } from '../jobs/cron'
import { runRemote } from '../jobs/remote-run'
import type { JobsService } from '../jobs/service'
import { remoteScript } from '../remote-scripts'
import type { Keychain } from '../secrets/keychain'
import type { ServersService } from '../servers/service'
import type { SshPool } from '../ssh/pool'
import { awaitJob } from './await-job'
import { redisConf, renderDbCompose } from './compose'
import {
  DEFAULT_IMAGES,
  dbImage,
  dbName,
  dbPassword,
  dbVersion,
  engine as engineSchema,
  innerName,
  PORTS,
  serviceName,
  USERS,
  type Connection,
  type Database,
  type DatabaseStatus
} from './model'
import { DbRepository, type DbRow } from './repository'

export interface DbInput {
  name: string
  server: string
  engine: string
  version?: string
  image?: string
  /** A password of the user's choosing (default: 32 random characters). */
  password?: string
  /** Seconds to wait for the database to answer (default 180). */
  waitSec?: number
  signal?: AbortSignal
}

export interface DatabasesDeps {
  db: ConstructorParameters<typeof DbRepository>[0]
  servers: ServersService
  pool: SshPool
  jobs: JobsService
  cron: CronService
  keychain: () => Keychain
  bus: EventBus
}

export interface TunnelEvent {
  db: string
  /** 127.0.0.1:PORT, what a local client connects to. */
  address: string
  port: number
  /** The container's address on the server, which the SSH connection forwards to. */
  target: string
  connection: Connection
}

export const passwordRef = (id: string): string => `db-password:${id}`
const now = (): number => Math.floor(Date.now() / 1000)

/** 32 random characters of base64url: no quoting trouble in any engine or URL. */
export const newPassword = (): string => randomBytes(24).toString('base64url')

/** Parses a user value, turning zod's complaint into a clear invalid_input error. */
export function checked<T>(schema: z.ZodType<T>, value: unknown, what: string, hint: string): T {
  const r = schema.safeParse(value)
  if (!r.success)
    throw new PierError(
      'invalid_input',
      `${what}: ${r.error.issues[0]?.message ?? 'not valid'}`,
      hint
    )
  return r.data
}

export function checkName(name: string): string {
  const r = dbName.safeParse(name)
  if (!r.success)
    throw new PierError(
      'invalid_input',
      `${JSON.stringify(name.slice(0, 80))} is not a valid database name: ${r.error.issues[0]?.message ?? ''}`,
      'Use 1-30 lowercase letters, digits or "-", starting with a letter.'
    )
  return r.data
}

export class DatabasesService {
  readonly repo: DbRepository

  constructor(private readonly deps: DatabasesDeps) {
    this.repo = new DbRepository(deps.db)
  }

  row(name: string): DbRow {
    const row = this.repo.get(name)
    if (!row)
      throw new PierError(
        'not_found',
        `There is no database named ${JSON.stringify(name.slice(0, 80))}.`,
        'See `pier db list` for the databases Pier knows.'
      )
    return row
  }

  serverOf(row: DbRow): string {
    return this.deps.servers.get(row.serverId).name
  }

  view(row: DbRow): Database {
    return { ...row, server: this.serverOf(row) }
  }

  get(name: string): Database {
    return this.view(this.row(name))
  }

  known(): Database[] {
    return this.repo.list().map((r) => this.view(r))
  }

  connection(row: DbRow): Connection {
    const user = USERS[row.engine]
    const database = row.engine === 'redis' ? null : innerName(row.name)
    const host = serviceName(row.name)
    const port = PORTS[row.engine]
    const scheme = {
      postgres: 'postgresql',
      mysql: 'mysql',
      mariadb: 'mysql',
      mongo: 'mongodb',
      redis: 'redis'
    }[row.engine]
    const path = database === null ? '' : `/${database}`
    const auth = user === null ? '' : `${user}@`
    return {
      engine: row.engine,
      host,
      port,
      user,
      database,
      passwordRef: passwordRef(row.id),
      url: `${scheme}://${auth}${host}:${port}${path}`
    }
  }

  password(name: string): string {
    const row = this.row(name)
    const pw = this.deps.keychain().get(passwordRef(row.id))
    if (pw === null)
      throw new PierError(
        'not_found',
        `The keychain has no password for the database ${name}.`,
        'It was removed from the keychain; the database keeps its old password.'
      )
    return pw
  }

  async create(input: DbInput): Promise<Database> {
    const name = checkName(input.name)
    const eng = checked(
      engineSchema,
      input.engine,
      'Unknown engine',
      'Use --engine postgres, mysql, mariadb, mongo or redis.'
    )
    if (this.repo.get(name))
      throw new PierError(
        'already_exists',
        `A database named ${name} exists already.`,
        'Choose another name, or remove it first with `pier db remove`.'
      )
    const server = this.deps.servers.get(input.server)
    const version = checked(
      dbVersion,
      input.version ?? DEFAULT_IMAGES[eng].version,
      'Bad --version',
      'Use an image tag like 16 or 8.4.'
    )
    const image = checked(
      dbImage,
      input.image ?? `${DEFAULT_IMAGES[eng].repo}:${version}`,
      'Bad --image',
      'Name an image like postgres:16.'
    )
    const password =
      input.password === undefined
        ? newPassword()
        : checked(
            dbPassword,
            input.password,
            'Bad password',
            'Use 8-200 characters without newlines, or leave it out for a generated one.'
          )
    const id = randomUUID()
    this.deps.keychain().set(passwordRef(id), password)
    const row: DbRow = {
      id,
      name,
      serverId: server.id,
      engine: eng,
      version,
      image,
      schedule: null,
      keep: 7,
      autoPull: false,
      createdAt: now()
    }
    this.repo.insert(row)
    this.deps.bus.changed('databases')
    await this.deploy(name, { waitSec: input.waitSec, signal: input.signal })
    return this.get(name)
  }

  /** (Re)deploys the stack from the stored settings and waits until the database answers. */
  async deploy(
    name: string,
    opts: { waitSec?: number; signal?: AbortSignal } = {}
  ): Promise<{ jobId: string }> {
    const row = this.row(name)
    const server = this.serverOf(row)
    const waitSec = opts.waitSec ?? 180
    const password = this.password(name)
    const { id } = await this.deps.jobs.start(server, {
      script: remoteScript('db-deploy.sh'),
      args: [
        row.name,
        row.engine,
        renderDbCompose(row.name, row.engine, row.image),
        String(waitSec)
      ],
      key: `db-${row.name}`,
      title: `Create database ${row.name}`,
      timeoutSec: waitSec + 300,
      secrets: {
        PASSWORD: password,
        ...(row.engine === 'redis' ? { REDIS_CONF: redisConf(password) } : {})
      }
    })
    const end = await awaitJob(this.deps.jobs, server, id, opts.signal)
    if (end.job.state !== 'succeeded')
      throw new PierError(
        'remote_failed',
        `Deploying the database ${row.name} on ${server} ${end.job.state}: ${end.reason ?? 'see the job log'}`,
        `Full log: pier job logs ${server} ${id}. Fix the cause, then remove it (pier db remove ${row.name}) and create it again.`,
        { details: { jobId: id } }
      )
    return { jobId: id }
  }

  /** Every database with what its server says now (replicas, size); unreachable servers say why. */
  async list(): Promise<DatabaseStatus[]> {
    const rows = this.repo.list()
    const byServer = new Map<string, DbRow[]>()
    for (const r of rows) byServer.set(r.serverId, [...(byServer.get(r.serverId) ?? []), r])
    const states = new Map<
      string,
      { replicas: string | null; sizeBytes: number | null; error: string | null }
    >()
    await Promise.all(
      [...byServer.entries()].map(async ([serverId, list]) => {
        const server = this.deps.servers.get(serverId).name
        try {
          const out = await runRemote(
            this.deps.pool.link(serverId),
            server,
            remoteScript('db-status.sh'),
            list.flatMap((r) => [r.name, r.engine]),
            {
              what: 'Reading the databases',
              hint: `Check Docker on the server: pier server check ${server}`
            }
          )
          for (const line of out.stdout.split('\n')) {
            if (!line.startsWith('{"name"')) continue
            const s = JSON.parse(line) as {
              name: string
              replicas: string
              sizeBytes: number | null
            }
            states.set(s.name, {
              replicas: s.replicas || null,
              sizeBytes: s.sizeBytes,
              error: null
            })
          }
        } catch (err) {
          const message = err instanceof Error ? err.message : String(err)
          for (const r of list)
            states.set(r.name, { replicas: null, sizeBytes: null, error: message })
        }
      })
    )
    return rows.map((r) => {
      const s = states.get(r.name) ?? { replicas: null, sizeBytes: null, error: 'no answer' }
      const m = s.replicas ? /^(\d+)\/(\d+)/.exec(s.replicas) : null
      return {
        ...this.view(r),
        replicas: s.replicas,
        running: m ? Number(m[1]) > 0 && m[1] === m[2] : s.error ? null : false,
        sizeBytes: s.sizeBytes,
        connection: this.connection(r),
        error: s.error
      }
    })
  }

  /** Removes the stack and its cron entry; with deleteData also the volume and the backups. */
  async remove(
    name: string,
    opts: { deleteData?: boolean } = {}
  ): Promise<{ removed: string; dataDeleted: boolean }> {
    const row = this.row(name)
    const server = this.serverOf(row)
    if (row.schedule !== null) await this.deps.cron.remove(server, `backup-${row.name}`)
    await runRemote(
      this.deps.pool.link(row.serverId),
      server,
      remoteScript('db-remove.sh'),
      [row.name, opts.deleteData ? 'yes' : 'no'],
      {
        what: 'Removing the database',
        hint: `Check Docker on the server: pier server check ${server}`
      }
    )
    this.deps.keychain().delete(passwordRef(row.id))
    this.repo.remove(row.id)
    this.deps.bus.changed('databases')
    return { removed: row.name, dataDeleted: opts.deleteData === true }
  }

  /** The container's address on the pier-db bridge, which the server routes to. */
  async address(row: DbRow): Promise<string> {
    const server = this.serverOf(row)
    const out = await runRemote(
      this.deps.pool.link(row.serverId),
      server,
      remoteScript('db-address.sh'),
      [row.name],
      {
        what: 'Finding the database container',
        hint: `Is it running? pier db list`
      }
    )
    const ip = out.stdout.trim()
    if (net.isIP(ip) === 0)
      throw new PierError(
        'remote_failed',
        `The database ${row.name} has no address on the pier-db network (got ${JSON.stringify(ip.slice(0, 60))}).`,
        'Redeploy it; databases Pier creates join the pier-db network.'
      )
    return ip
  }

  /**
   * Listens on 127.0.0.1:localPort (0: any free port) and forwards each connection over the
   * server's SSH connection to the database. Yields once when listening; runs until the signal.
   */
  async *tunnel(
    name: string,
    opts: { localPort?: number; signal: AbortSignal }
  ): AsyncGenerator<TunnelEvent> {
    const row = this.row(name)
    const link = this.deps.pool.link(row.serverId)
    const port = PORTS[row.engine]
    let target = await this.address(row)
    const server = net.createServer((sock) => {
      sock.pause()
      const forward = async (): Promise<void> => {
        const client = await link.client()
        const open = (ip: string) =>
          new Promise<ClientChannel>((resolve, reject) =>
            client.forwardOut('127.0.0.1', sock.remotePort ?? 0, ip, port, (err, ch) =>
              err ? reject(err) : resolve(ch)
            )
          )
        let ch
        try {
          ch = await open(target)
        } catch {
          // The container may have moved (restart, redeploy): ask again once.
          target = await this.address(row)
          ch = await open(target)
        }
        sock.pipe(ch).pipe(sock)
        ch.on('close', () => sock.destroy())
        sock.on('close', () => ch.close())
        sock.on('error', () => ch.close())
        sock.resume()
      }
      forward().catch(() => sock.destroy())
    })
    await new Promise<void>((resolve, reject) => {
      server.once('error', (err: NodeJS.ErrnoException) =>
        reject(
          new PierError(
            'invalid_input',
            `Cannot listen on 127.0.0.1:${opts.localPort ?? 0}: ${err.code ?? err.message}`,
            'Choose another --local-port, or leave it out for any free port.'
          )
        )
      )
      server.listen(opts.localPort ?? 0, '127.0.0.1', () => resolve())
    })
    try {
      const local = (server.address() as net.AddressInfo).port
      yield {
        db: row.name,
        address: `127.0.0.1:${local}`,
        port: local,
        target: `${target}:${port}`,
        connection: this.connection(row)
      }
      if (!opts.signal.aborted)
        await new Promise((r) => opts.signal.addEventListener('abort', r, { once: true }))
    } finally {
      server.close()
    }
  }
}
