// Runs in: main, CLI, headless server.
// Adding, checking, re-pinning and removing servers. Adding is all-or-nothing: the host key is
// verified and the login proven before anything is stored, and a failure part-way leaves no row
// and no keychain entry behind.
import { randomUUID } from 'node:crypto'
import type { Duplex } from 'node:stream'
import type { Db } from '../db/open'
import { PierError } from '../errors'
import type { EventBus } from '../events'
import type { Keychain } from '../secrets/keychain'
import { remoteScript } from '../remote-scripts'
import { authMaterial, type Credential } from '../ssh/auth'
import { connect, type ConnectTarget, type Connected } from '../ssh/connect'
import type { PresentedKey } from '../ssh/host-key'
import { installKey, INSTALL_KEY_ACCOUNT } from '../ssh/install-key'
import type { SshPool } from '../ssh/pool'
import { shJoin } from '../ssh/quote'
import { parseProxyJump } from '../ssh/ssh-config'
import type { Server } from './model'
import type { NewServer, ServerRepository } from './repository'
import { CHECK_SCRIPT, parseCheck, type ServerCheck } from './check'
import { parseSetupLine, SETUP_DOCKER_SCRIPT, type SetupEvent } from './docker-setup'
import { readiness, type ReadinessItem } from './readiness'
import { importSshConfig, type ImportOptions, type ImportResult } from './import-ssh-config'

export type ServerCheckReport = ServerCheck & {
  server: string
  /** Server clock minus laptop clock, seconds. */
  skewSeconds: number | null
  readiness: ReadinessItem[]
}

export interface AddServerInput {
  name: string
  host: string
  port: number
  user: string
  key?: string
  passphrase?: string
  agent?: boolean
  password?: string
  acceptFingerprint?: string
  trustNew?: boolean
  /** A Pier server to reach this one through (ssh's ProxyJump with one hop). */
  proxyJump?: string
  /** Keep the bootstrap password in the keychain instead of forgetting it. */
  keepPassword?: boolean
}

export interface UpdateServerInput {
  name: string
  rename?: string
  user?: string
  key?: string
  passphrase?: string
  agent?: boolean
}

export interface AddedServer {
  server: Server
  hostKey: { keyType: string; fingerprint: string }
  installedKey: boolean
}

export interface ServersDeps {
  db: Db
  repo: ServerRepository
  bus: EventBus
  keychain: () => Keychain
  pool: SshPool
  /** Shorter keepalives notice a dead link sooner (tests); the default suits real networks. */
  keepaliveMs?: number
}

function credentialOf(input: AddServerInput): Credential {
  if (input.key) return { kind: 'keyfile', path: input.key, passphrase: input.passphrase }
  if (input.agent) return { kind: 'agent' }
  if (input.password !== undefined) return { kind: 'password', password: input.password }
  throw new PierError(
    'invalid_input',
    'Choose how Pier signs in: a key file, ssh-agent or a password.',
    'Give one of --key FILE, --agent or --password-stdin.'
  )
}

async function runScript(
  client: Connected['client'],
  name: string,
  stdin: string
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    client.exec(shJoin(['sh', '-c', remoteScript(name), name]), (err, stream) => {
      if (err) return reject(err)
      let stdout = ''
      let stderr = ''
      stream.on('data', (d: Buffer) => (stdout += d.toString()))
      stream.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
      stream.on('close', (code: number | null) => resolve({ code, stdout, stderr }))
      stream.end(stdin)
    })
  })
}

export class ServersService {
  constructor(private readonly deps: ServersDeps) {}

  list(): Server[] {
    return this.deps.repo.list()
  }

  /** Stores a server without contacting it (imports, tests). Its host key is verified on first use. */
  record(s: NewServer): Server {
    const server = this.deps.repo.insert(s)
    this.deps.bus.changed('servers')
    return server
  }

  get(name: string): Server {
    const server = this.deps.repo.get(name)
    if (!server)
      throw new PierError(
        'not_found',
        `There is no server named "${name.slice(0, 80)}".`,
        'See `pier server list` for the names Pier knows.'
      )
    return server
  }

