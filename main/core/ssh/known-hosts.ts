// Runs in: main, CLI, headless server.
// Reads OpenSSH known_hosts files so host keys the user already trusts can be imported instead
// of asking them to confirm every server again. Matching follows OpenSSH's hostfile.c: the
// lookup name is `host` on port 22 and `[host]:port` otherwise, hashed entries are compared by
// HMAC, and marker lines are never trusted keys. A broken line costs only itself: known_hosts
// files collect decades of cruft and ssh itself skips what it cannot read.
import { createHmac, timingSafeEqual } from 'node:crypto'
import { keyTypeOf, sha256Fingerprint } from './fingerprint'
import { matchHostList } from './ssh-config'

export type KnownHostMarker = '@cert-authority' | '@revoked'

export interface KnownHostEntry {
  /** Host patterns as written (`name`, `[name]:port`, `*.example`, `!name`); null when hashed. */
  hosts: string[] | null
  hashed: { salt: Buffer; hash: Buffer } | null
  marker: KnownHostMarker | null
  keyType: string
  keyBlob: Buffer
  fingerprint: string
  comment: string | null
  line: number
}

const SHA1_LENGTH = 20
const MARKERS: readonly KnownHostMarker[] = ['@cert-authority', '@revoked']
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/

/**
 * Every readable entry, in file order. Lines that cannot be read are skipped; a description of
 * each, with its line number, is appended to `warnings` when given.
 */
export function parseKnownHosts(text: string, warnings: string[] = []): KnownHostEntry[] {
  const entries: KnownHostEntry[] = []
  text.split('\n').forEach((raw, i) => {
    const result = parseLine(raw.replace(/\r$/, '').trim(), i + 1)
    if (result === null) return
    if (typeof result === 'string') warnings.push(`known_hosts line ${i + 1}: ${result}`)
    else entries.push(result)
  })
  return entries
}

function parseLine(line: string, lineNo: number): KnownHostEntry | string | null {
  if (line === '' || line.startsWith('#')) return null
  const { marker, body } = splitMarker(line)
  if (marker === undefined) return `unknown marker ${line.split(/[ \t]/)[0]}, line skipped.`
  const m = /^(\S+)[ \t]+(\S+)[ \t]+(\S+)(?:[ \t]+(.*))?$/.exec(body)
  if (!m) return 'expected hosts, key type and key, line skipped.'
  const [, hostField = '', keyType = '', keyBase64 = '', comment = ''] = m
  // SSH-1 RSA lines read "hosts bits exponent modulus"; no server Pier can talk to uses them.
  if (/^\d+$/.test(keyType)) return 'SSH-1 RSA key, line skipped.'
  const names = parseHostField(hostField)
  if (typeof names === 'string') return `${names}, line skipped.`
  const key = parseKey(keyType, keyBase64)
  if (typeof key === 'string') return `${key}, line skipped.`
  return {
    ...names,
    marker,
    keyType,
    ...key,
    comment: comment === '' ? null : comment,
    line: lineNo
  }
}

// undefined marker: the line starts with one OpenSSH does not know.
function splitMarker(line: string): { marker: KnownHostMarker | null | undefined; body: string } {
  if (!line.startsWith('@')) return { marker: null, body: line }
  const end = line.search(/[ \t]|$/)
  const word = line.slice(0, end)
  const marker = MARKERS.find((m) => m === word)
  return { marker, body: line.slice(end).trimStart() }
}

function parseHostField(field: string): Pick<KnownHostEntry, 'hosts' | 'hashed'> | string {
  if (!field.startsWith('|')) {
    const hosts = field.split(',').filter((h) => h !== '')
    return hosts.length > 0 ? { hosts, hashed: null } : 'no host names'
  }
  // `|1|salt|hash` is the only hashing OpenSSH has ever written: HMAC-SHA1 with a 20-byte salt.
  const m = /^\|1\|([^|]+)\|([^|]+)$/.exec(field)
  if (!m) return 'unrecognised hashed host name'
  const salt = decodeBase64(m[1] as string)
  const hash = decodeBase64(m[2] as string)
  if (salt?.length !== SHA1_LENGTH || hash?.length !== SHA1_LENGTH) {
    return 'malformed hashed host name'
  }
  return { hosts: null, hashed: { salt, hash } }
}

function parseKey(
  keyType: string,
  keyBase64: string
): Pick<KnownHostEntry, 'keyBlob' | 'fingerprint'> | string {
  const keyBlob = decodeBase64(keyBase64)
  if (!keyBlob || keyBlob.length === 0) return 'key is not valid base64'
  let inner: string
  try {
    inner = keyTypeOf(keyBlob)
  } catch {
    return 'key blob is malformed'
  }
  // A mismatch means a damaged or hand-edited line; trusting either half would be a guess.
  if (inner !== keyType) return `key type ${keyType} does not match the key (${inner})`
  return { keyBlob, fingerprint: sha256Fingerprint(keyBlob) }
}

// Node's decoder skips junk silently; a known_hosts key must be exact to be trusted.
function decodeBase64(s: string): Buffer | null {
  return BASE64.test(s) ? Buffer.from(s, 'base64') : null
}

/** The name a host is filed under: `host` on port 22, `[host]:port` elsewhere, lowercased. */
export function knownHostsName(host: string, port: number): string {
  const name = host.toLowerCase()
  return port === 22 || port === 0 ? name : `[${name}]:${port}`
}

/** Whether an entry's host field covers this host and port, whatever its marker. */
export function entryMatchesHost(entry: KnownHostEntry, host: string, port: number): boolean {
  const name = knownHostsName(host, port)
  if (entry.hashed) {
    const { salt, hash } = entry.hashed
    return timingSafeEqual(createHmac('sha1', salt).update(name).digest(), hash)
  }
  return entry.hosts !== null && matchHostList(name, entry.hosts)
}

/**
 * Keys trusted for this host and port: unmarked entries that match, minus any key a matching
 * @revoked line names (ssh refuses a revoked key even when another line lists it).
 */
export function findHostKeys(
  entries: readonly KnownHostEntry[],
  host: string,
  port: number
): KnownHostEntry[] {
  const revoked = revokedFor(entries, host, port)
  return entries.filter(
    (e) =>
      e.marker === null &&
      entryMatchesHost(e, host, port) &&
      !revoked.some((r) => r.keyBlob.equals(e.keyBlob))
  )
}

/** @revoked entries covering this host: keys that must be refused. */
export function revokedFor(
  entries: readonly KnownHostEntry[],
  host: string,
  port: number
): KnownHostEntry[] {
  return entries.filter((e) => e.marker === '@revoked' && entryMatchesHost(e, host, port))
}

/** @cert-authority entries covering this host: CAs that may sign its host certificates. */
export function certAuthoritiesFor(
  entries: readonly KnownHostEntry[],
  host: string,
  port: number
): KnownHostEntry[] {
  return entries.filter((e) => e.marker === '@cert-authority' && entryMatchesHost(e, host, port))
}
