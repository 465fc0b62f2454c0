// Runs in the vitest test workers of the integration project: the shared test hosts, ssh2
// connections pinned to their host keys, and dockerode over an existing SSH connection
// (Pier's own, from main/core/docker).
import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import type Docker from 'dockerode'
// ssh2 is CommonJS without named-export hints: Node's ESM loader only offers the default export.
import ssh2, { type Algorithms, type Client } from 'ssh2'
import { inject } from 'vitest'
import type { TestHost } from '../hosts/harness'
import { FrameDemuxer } from '../../main/core/docker/log-lines'
import type { NewServer, Server } from '../../main/core/servers/repository'

// dockerode over one SSH connection: Pier's own agent (main/core/docker/agent.ts).
export { dockerOverSsh } from '../../main/core/docker/agent'

export type { TestHost }
// Host key changes and password auth, for tests that need them. They restart the host's sshd and
// outlive the test file: restore in afterAll (see TestHost on the stale host list after a rekey).
export {
  addHostKey,
  rekeyHost,
  restoreHostKey,
  setPasswordAuth,
  type ExtraHostKey,
  type HostKeyType
} from '../hosts/harness'

/** Records a harness host in a core as a key-file server pinned to the host's ed25519 key. */
export function recordHarnessServer(
  core: { servers: { record(s: NewServer): Server } },
  host: TestHost,
  name: string = host.name
): Server {
  return core.servers.record({
    name,
    host: host.sshHost,
    port: host.sshPort,
    username: host.username,
    authMethod: 'keyfile',
    keyPath: host.privateKeyPath,
    hostKeyType: 'ssh-ed25519',
    hostKeyFingerprint: host.hostKeyFingerprint
  })
}

let warned = false

/**
 * The hosts from global setup, or [] (after saying why, once) when this machine cannot build
 * them. Pair with `describe.skipIf(hosts.length === 0)`.
 */
export function hostsOrSkip(): TestHost[] {
  const hosts = inject('testHosts')
  if (hosts.length === 0 && !warned) {
    warned = true
    console.warn(`[test hosts] skipping: ${inject('hostsSkipReason') || 'no hosts'}`)
  }
  return hosts
}

export function hostNamed(hosts: TestHost[], name: string): TestHost {
  const host = hosts.find((h) => h.name === name)
  if (!host) throw new Error(`no test host ${name} (have ${hosts.map((h) => h.name).join(', ')})`)
  return host
}

export interface ConnectOptions {
  /** Pin this key instead of the host's own (to prove a wrong key is refused). */
  hostPublicKey?: string
  /** Authenticate with this password instead of the test key. */
  password?: string
  /** Authenticate with this key file (e.g. host.rsaPrivateKeyPath) instead of the ed25519 key. */
  privateKeyPath?: string
  /** For an encrypted private key (host.encryptedKeyPath + host.keyPassphrase). */
  passphrase?: string
  /** ssh2's algorithm lists, e.g. `{ serverHostKey: ['ecdsa-sha2-nistp256'] }`. */
  algorithms?: Algorithms
  readyTimeout?: number
  /** Sees the raw key blob the server presents in the handshake, before it is checked. */
  onHostKey?: (key: Buffer) => void
}

function publicKeyBlob(openSshLine: string): Buffer {
  const parsed = ssh2.utils.parseKey(openSshLine)
  if (parsed instanceof Error) throw parsed
  return parsed.getPublicSSH()
}

/** Resolves once authenticated; rejects on any handshake, host key or auth failure. */
export function connectSsh(host: TestHost, opts: ConnectOptions = {}): Promise<Client> {
  const pinned = publicKeyBlob(opts.hostPublicKey ?? host.hostPublicKey)
  const auth =
    opts.password === undefined
      ? {
          privateKey: readFileSync(opts.privateKeyPath ?? host.privateKeyPath),
          ...(opts.passphrase === undefined ? {} : { passphrase: opts.passphrase })
        }
      : { password: opts.password, tryKeyboard: true }
  const conn = new ssh2.Client()
  return new Promise((resolve, reject) => {
    let ready = false
    conn.on('ready', () => {
      ready = true
      // Without it, Nagle + delayed ACKs add ~40 ms to every small request over the tunnel.
      conn.setNoDelay(true)
      resolve(conn)
    })
    conn.on('error', (error) => {
      // After ready, failures surface through the pending channels and 'close'; this listener
      // only keeps an unhandled 'error' event from crashing the worker.
      if (!ready) {
        conn.end()
        reject(error)
      }
    })
    conn.connect({
      host: host.sshHost,
      port: host.sshPort,
      username: host.username,
      readyTimeout: opts.readyTimeout ?? 10_000,
      ...(opts.algorithms === undefined ? {} : { algorithms: opts.algorithms }),
      hostVerifier: (key: Buffer): boolean => {
        opts.onHostKey?.(key)
        return key.equals(pinned)
      },
      ...auth
    })
  })
}

/** OpenSSH's SHA256 fingerprint of a key blob (e.g. from onHostKey): `ssh-keygen -l` format. */
export function sshFingerprint(blob: Buffer): string {
  return `SHA256:${createHash('sha256').update(blob).digest('base64').replace(/=+$/, '')}`
}

export interface ExecResult {
  stdout: string
  stderr: string
  /** null when the channel closed without an exit status (e.g. connection lost). */
  code: number | null
}

export function execOn(conn: Client, command: string): Promise<ExecResult> {
  return new Promise((resolve, reject) => {
    conn.exec(command, (error, stream) => {
      if (error) return reject(error)
      const out: Buffer[] = []
      const err: Buffer[] = []
      stream.on('data', (chunk: Buffer) => out.push(chunk))
      stream.stderr.on('data', (chunk: Buffer) => err.push(chunk))
      stream.on('close', (code: unknown) => {
        resolve({
          stdout: Buffer.concat(out).toString('utf8'),
          stderr: Buffer.concat(err).toString('utf8'),
          code: typeof code === 'number' ? code : null
        })
      })
    })
  })
}

/** Docker's multiplexed log format, taken apart by Pier's own demuxer. */
export function demuxLogs(buffer: Buffer): { stdout: string; stderr: string } {
  const frames = new FrameDemuxer().push(buffer)
  const text = (stream: 'stdout' | 'stderr'): string =>
    Buffer.concat(frames.filter((f) => f.stream === stream).map((f) => f.data)).toString('utf8')
  return { stdout: text('stdout'), stderr: text('stderr') }
}

/** Creates, starts and waits for a container, returns its exit code and output, removes it. */
export async function runContainer(
  docker: Docker,
  image: string,
  cmd: string[],
  /** More create options (Env, Hostname, HostConfig...). */
  options: Docker.ContainerCreateOptions = {}
): Promise<{ code: number; stdout: string; stderr: string }> {
  const container = await docker.createContainer({
    ...options,
    Image: image,
    Cmd: cmd,
    Tty: false
  })
  try {
    await container.start()
    const result = (await container.wait()) as { StatusCode: number }
    const logs = await container.logs({ stdout: true, stderr: true, follow: false })
    return { code: result.StatusCode, ...demuxLogs(logs) }
  } finally {
    await container.remove({ force: true })
  }
}

/** Resolves to 'timeout' if `promise` has not settled after `ms`. */
export function within<T>(promise: Promise<T>, ms: number): Promise<T | 'timeout'> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), ms)
  })
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer))
}