  /**
   * A stream to host:port opened by the jump server's sshd over the jump server's pooled
   * connection, so the target's SSH runs inside it (one hop, like `ssh -J`).
   */
  private async jumpSock(proxyJump: string, host: string, port: number): Promise<Duplex> {
    const hops = parseProxyJump(proxyJump)
    const hop = hops[0]
    if (!hop)
      throw new PierError(
        'invalid_input',
        `ProxyJump "${proxyJump}" names no host.`,
        'Name the Pier server to jump through.'
      )
    if (hops.length > 1) {
      throw new PierError(
        'invalid_input',
        `ProxyJump "${proxyJump}" has ${hops.length} hops; Pier supports one.`,
        'Add the first jump host as its own server and jump through it.'
      )
    }
    const jump =
      this.deps.repo.get(hop.host) ??
      this.deps.repo.list().find((s) => s.host === hop.host && s.port === (hop.port ?? 22))
    if (!jump) {
      throw new PierError(
        'not_found',
        `The jump host "${hop.host}" is not a server in Pier.`,
        'Add (or import) the jump host first, then this server.'
      )
    }
    const client = await this.deps.pool.link(jump.id).client()
    return new Promise((resolve, reject) =>
      client.forwardOut('127.0.0.1', 0, host, port, (err, stream) =>
        err
          ? reject(
              new PierError(
                'host_unreachable',
                `The jump host ${jump.name} could not reach ${host}:${port}: ${err.message}`,
                'Check the address as seen from the jump host, and that its sshd allows TCP forwarding.',
                { cause: err }
              )
            )
          : resolve(stream)
      )
    )
  }

  async add(input: AddServerInput): Promise<AddedServer> {
    const { repo, keychain, bus } = this.deps
    if (repo.get(input.name)) {
      throw new PierError(
        'already_exists',
        `A server named "${input.name}" already exists.`,
        'Pick another name, or remove the old server first.'
      )
    }
    const credential = credentialOf(input)
    let seen: PresentedKey | undefined
    const target: ConnectTarget = {
      host: input.host,
      port: input.port,
      username: input.user,
      auth: authMaterial(credential),
      pinned: [],
      acceptUnknown: (presented) => {
        seen = presented
        return input.trustNew === true || presented.fingerprint === input.acceptFingerprint
      },
      sock: input.proxyJump
        ? await this.jumpSock(input.proxyJump, input.host, input.port)
        : undefined
    }
    let connected: Connected
    try {
      connected = await connect(target)
    } catch (err) {
      if (
        err instanceof PierError &&
        err.code === 'host_key_unknown' &&
        input.acceptFingerprint &&
        seen
      ) {
        throw new PierError(
          'host_key_changed',
          `${input.host}:${input.port} shows ${seen.keyType} ${seen.fingerprint}, not the fingerprint you gave (${input.acceptFingerprint}). Nothing was saved.`,
          'Check the fingerprint on the server (ssh-keygen -lf /etc/ssh/ssh_host_*_key.pub). A mismatch can mean someone is intercepting the connection.',
          { details: { keyType: seen.keyType, fingerprint: seen.fingerprint } }
        )
      }
      throw err
    }
    const hostKey = connected.hostKey
    const refs: string[] = []
    try {
      let installedKey = false
      let authMethod: Server['authMethod'] =
        credential.kind === 'keyfile' ? 'keyfile' : credential.kind === 'agent' ? 'agent' : 'key'
      let keySecretRef: string | null = null
      let passphraseSecretRef: string | null = null
      let passwordSecretRef: string | null = null
      if (credential.kind === 'password') {
        // The password is used once, to install Pier's own key; then the key is proven to work.
        const key = installKey(this.deps.db, keychain())
        const r = await runScript(connected.client, 'authorize-key.sh', key.publicKey + '\n')
        if (r.code !== 0) {
          throw new PierError(
            'remote_failed',
            `Installing Pier's key on ${input.host} failed: ${(r.stdout + r.stderr).trim().slice(0, 300)}`,
            'Check that the user may write ~/.ssh/authorized_keys on the server.'
          )
        }
        installedKey = true
        const proof = await connect({
          ...target,
          auth: { privateKey: key.privateKey },
          pinned: [hostKey],
          acceptUnknown: () => false
        })
        proof.client.end()
        authMethod = 'key'
        keySecretRef = INSTALL_KEY_ACCOUNT
        if (input.keepPassword) {
          passwordSecretRef = `password:${randomUUID()}`
          keychain().set(passwordSecretRef, credential.password)
          refs.push(passwordSecretRef)
        }
      }
      if (credential.kind === 'keyfile' && credential.passphrase) {
        passphraseSecretRef = `passphrase:${randomUUID()}`
        keychain().set(passphraseSecretRef, credential.passphrase)
        refs.push(passphraseSecretRef)
      }
      const server = repo.insert({
        name: input.name,
        host: input.host,
        port: input.port,
        username: input.user,
        authMethod,
        keyPath: credential.kind === 'keyfile' ? credential.path : null,
        keySecretRef,
        passphraseSecretRef,
        passwordSecretRef,
        proxyJump: input.proxyJump ?? null,
        hostKeyType: hostKey.keyType,
        hostKeyFingerprint: hostKey.fingerprint
      })
      repo.touchLastSeen(server.id)
      bus.changed('servers')
      return {
        server: repo.get(server.id) ?? server,
        hostKey: { keyType: hostKey.keyType, fingerprint: hostKey.fingerprint },
        installedKey
      }
    } catch (err) {
      for (const ref of refs) keychain().delete(ref)
      throw err
    } finally {
      connected.client.end()
    }
  }

