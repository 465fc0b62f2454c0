// Runs in the vitest main process (global setup) and in test workers: a typed wrapper around
// testhosts.sh, which builds throwaway SSH + Docker hosts in network namespaces on this machine.
import { execFile, execFileSync } from 'node:child_process'
import { accessSync, constants } from 'node:fs'
import { delimiter, join } from 'node:path'
import { fileURLToPath } from 'node:url'

/**
 * One host as `testhosts.sh up` prints it.
 *
 * The host key fields describe the key the host served when the object was made. The list that
 * global setup provides (`inject('testHosts')`) is made once by `up`: after `rekeyHost` it is
 * stale for that host. A test that rekeys must use the TestHost that `rekeyHost` returns, and must
 * call `restoreHostKey` in afterAll, so that later test files meet the key from the list again.
 */
export interface TestHost {
  name: string
  /** Address on the test network; only reachable from other hosts, not from the runner. */
  ip: string
  /** Loopback relay on the runner that crosses the virtual switch to the host's sshd. */
  sshHost: string
  sshPort: number
  /** The test user (TH_USER, default pier-test), created by `up` and deleted by `down`. */
  username: string
  /** ed25519 client key without a passphrase; authorized on every host. */
  privateKeyPath: string
  /** RSA 3072 client key (OpenSSH format) without a passphrase; authorized on every host. */
  rsaPrivateKeyPath: string
  /** ed25519 client key encrypted with `keyPassphrase`; authorized on every host. */
  encryptedKeyPath: string
  keyPassphrase: string
  /**
   * The test user's password (random per `up`, the same on every host). sshd refuses password
   * logins unless `setPasswordAuth(name, true)` turned them on for that host.
   */
  password: string
  /** The host key as an OpenSSH .pub line, for pinning. */
  hostPublicKey: string
  /**
   * The .pub file next to the private host key that the host's sshd serves. Rekeying replaces
   * the file's content, so the path stays the same.
   */
  hostPublicKeyPath: string
  /** As `ssh-keygen -lf` prints it: `SHA256:...`. */
  hostKeyFingerprint: string
  /** The host's Docker socket as seen from the runner (root only). */
  dockerSocket: string
}

/** A host key that `addHostKey` added next to the host's ed25519 key. */
export interface ExtraHostKey {
  name: string
  /** As passed to `addHostKey`. */
  type: HostKeyType
  /** First word of the .pub line: `ecdsa-sha2-nistp256` or `ssh-rsa`. */
  keyType: string
  /** OpenSSH .pub line, for pinning. */
  publicKey: string
  publicKeyPath: string
  /** As `ssh-keygen -lf` prints it: `SHA256:...`. */
  fingerprint: string
}

/** ecdsa: ecdsa-sha2-nistp256. rsa: 3072 bits, signed as rsa-sha2-512 / rsa-sha2-256. */
export type HostKeyType = 'ecdsa' | 'rsa'

export type Prerequisites = { ok: true } | { ok: false; reason: string }

const SCRIPT = fileURLToPath(new URL('./testhosts.sh', import.meta.url))

const REQUIRED_BINARIES = [
  'dockerd',
  'sshd',
  'socat',
  'ip',
  'cron',
  'busybox',
  'debootstrap',
  'ssh-keygen',
  'unshare',
  'nsenter',
  'curl',
  // Not on the usual list but used by the script: dockerd needs iptables inside each host,
  // ss comes with iproute2, flock with util-linux.
  'iptables',
  'ss',
  'flock',
  // Sets the test user's password.
  'chpasswd',
  // Apps built from git clone on the hosts (and the tests serve repositories with git-shell).
  'git',
  'git-shell'
]

// sshd and dockerd live in sbin, which a non-login PATH may lack; the script adds these too.
const EXTRA_DIRS = ['/usr/local/sbin', '/usr/sbin', '/sbin']

function onPath(binary: string): boolean {
  const dirs = [...(process.env.PATH ?? '').split(delimiter), ...EXTRA_DIRS].filter(Boolean)
  return dirs.some((dir) => {
    try {
      accessSync(join(dir, binary), constants.X_OK)
      return true
    } catch {
      return false
    }
  })
}

