// Runs in: main, CLI, headless server.
// Turns the concrete Host entries of ~/.ssh/config into Pier servers, with host keys the user
// already trusts in ~/.ssh/known_hosts (hashed entries too) pinned for them. Nothing is
// contacted: a server without a known host key stays unverified until the user accepts its key.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { PierError } from '../errors'
import { findHostKeys, parseKnownHosts } from '../ssh/known-hosts'
import {
  listImportableHosts,
  parseProxyJump,
  parseSshConfig,
  resolveHost,
  type IncludedFile
} from '../ssh/ssh-config'
import type { AuthMethod } from './model'
import type { ServerRepository } from './repository'

export interface ImportOptions {
  file?: string
  knownHosts?: string
  home?: string
  user?: string
  agentSocket?: string
}

export interface ImportedServer {
  name: string
  alias: string
  host: string
  port: number
  user: string
  authMethod: AuthMethod
  keyPath: string | null
  proxyJump: string | null
  /** Host keys pinned from known_hosts; 0 means the key is verified on first use. */
  pinnedKeys: number
}

export interface ImportResult {
  imported: ImportedServer[]
  skipped: Array<{ alias: string; reason: string }>
  warnings: string[]
}

/** "Web.Prod" → "web-prod": a Host alias made into a valid server name, or null. */
export function serverNameFor(alias: string): string | null {
  const name = alias
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 63)
  return /^[a-z0-9][a-z0-9-]{0,62}$/.test(name) ? name : null
}

function readIncludes(home: string) {
  return (pattern: string): IncludedFile[] => {
    const abs = path.isAbsolute(pattern) ? pattern : path.join(home, '.ssh', pattern)
    const dir = path.dirname(abs)
    const glob = new RegExp(
      `^${path
        .basename(abs)
        .replace(/[.+^${}()|[\]\\]/g, '\\$&')
        .replace(/\*/g, '.*')
        .replace(/\?/g, '.')}$`
    )
    if (!fs.existsSync(dir)) return []
    return fs
      .readdirSync(dir)
      .filter((f) => glob.test(f))
      .sort()
      .map((f) => path.join(dir, f))
      .filter((f) => fs.statSync(f).isFile())
      .map((f) => ({ file: f, text: fs.readFileSync(f, 'utf8') }))
  }
}

/** A one-hop ProxyJump through another imported alias points at that alias's server name. */
function jumpName(proxyJump: string, aliases: readonly string[]): string {
  const hops = parseProxyJump(proxyJump)
  const hop = hops[0]
  // ssh matches Host patterns case-sensitively, but people write ProxyJump in any case.
  const alias = hop && aliases.find((a) => a.toLowerCase() === hop.host.toLowerCase())
  if (hops.length !== 1 || !hop || hop.user || hop.port || !alias) return proxyJump
  return serverNameFor(alias) ?? proxyJump
}

export function importSshConfig(repo: ServerRepository, opts: ImportOptions = {}): ImportResult {
  const home = opts.home ?? os.homedir()
  const file = opts.file ?? path.join(home, '.ssh', 'config')
  const user = opts.user ?? os.userInfo().username
  if (!fs.existsSync(file)) {
    throw new PierError(
      'not_found',
      `There is no SSH config at ${file}.`,
      'Give the file with --file, or add servers one by one.'
    )
  }
  const config = parseSshConfig(fs.readFileSync(file, 'utf8'), {
    file,
    home,
    user,
    readInclude: readIncludes(home)
  })
  const knownFile = opts.knownHosts ?? path.join(home, '.ssh', 'known_hosts')
  const warnings = [...config.warnings]
  const known = fs.existsSync(knownFile)
    ? parseKnownHosts(fs.readFileSync(knownFile, 'utf8'), warnings)
    : []
  const agent = opts.agentSocket ?? process.env.SSH_AUTH_SOCK
  const result: ImportResult = { imported: [], skipped: [], warnings }

  const aliases = listImportableHosts(config)
  for (const alias of aliases) {
    const name = serverNameFor(alias)
    if (!name) {
      result.skipped.push({ alias, reason: 'no valid server name can be made from this alias' })
      continue
    }
    if (repo.get(name)) {
      result.skipped.push({ alias, reason: `a server named "${name}" already exists` })
      continue
    }
    const host = resolveHost(config, alias)
    warnings.push(...host.warnings)
    const keyPath = host.identityFiles.find((f) => fs.existsSync(f)) ?? null
    const authMethod: AuthMethod = keyPath ? 'keyfile' : agent ? 'agent' : 'keyfile'
    if (!keyPath && !agent) {
      result.skipped.push({ alias, reason: 'no IdentityFile exists and no ssh-agent is running' })
      continue
    }
    const keys = findHostKeys(known, host.hostName, host.port)
    const proxyJump = host.proxyJump ? jumpName(host.proxyJump, aliases) : null
    const server = repo.insert({
      name,
      host: host.hostName,
      port: host.port,
      username: host.user,
      authMethod,
      keyPath,
      proxyJump
    })
    for (const key of keys)
      repo.pinHostKey(server.id, { keyType: key.keyType, fingerprint: key.fingerprint })
    result.imported.push({
      name,
      alias,
      host: host.hostName,
      port: host.port,
      user: host.user,
      authMethod,
      keyPath,
      proxyJump,
      pinnedKeys: new Set(keys.map((k) => k.keyType)).size
    })
  }
  return result
}