  /** How the pool logs in to a stored server: pinned keys only, secrets fresh from the keychain. */
  async target(serverId: string): Promise<ConnectTarget> {
    const login = this.deps.repo.login(serverId)
    if (!login)
      throw new PierError('not_found', 'That server was removed.', 'Refresh the server list.')
    const { server } = login
    const secret = (ref: string | null): string | undefined =>
      ref ? (this.deps.keychain().get(ref) ?? undefined) : undefined
    let credential: Credential
    if (server.authMethod === 'keyfile' && server.keyPath)
      credential = {
        kind: 'keyfile',
        path: server.keyPath,
        passphrase: secret(login.passphraseSecretRef)
      }
    else if (server.authMethod === 'agent') credential = { kind: 'agent' }
    else {
      const privateKey = secret(login.keySecretRef)
      if (!privateKey)
        throw new PierError(
          'key_unreadable',
          `Pier's key for ${server.name} is missing from the keychain.`,
          'Add the server again with its password to install a new key.'
        )
      credential = { kind: 'key', privateKey }
    }
    return {
      host: server.host,
      port: server.port,
      username: server.username,
      auth: authMaterial(credential),
      pinned: login.hostKeys,
      acceptUnknown: () => false,
      keepaliveIntervalMs: this.deps.keepaliveMs,
      sock: server.proxyJump
        ? await this.jumpSock(server.proxyJump, server.host, server.port)
        : undefined
    }
  }

  /**
   * Changes how Pier reaches a server: its name, login user or sign-in. New credentials are
   * proven against the pinned host key before anything is saved; the address is not editable,
   * since another address is another server whose key must be verified from scratch.
   */
  async update(input: UpdateServerInput): Promise<Server> {
    const login = this.deps.repo.login(input.name)
    if (!login)
      throw new PierError(
        'not_found',
        `There is no server named "${input.name.slice(0, 80)}".`,
        'See `pier server list` for the names Pier knows.'
      )
    const { server } = login
    if (input.rename && input.rename !== server.name && this.deps.repo.get(input.rename)) {
      throw new PierError(
        'already_exists',
        `A server named "${input.rename}" already exists.`,
        'Pick another name.'
      )
    }
    const changesLogin = input.user !== undefined || input.key !== undefined || input.agent === true
    let passphraseSecretRef = login.passphraseSecretRef
    const fresh: string[] = []
    if (changesLogin) {
      // Only what changes is new: a changed user alone reuses the stored sign-in.
      const credential: Credential | null = input.key
        ? { kind: 'keyfile', path: input.key, passphrase: input.passphrase }
        : input.agent
          ? { kind: 'agent' }
          : null
      const base = await this.target(server.id)
      const proof = await connect({
        ...base,
        username: input.user ?? server.username,
        auth: credential ? authMaterial(credential) : base.auth
      })
      proof.client.end()
      if (credential?.kind === 'keyfile') {
        passphraseSecretRef = credential.passphrase ? `passphrase:${randomUUID()}` : null
        if (passphraseSecretRef && credential.passphrase) {
          this.deps.keychain().set(passphraseSecretRef, credential.passphrase)
          fresh.push(passphraseSecretRef)
        }
      }
      if (credential?.kind === 'agent') passphraseSecretRef = null
      try {
        this.deps.repo.updateLogin(server.id, {
          username: input.user ?? server.username,
          authMethod: input.key ? 'keyfile' : input.agent ? 'agent' : server.authMethod,
          keyPath: input.key ?? (input.agent ? null : server.keyPath),
          keySecretRef: input.key || input.agent ? null : login.keySecretRef,
          passphraseSecretRef
        })
      } catch (err) {
        for (const ref of fresh) this.deps.keychain().delete(ref)
        throw err
      }
      if (login.passphraseSecretRef && login.passphraseSecretRef !== passphraseSecretRef)
        this.deps.keychain().delete(login.passphraseSecretRef)
      this.deps.pool.drop(server.id)
    }
    if (input.rename && input.rename !== server.name) this.deps.repo.rename(server.id, input.rename)
    this.deps.bus.changed('servers')
    return this.get(server.id)
  }