/** Whether this machine can build test hosts; the reason names everything that is missing. */
export function prerequisites(): Prerequisites {
  if (process.platform !== 'linux') {
    return { ok: false, reason: `test hosts need Linux, this is ${process.platform}` }
  }
  if (process.getuid?.() !== 0) {
    return { ok: false, reason: 'test hosts need root (network namespaces, mounts, dockerd)' }
  }
  const missing = REQUIRED_BINARIES.filter((b) => !onPath(b))
  if (missing.length > 0) return { ok: false, reason: `missing binaries: ${missing.join(', ')}` }
  return { ok: true }
}

// Generous: debian-image runs debootstrap (about a minute) when its cache is cold.
const TIMEOUTS: Record<string, number> = {
  up: 120_000,
  down: 120_000,
  'debian-image': 600_000,
  // debootstrap when cold, then apt-get install into a copy (10-35 s per engine), cached.
  'db-image': 900_000,
  // The same, with docker-registry and socat.
  'registry-image': 900_000
}

function run(args: string[]): Promise<string> {
  const timeout = TIMEOUTS[args[0] ?? ''] ?? 60_000
  return new Promise((resolve, reject) => {
    execFile(
      'bash',
      [SCRIPT, ...args],
      { timeout, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (!error) return resolve(stdout)
        // execFile's message already carries stderr, except when the timeout killed the script.
        const detail = error.killed ? `timed out after ${timeout} ms\n${stderr}` : error.message
        reject(new Error(`testhosts.sh ${args.join(' ')} failed: ${detail}`))
      }
    )
  })
}

function parseHost(line: string): TestHost {
  const value: unknown = JSON.parse(line)
  const o = value as Record<string, unknown>
  const strings = [
    'name',
    'ip',
    'sshHost',
    'username',
    'privateKeyPath',
    'rsaPrivateKeyPath',
    'encryptedKeyPath',
    'keyPassphrase',
    'password',
    'hostPublicKey',
    'hostPublicKeyPath',
    'hostKeyFingerprint',
    'dockerSocket'
  ]
  const ok =
    typeof value === 'object' &&
    value !== null &&
    strings.every((k) => typeof o[k] === 'string' && o[k] !== '') &&
    typeof o.sshPort === 'number'
  if (!ok) throw new Error(`testhosts.sh printed an unexpected host: ${line}`)
  return value as TestHost
}

function parseExtraKey(line: string): ExtraHostKey {
  const value: unknown = JSON.parse(line)
  const o = value as Record<string, unknown>
  const strings = ['name', 'type', 'keyType', 'publicKey', 'publicKeyPath', 'fingerprint']
  const ok =
    typeof value === 'object' &&
    value !== null &&
    strings.every((k) => typeof o[k] === 'string' && o[k] !== '')
  if (!ok) throw new Error(`testhosts.sh printed an unexpected host key: ${line}`)
  return value as ExtraHostKey
}

/** The one JSON line a command prints on stdout. */
function singleLine(stdout: string, what: string): string {
  const lines = stdout.split('\n').filter((line) => line.trim() !== '')
  if (lines.length !== 1) throw new Error(`expected one line from ${what}, got: ${stdout}`)
  return lines[0] as string
}

/** Creates hosts h1..hN (after removing leftovers of earlier runs). */
export async function startHosts(n: number): Promise<TestHost[]> {
  const stdout = await run(['up', String(n)])
  const hosts = stdout
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map(parseHost)
  if (hosts.length !== n)
    throw new Error(`asked for ${n} hosts, testhosts.sh reported ${hosts.length}`)
  return hosts
}

/** Removes every host, namespace, relay and host directory; safe to call any number of times. */
export async function stopHosts(): Promise<void> {
  await run(['down'])
}

/** Synchronous teardown for process exit handlers, where no promise gets to settle. */
export function stopHostsSync(): void {
  execFileSync('bash', [SCRIPT, 'down'], {
    stdio: ['ignore', 'ignore', 'inherit'],
    timeout: 120_000
  })
}

/** Unplugs the host's cable at the switch: its packets are silently lost, like a dead link. */
export async function cutLink(name: string): Promise<void> {
  await run(['cut', name])
}

export async function restoreLink(name: string): Promise<void> {
  await run(['restore', name])
}

/** Stops the sshd listener; established SSH sessions survive, as with a real sshd. */
export async function stopSshd(name: string): Promise<void> {
  await run(['sshd-stop', name])
}

export async function startSshd(name: string): Promise<void> {
  await run(['sshd-start', name])
}

/** Imports a ~2 MB busybox image (sh, echo, sleep, nc, httpd...) into the host's engine. */
export async function importBusybox(name: string, tag: string): Promise<void> {
  await run(['busybox-image', name, tag])
}

export type TestDbEngine = 'postgres' | 'mariadb' | 'redis'
/** The tags the database tests use; built from Debian's packages (Debian has no MongoDB). */
export const TEST_DB_IMAGES: Record<TestDbEngine, string> = {
  postgres: 'pier-test/postgres:15',
  mariadb: 'pier-test/mariadb:10.11',
  redis: 'pier-test/redis:7'
}

/**
 * Makes sure the host's engine has a database image built from Debian's packages, with an
 * entrypoint that initializes the data folder from the official images' variables (and _FILE).
 */
export async function ensureDbImage(name: string, engine: TestDbEngine): Promise<string> {
  await run(['db-image', name, engine, TEST_DB_IMAGES[engine]])
  return TEST_DB_IMAGES[engine]
}

/** Makes sure the host's engine has a Debian bookworm minbase image under `tag`. */
export async function ensureDebianImage(name: string, tag: string): Promise<void> {
  await run(['debian-image', name, tag])
}

/**
 * Gives the host a new ed25519 host key and restarts its sshd (established sessions survive).
 * Returns the host with the new key; the provided host list is stale for it from now on. Pair
 * with `restoreHostKey` in afterAll.
 */
export async function rekeyHost(name: string): Promise<TestHost> {
  return parseHost(singleLine(await run(['rekey', name]), `rekey ${name}`))
}

/**
 * Puts back the host key from `up` (after any number of `rekeyHost`) and removes every key that
 * `addHostKey` added, then restarts sshd. Harmless when nothing changed.
 */
export async function restoreHostKey(name: string): Promise<TestHost> {
  return parseHost(singleLine(await run(['rekey', name, '--restore']), `rekey ${name} --restore`))
}

/**
 * Adds a host key of another type next to the ed25519 one and restarts sshd (a no-op if the host
 * has one of that type already). Clients that prefer that type now get it: a "new key type" on a
 * known host. `restoreHostKey` removes it again.
 */
export async function addHostKey(name: string, type: HostKeyType): Promise<ExtraHostKey> {
  return parseExtraKey(singleLine(await run(['add-hostkey', name, type]), `add-hostkey ${name}`))
}

/**
 * Turns PasswordAuthentication on or off for this host's sshd (off after `up`) and restarts it.
 * Tests that turn it on must turn it off again in afterAll.
 */
export async function setPasswordAuth(name: string, on: boolean): Promise<void> {
  await run(['password-auth', name, on ? 'on' : 'off'])
}

/**
 * Makes sure the host's engine has an image with Debian's docker-registry and socat under `tag`:
 * the registry and the relays of a cluster's registry mode.
 */
export async function ensureRegistryImage(name: string, tag: string): Promise<void> {
  await run(['registry-image', name, tag])
}

/** Makes sure the host's engine has a Caddy image (Debian's caddy package) under `tag`. */
export async function ensureCaddyImage(name: string, tag: string): Promise<void> {
  await run(['caddy-image', name, tag])
}

/**
 * Mounts a tmpfs of `kib` KiB over `~/relPath` (which must exist) inside the host, so whatever
 * writes there (a backup) meets a full disk; `kib: 'off'` unmounts it. Seen only by that host.
 */
export async function smallDisk(name: string, relPath: string, kib: number | 'off'): Promise<void> {
  await run(['small-disk', name, relPath, String(kib)])
}