  /** "I have verified the change": accepts the server's current key only if it is the one given. */
  async trustKey(name: string, fingerprint: string): Promise<Server> {
    const server = this.get(name)
    const target = await this.target(server.id)
    let seen: PresentedKey | undefined
    const connected = await connect({
      ...target,
      pinned: [],
      acceptUnknown: (p) => {
        seen = p
        return p.fingerprint === fingerprint
      }
    }).catch((err: unknown) => {
      if (seen && seen.fingerprint !== fingerprint) {
        throw new PierError(
          'host_key_changed',
          `${server.host} shows ${seen.fingerprint}, not ${fingerprint}. Nothing was changed.`,
          'Compare again with ssh-keygen -lf on the server.',
          { details: { fingerprint: seen.fingerprint, keyType: seen.keyType } }
        )
      }
      throw err
    })
    connected.client.end()
    this.deps.repo.pinHostKey(server.id, {
      keyType: connected.hostKey.keyType,
      fingerprint: connected.hostKey.fingerprint
    })
    this.deps.pool.drop(server.id)
    this.deps.bus.changed('servers')
    return this.get(server.id)
  }

  /** Runs check.sh over the pooled connection and grades what it finds. */
  async check(name: string): Promise<ServerCheckReport> {
    const server = this.get(name)
    const r = await this.deps.pool
      .link(server.id)
      .exec(shJoin(['sh', '-c', remoteScript(CHECK_SCRIPT), CHECK_SCRIPT]), { timeoutMs: 60_000 })
    let check: ServerCheck
    try {
      check = parseCheck(r.stdout)
    } catch (err) {
      throw new PierError(
        'remote_failed',
        `The server check on ${server.name} gave unreadable output: ${(err as Error).message}`,
        `Run it by hand to see why: ssh ${server.username}@${server.host} sh < check.sh`,
        { cause: err }
      )
    }
    const now = Math.round(Date.now() / 1000)
    return {
      server: server.name,
      ...check,
      skewSeconds: check.serverTime === null ? null : check.serverTime - now,
      readiness: readiness(check, now, { serverName: server.name })
    }
  }

  /** Installs/enables Docker and a single-node swarm on the server, yielding progress as it goes. */
  async *setupDocker(name: string): AsyncGenerator<SetupEvent> {
    const server = this.get(name)
    const lines = this.deps.pool
      .link(server.id)
      .execLines(shJoin(['sh', '-c', remoteScript(SETUP_DOCKER_SCRIPT), SETUP_DOCKER_SCRIPT]), {
        timeoutMs: 15 * 60_000
      })
    let sawDone = false
    for await (const line of lines) {
      if (line.trim() === '') continue
      const event = parseSetupLine(line)
      if (event.kind === 'done') sawDone = true
      yield event
    }
    if (!sawDone)
      throw new PierError(
        'remote_failed',
        `Docker setup on ${server.name} stopped before it finished.`,
        'Run it again: it is safe to repeat, and it skips what is already done.'
      )
  }

  importSshConfig(opts: ImportOptions): ImportResult {
    const result = importSshConfig(this.deps.repo, opts)
    if (result.imported.length > 0) this.deps.bus.changed('servers')
    return result
  }

  /**
   * Forgets a server. With fromServer, first takes Pier's own key out of the server's
   * authorized_keys; if that fails the server is kept, so the user can retry or remove it
   * without the clean-up.
   */
  async remove(
    name: string,
    opts: { fromServer?: boolean } = {}
  ): Promise<Server & { keyRemovedFromServer: boolean | null }> {
    const login = this.deps.repo.login(name)
    if (!login)
      throw new PierError(
        'not_found',
        `There is no server named "${name.slice(0, 80)}".`,
        'See `pier server list` for the names Pier knows.'
      )
    const { server } = login
    let keyRemovedFromServer: boolean | null = null
    if (opts.fromServer && server.authMethod === 'key') {
      const key = installKey(this.deps.db, this.deps.keychain())
      const r = await this.deps.pool
        .link(server.id)
        .exec(shJoin(['sh', '-c', remoteScript('deauthorize-key.sh'), 'deauthorize-key.sh']), {
          stdin: key.publicKey + '\n',
          timeoutMs: 30_000
        })
      const answer = /\{"removed":(true|false)\}/.exec(r.stdout)
      if (r.code !== 0 || !answer) {
        throw new PierError(
          'remote_failed',
          `Taking Pier's key off ${server.name} failed: ${(r.stdout + r.stderr).trim().slice(0, 300)}. The server was kept.`,
          'Retry, or remove it without the clean-up and delete the key from ~/.ssh/authorized_keys by hand.'
        )
      }
      keyRemovedFromServer = answer[1] === 'true'
    }
    this.deps.pool.drop(server.id)
    this.deps.repo.remove(server.id)
    for (const ref of [login.passphraseSecretRef, login.passwordSecretRef]) {
      if (ref) this.deps.keychain().delete(ref)
    }
    this.deps.bus.changed('servers')
    return { ...server, keyRemovedFromServer }
  }
}
