// Runs in: main, CLI, headless server.
// Reads the user's OpenSSH client config (~/.ssh/config) so servers they already reach with
// `ssh <alias>` import with the same host name, port, user, keys and jump hosts. The rules
// follow OpenSSH's readconf.c (9.x) closely, because an import is only trustworthy if it agrees
// with `ssh -G <alias>`; the unit tests hold it to that. Parsing is pure: Included files arrive
// through a callback, so a real ~/.ssh, a pasted config and a test fixture all parse alike.
import { PierError } from '../errors'

export interface IncludedFile {
  file: string
  text: string
}

export interface SshConfigOptions {
  /** Path of the config being parsed; named in errors and warnings. */
  file: string
  /** The local user's home: `~`, `%d` and relative Include paths resolve against it. */
  home: string
  /** The local user name: the remote user when the config names none, and `%u`. */
  user: string
  /**
   * Files matching an Include pattern (an absolute path that may hold `*` and `?`). Without it,
   * Include lines are skipped with a warning.
   */
  readInclude?: (pattern: string) => IncludedFile[]
}

export interface MatchCriterion {
  attribute: 'all' | 'host' | 'originalhost'
  negated: boolean
  /** Comma-separated pattern list, as written. */
  patterns: string
}

export type SshConfigGuard =
  | { kind: 'host'; patterns: string[] }
  | { kind: 'match'; criteria: MatchCriterion[] }
  | { kind: 'never' }

interface Location {
  file: string
  line: number
}

/**
 * The config flattened in file order. Guards are evaluated where they appear because a Match
 * sees the HostName obtained so far; an option applies when every guard it sits under matched
 * (more than one when an Include sits inside a Host or Match block).
 */
export type SshConfigStep =
  | ({ kind: 'guard'; id: number; guard: SshConfigGuard } & Location)
  | ({ kind: 'option'; keyword: string; args: string[]; guards: number[] } & Location)

export interface SshConfig {
  file: string
  home: string
  user: string
  steps: SshConfigStep[]
  /** Problems with the file as a whole (skipped Match blocks, unread Includes). */
  warnings: string[]
}

export interface ProxyJumpHop {
  user?: string
  host: string
  port?: number
}

export interface ResolvedHost {
  alias: string
  hostName: string
  port: number
  user: string
  /** Expanded paths, in the order ssh would offer them; empty when the config names none. */
  identityFiles: string[]
  /** The ProxyJump value as written (comma-separated hops), or null when there is none. */
  proxyJump: string | null
  identitiesOnly?: boolean
  /** Settings that apply to this alias but that Pier does not honour, each naming the alias. */
  warnings: string[]
}

// OpenSSH's READCONF_MAX_DEPTH; deeper nesting is almost surely a file including itself.
const MAX_INCLUDE_DEPTH = 16
const DEFAULT_PORT = 22

const HINT = 'Fix that line in the SSH config (`ssh -G <alias>` reports it too), then import again.'

// Keywords whose values this module reads, each taking exactly one argument, by display name.
const SINGLE_VALUED = new Map([
  ['hostname', 'HostName'],
  ['user', 'User'],
  ['port', 'Port'],
  ['identityfile', 'IdentityFile'],
  ['identitiesonly', 'IdentitiesOnly'],
  ['proxyjump', 'ProxyJump']
])

// Settings that change how ssh reaches or authenticates to a host but that an import cannot
// carry over. Silently dropping them would leave a server that works in a terminal and fails in
// Pier with no clue why, so each one that applies becomes a warning naming the alias.
const UNSUPPORTED: Record<string, { name: string; effect: string }> = {
  proxycommand: {
    name: 'ProxyCommand',
    effect: 'Pier connects directly or through ProxyJump, so the server may be unreachable'
  },
  localforward: { name: 'LocalForward', effect: 'port forwards are not set up' },
  remoteforward: { name: 'RemoteForward', effect: 'port forwards are not set up' },
  dynamicforward: { name: 'DynamicForward', effect: 'port forwards are not set up' },
  remotecommand: { name: 'RemoteCommand', effect: 'Pier runs its own commands' },
  certificatefile: { name: 'CertificateFile', effect: 'certificates are not offered' },
  identityagent: { name: 'IdentityAgent', effect: 'that agent socket is not used' },
  pkcs11provider: { name: 'PKCS11Provider', effect: 'hardware-token keys are not offered' },
  hostkeyalias: { name: 'HostKeyAlias', effect: 'the host key is checked under the host name' },
  canonicalizehostname: {
    name: 'CanonicalizeHostname',
    effect: 'the host name is used as written'
  }
}

// Match criteria that are valid OpenSSH but cannot be evaluated at import time.
const UNEVALUATED_MATCH = new Set(['exec', 'localnetwork', 'user', 'localuser', 'tagged'])

// Values that switch an unsupported setting off, so it needs no warning.
const INERT_VALUES = new Set(['none', 'no', 'false', 'ssh_auth_sock'])

// ---------------------------------------------------------------------------------------------
// Parsing

interface ParseContext {
  opts: SshConfigOptions
  steps: SshConfigStep[]
  warnings: string[]
  nextGuard: number
}

export function parseSshConfig(text: string, opts: SshConfigOptions): SshConfig {
  const ctx: ParseContext = { opts, steps: [], warnings: [], nextGuard: 0 }
  parseFile(ctx, text, opts.file, [], 0)
  const { file, home, user } = opts
  return { file, home, user, steps: ctx.steps, warnings: ctx.warnings }
}

function parseFile(
  ctx: ParseContext,
  text: string,
  file: string,
  outer: number[],
  depth: number
): void {
  // Lines before an included file's first Host or Match belong to the block that included it.
  let guards = outer
  const lines = text.replace(/^\uFEFF/, '').split('\n')
  for (let i = 0; i < lines.length; i++) {
    const at = { file, line: i + 1 }
    const parsed = splitLine(lines[i] ?? '', at)
    if (!parsed) continue
    const { keyword, rest, args } = parsed
    if (keyword === 'host') {
      guards = [...outer, addGuard(ctx, { kind: 'host', patterns: hostPatterns(args, at) }, at)]
    } else if (keyword === 'match') {
      guards = [...outer, addGuard(ctx, matchGuard(ctx, args, at), at)]
    } else if (keyword === 'include') {
      includeFiles(ctx, args, guards, depth, at)
    } else {
      addOption(ctx, keyword, rest, args, guards, at)
    }
  }
}

function addGuard(ctx: ParseContext, guard: SshConfigGuard, at: Location): number {
  const id = ctx.nextGuard++
  ctx.steps.push({ kind: 'guard', id, guard, ...at })
  return id
}

function addOption(
  ctx: ParseContext,
  keyword: string,
  rest: string,
  args: string[],
  guards: number[],
  at: Location
): void {
  // ssh hands ProxyCommand to a shell as one string, so it keeps the raw text, quotes and all.
  if (keyword === 'proxycommand') {
    ctx.steps.push({ kind: 'option', keyword, args: [rest], guards, ...at })
    return
  }
  const name = SINGLE_VALUED.get(keyword)
  if (name !== undefined) {
    validateOption(keyword, singleArg(name, args, at), at)
  } else if (!(keyword in UNSUPPORTED)) {
    // Everything else (Ciphers, ServerAliveInterval, typos...) has no bearing on the import.
    return
  }
  ctx.steps.push({ kind: 'option', keyword, args, guards, ...at })
}

function singleArg(name: string, args: string[], at: Location): string {
  if (args.length > 1) throw configError(at, `${name} takes one value, found ${args.length}.`)
  const value = args[0] ?? ''
  if (value === '') throw configError(at, `${name} has an empty value.`)
  return value
}

// Checked where they are written, even in blocks that never apply, because ssh refuses the whole
// file over them; an import that accepted it would describe a config ssh cannot use.
function validateOption(keyword: string, value: string, at: Location): void {
  if (keyword === 'port' && parsePortNumber(value) === null) {
    throw configError(at, `Port "${value}" is not a port number (1-65535).`)
  }
  if (keyword === 'identitiesonly' && parseFlag(value) === null) {
    throw configError(at, `IdentitiesOnly "${value}" must be yes or no.`)
  }
  if (keyword === 'proxyjump') {
    const problem = proxyJumpProblem(value)
    if (problem) throw configError(at, `ProxyJump "${value}" is not valid: ${problem}.`)
  }
}

function hostPatterns(args: string[], at: Location): string[] {
  if (args.some((p) => p === '' || p === '!')) throw configError(at, 'Host has an empty pattern.')
  return args
}

function matchGuard(ctx: ParseContext, args: string[], at: Location): SshConfigGuard {
  const criteria: MatchCriterion[] = []
  const unsupported: string[] = []
  for (let i = 0; i < args.length; i++) {
    const word = args[i] ?? ''
    const negated = word.startsWith('!')
    const attribute = (negated ? word.slice(1) : word).toLowerCase()
    if (attribute === 'all') {
      criteria.push({ attribute, negated, patterns: '' })
    } else if (attribute === 'canonical' || attribute === 'final') {
      unsupported.push(attribute)
    } else {
      const patterns = args[++i]
      if (patterns === undefined || patterns === '') {
        throw configError(at, `Match ${attribute} needs a value.`)
      }
      if (attribute === 'host' || attribute === 'originalhost') {
        criteria.push({ attribute, negated, patterns })
      } else if (UNEVALUATED_MATCH.has(attribute)) {
        unsupported.push(attribute)
      } else {
        throw configError(at, `Match has an unknown criterion "${attribute}".`)
      }
    }
  }
  if (criteria.some((c) => c.attribute === 'all') && args.length > 1 && unsupported.length === 0) {
    throw configError(at, 'Match all cannot be combined with other criteria.')
  }
  if (unsupported.length === 0) return { kind: 'match', criteria }
  // Evaluating these needs the network, other programs or a second pass; guessing could attach
  // settings to the wrong server, so the block applies to none and the user is told.
  ctx.warnings.push(
    `${at.file} line ${at.line}: Match ${unsupported.join(', ')} is not supported; ` +
      'the settings in that block are ignored.'
  )
  return { kind: 'never' }
}

function includeFiles(
  ctx: ParseContext,
  args: string[],
  guards: number[],
  depth: number,
  at: Location
): void {
  for (const arg of args) {
    if (arg === '') throw configError(at, 'Include has an empty path.')
    const pattern = includePattern(arg, ctx.opts.home)
    if (pattern === null) {
      ctx.warnings.push(
        `${at.file} line ${at.line}: Include ${arg} (another user's home) is skipped.`
      )
      continue
    }
    if (!ctx.opts.readInclude) {
      ctx.warnings.push(`${at.file} line ${at.line}: Include ${arg} was not read.`)
      continue
    }
    // glob(3) hands ssh the matches sorted, and order decides which value is obtained first.
    const found = [...ctx.opts.readInclude(pattern)].sort((a, b) =>
      a.file < b.file ? -1 : a.file > b.file ? 1 : 0
    )
    if (found.length > 0 && depth >= MAX_INCLUDE_DEPTH) {
      throw configError(at, `Include nests more than ${MAX_INCLUDE_DEPTH} levels deep.`)
    }
    for (const inc of found) parseFile(ctx, inc.text, inc.file, guards, depth + 1)
  }
}

// A user config's relative Include is relative to ~/.ssh, not to the including file.
function includePattern(arg: string, home: string): string | null {
  if (arg.startsWith('~')) return expandTilde(arg, home)
  if (isAbsolute(arg)) return arg
  return `${home.replace(/[/\\]+$/, '')}/.ssh/${arg}`
}

function isAbsolute(p: string): boolean {
  return p.startsWith('/') || p.startsWith('\\') || /^[A-Za-z]:[/\\]/.test(p)
}

function expandTilde(p: string, home: string): string | null {
  if (p === '~') return home
  if (p.startsWith('~/')) return `${home.replace(/[/\\]+$/, '')}${p.slice(1)}`
  return null
}

// ---------------------------------------------------------------------------------------------
// Lexing, as readconf.c's strdelim + argv_split do it

interface SplitLine {
  keyword: string
  /** Text after the keyword and its separator, unsplit. */
  rest: string
  args: string[]
}

function splitLine(raw: string, at: Location): SplitLine | null {
  const line = raw.replace(/[ \t\r\n\f]+$/, '').replace(/^[ \t]+/, '')
  if (line === '' || line.startsWith('#')) return null
  // `Key value`, `Key=value` and `Key = value` are all one form; only a single '=' is eaten.
  const m = /^([^ \t=]+)[ \t]*(?:=[ \t]*)?(.*)$/.exec(line)
  const keyword = (m?.[1] ?? '').toLowerCase()
  const rest = m?.[2] ?? ''
  if (rest === '') throw configError(at, `no value after "${m?.[1] ?? line}".`)
  const args = splitArgs(rest)
  if (args === null) throw configError(at, 'a quote is not closed.')
  if (args.length === 0) throw configError(at, `no value after "${m?.[1] ?? line}".`)
  return { keyword, rest, args }
}

/** Splits on blanks, honouring "double" and 'single' quotes, backslash escapes and `#` comments. */
function splitArgs(s: string): string[] | null {
  const args: string[] = []
  let i = 0
  while (i < s.length) {
    if (s[i] === ' ' || s[i] === '\t') {
      i++
      continue
    }
    if (s[i] === '#') break
    let arg = ''
    let quote = ''
    for (; i < s.length; i++) {
      const c = s[i] as string
      const next = s[i + 1]
      if (c === '\\' && next !== undefined && (`'"\\`.includes(next) || (!quote && next === ' '))) {
        arg += next
        i++
      } else if (!quote && (c === ' ' || c === '\t')) {
        break
      } else if (!quote && (c === '"' || c === "'")) {
        quote = c
      } else if (quote && c === quote) {
        quote = ''
      } else {
        arg += c
      }
    }
    if (quote) return null
    args.push(arg)
  }
  return args
}

function configError(at: Location, problem: string): PierError {
  return new PierError('invalid_input', `${at.file} line ${at.line}: ${problem}`, HINT)
}

function parsePortNumber(s: string): number | null {
  if (!/^[0-9]{1,5}$/.test(s)) return null
  const n = Number(s)
  return n >= 1 && n <= 65535 ? n : null
}

function parseFlag(s: string): boolean | null {
  const v = s.toLowerCase()
  if (v === 'yes' || v === 'true') return true
  if (v === 'no' || v === 'false') return false
  return null
}

// ---------------------------------------------------------------------------------------------
// Patterns

/** OpenSSH's match_pattern: `*` is any run of characters, `?` exactly one, case-sensitive. */
export function matchPattern(text: string, pattern: string): boolean {
  let t = 0
  let p = 0
  let starP = -1
  let starT = 0
  while (t < text.length) {
    if (p < pattern.length && (pattern[p] === '?' || pattern[p] === text[t])) {
      t++
      p++
    } else if (p < pattern.length && pattern[p] === '*') {
      starP = p++
      starT = t
    } else if (starP >= 0) {
      p = starP + 1
      t = ++starT
    } else {
      return false
    }
  }
  while (pattern[p] === '*') p++
  return p === pattern.length
}

/**
 * OpenSSH's match_hostname over a list of patterns (comma-separated, or already split): case-
 * insensitive, and one matching `!pattern` vetoes the list however many others match.
 */
export function matchHostList(host: string, patterns: string | readonly string[]): boolean {
  const list = typeof patterns === 'string' ? patterns.split(',') : patterns
  const name = host.toLowerCase()
  let matched = false
  for (const raw of list) {
    const negated = raw.startsWith('!')
    const pattern = (negated ? raw.slice(1) : raw).toLowerCase()
    if (!matchPattern(name, pattern)) continue
    if (negated) return false
    matched = true
  }
  return matched
}

// Host lines compare the alias exactly as typed, case included; it is a name the user made up.
function hostLineMatches(patterns: readonly string[], alias: string): boolean {
  let matched = false
  for (const raw of patterns) {
    const negated = raw.startsWith('!')
    if (!matchPattern(alias, negated ? raw.slice(1) : raw)) continue
    if (negated) return false
    matched = true
  }
  return matched
}

function guardMatches(guard: SshConfigGuard, alias: string, hostName: string): boolean {
  if (guard.kind === 'never') return false
  if (guard.kind === 'host') return hostLineMatches(guard.patterns, alias)
  return guard.criteria.every((c) => {
    const hit =
      c.attribute === 'all' || matchHostList(c.attribute === 'host' ? hostName : alias, c.patterns)
    return hit !== c.negated
  })
}

/** Aliases a user could type after `ssh`: Host patterns with no wildcard and no negation. */
export function listImportableHosts(config: SshConfig): string[] {
  const seen = new Set<string>()
  for (const step of config.steps) {
    if (step.kind !== 'guard' || step.guard.kind !== 'host') continue
    const { patterns } = step.guard
    for (const p of patterns) {
      if (/[*?]/.test(p) || p.startsWith('!')) continue
      // `Host db !db` can never be reached, so it is not offered.
      if (hostLineMatches(patterns, p)) seen.add(p)
    }
  }
  return [...seen]
}

// ---------------------------------------------------------------------------------------------
// Resolution

interface Obtained extends Location {
  value: string
}

interface ResolveState {
  // First obtained value per keyword: ssh never lets a later line override an earlier one.
  first: Map<string, Obtained>
  // Raw IdentityFile values; ssh drops exact repeats before expanding them.
  identityFiles: string[]
}

/** What `ssh <alias>` would use, from the settings this module understands. */
export function resolveHost(config: SshConfig, alias: string): ResolvedHost {
  const state: ResolveState = { first: new Map(), identityFiles: [] }
  const active = new Map<number, boolean>()
  for (const step of config.steps) {
    if (step.kind === 'guard') {
      active.set(step.id, guardMatches(step.guard, alias, obtainedHostName(state, alias)))
    } else if (step.guards.every((id) => active.get(id) === true)) {
      obtain(state, step)
    }
  }
  return finish(config, alias, state)
}

function obtain(state: ResolveState, step: SshConfigStep & { kind: 'option' }): void {
  const value = step.args[0] ?? ''
  const at = { file: step.file, line: step.line, value }
  if (step.keyword === 'identityfile') {
    if (!state.identityFiles.includes(value)) state.identityFiles.push(value)
    return
  }
  if (step.keyword === 'proxyjump') {
    obtainProxyJump(state, at)
    return
  }
  if (!state.first.has(step.keyword)) state.first.set(step.keyword, at)
}

// ProxyJump and ProxyCommand share one slot in ssh: whichever comes first wins, and a real
// ProxyJump records "ProxyCommand none" so a later ProxyCommand cannot apply. `ProxyJump none`
// does not fill the slot, so a later ProxyCommand still can.
function obtainProxyJump(state: ResolveState, at: Obtained): void {
  if (state.first.has('proxyjump') || state.first.has('proxycommand')) return
  state.first.set('proxyjump', at)
  if (at.value.toLowerCase() !== 'none') state.first.set('proxycommand', { ...at, value: 'none' })
}

function obtainedHostName(state: ResolveState, alias: string): string {
  const raw = state.first.get('hostname')?.value ?? alias
  return expandTokens(raw, { h: alias }).text.toLowerCase()
}

function finish(config: SshConfig, alias: string, state: ResolveState): ResolvedHost {
  const warnings: string[] = []
  const get = (k: string): Obtained | undefined => state.first.get(k)
  const hostName = expandHostName(alias, get('hostname'), warnings)
  const port = parsePortNumber(get('port')?.value ?? '') ?? DEFAULT_PORT
  const user = get('user')?.value ?? config.user
  const tokens = { h: hostName, r: user, u: config.user, d: config.home, n: alias, p: `${port}` }
  const identityFiles = state.identityFiles.map((f) =>
    expandIdentityFile(f, tokens, config.home, alias, warnings)
  )
  const jump = get('proxyjump')?.value
  const resolved: ResolvedHost = {
    alias,
    hostName,
    port,
    user,
    identityFiles,
    proxyJump: jump && jump.toLowerCase() !== 'none' ? jump : null,
    warnings
  }
  const identitiesOnly = parseFlag(get('identitiesonly')?.value ?? '')
  if (identitiesOnly !== null) resolved.identitiesOnly = identitiesOnly
  warnings.push(...unsupportedWarnings(alias, state))
  return resolved
}

function expandHostName(alias: string, got: Obtained | undefined, warnings: string[]): string {
  if (!got) return alias.toLowerCase()
  const { text, unknown } = expandTokens(got.value, { h: alias })
  if (unknown.length > 0) {
    warnings.push(`${alias}: HostName (${where(got)}) has ${unknown.join(', ')}, left as written.`)
  }
  // ssh lowercases the name it connects to; known_hosts lookups depend on that.
  return text.toLowerCase()
}

function expandIdentityFile(
  raw: string,
  tokens: Record<string, string>,
  home: string,
  alias: string,
  warnings: string[]
): string {
  // ssh expands a leading ~ before tokens; doing it to the prefix alone keeps a `%` in the home
  // path from being read as a token.
  const tilde = /^~[^/\\]*/.exec(raw)?.[0] ?? ''
  const expandedHome = tilde ? expandTilde(tilde, home) : ''
  if (expandedHome === null) {
    warnings.push(`${alias}: IdentityFile ${raw} names another user's home, left as written.`)
  }
  const { text, unknown } = expandTokens(raw.slice(tilde.length), tokens)
  if (unknown.length > 0) {
    warnings.push(`${alias}: IdentityFile ${raw} has ${unknown.join(', ')}, left as written.`)
  }
  if (text.includes('${')) {
    warnings.push(`${alias}: IdentityFile ${raw} uses an environment variable, left as written.`)
  }
  return (expandedHome ?? tilde) + text
}

/** Replaces `%x` tokens; `%%` is a literal percent. Unknown tokens stay as written. */
function expandTokens(
  s: string,
  tokens: Record<string, string>
): { text: string; unknown: string[] } {
  let text = ''
  const unknown: string[] = []
  for (let i = 0; i < s.length; i++) {
    const c = s[i] as string
    const key = s[i + 1]
    if (c !== '%') {
      text += c
    } else if (key === '%') {
      text += '%'
      i++
    } else if (key !== undefined && Object.hasOwn(tokens, key)) {
      text += tokens[key]
      i++
    } else {
      text += c
      unknown.push(key === undefined ? 'a trailing %' : `%${key}`)
    }
  }
  return { text, unknown }
}

function unsupportedWarnings(alias: string, state: ResolveState): string[] {
  const out: string[] = []
  for (const [keyword, { name, effect }] of Object.entries(UNSUPPORTED)) {
    const got = state.first.get(keyword)
    if (!got || INERT_VALUES.has(got.value.toLowerCase())) continue
    out.push(`${alias}: ${name} (${where(got)}) is not supported and is ignored; ${effect}.`)
  }
  return out
}

function where(at: Location): string {
  return `${at.file} line ${at.line}`
}

// ---------------------------------------------------------------------------------------------
// ProxyJump

/** The hops of a ProxyJump value, first hop first; `none` is no hops. */
export function parseProxyJump(value: string): ProxyJumpHop[] {
  if (value.toLowerCase() === 'none') return []
  const hops = value.split(',').map(parseHop)
  const problem = hops.find((h): h is string => typeof h === 'string')
  if (problem !== undefined) {
    throw new PierError(
      'invalid_input',
      `ProxyJump "${value}" is not valid: ${problem}.`,
      'Write each hop as [user@]host[:port], separated by commas.'
    )
  }
  return hops as ProxyJumpHop[]
}

function proxyJumpProblem(value: string): string | null {
  if (value.toLowerCase() === 'none') return null
  const problem = value
    .split(',')
    .map(parseHop)
    .find((h) => typeof h === 'string')
  return typeof problem === 'string' ? problem : null
}

function parseHop(hop: string): ProxyJumpHop | string {
  if (hop.startsWith('ssh://')) return parseSshUri(hop)
  // The last '@' splits, as in ssh, so a user name may itself contain one.
  const at = hop.lastIndexOf('@')
  const user = at >= 0 ? hop.slice(0, at) : undefined
  if (user === '') return `"${hop}" has an empty user`
  const hostPort = splitHostPort(at >= 0 ? hop.slice(at + 1) : hop)
  if (typeof hostPort === 'string') return `"${hop}" ${hostPort}`
  return user === undefined ? hostPort : { user, ...hostPort }
}

function parseSshUri(hop: string): ProxyJumpHop | string {
  const body = hop.slice('ssh://'.length)
  const at = body.indexOf('@')
  let user: string | undefined
  if (at >= 0) {
    // `;key=value` parameters after the user name are legal in ssh URIs and not needed here.
    const encoded = body.slice(0, at).split(';')[0] ?? ''
    try {
      user = decodeURIComponent(encoded)
    } catch {
      return `"${hop}" has a badly encoded user`
    }
    if (user === '') return `"${hop}" has an empty user`
  }
  const rest = at >= 0 ? body.slice(at + 1) : body
  if (rest.includes('/')) return `"${hop}" has a path, which a jump host cannot use`
  const hostPort = splitHostPort(rest)
  if (typeof hostPort === 'string') return `"${hop}" ${hostPort}`
  return user === undefined ? hostPort : { user, ...hostPort }
}

// `host`, `host:port`, `[v6 or host]` or `[v6 or host]:port`; ssh also accepts '/' for ':'.
function splitHostPort(s: string): { host: string; port?: number } | string {
  let host: string
  let port: string | null = null
  if (s.startsWith('[')) {
    const close = s.indexOf(']')
    if (close < 0) return 'is missing "]"'
    host = s.slice(1, close)
    const after = s.slice(close + 1)
    if (after !== '') {
      if (after[0] !== ':' && after[0] !== '/') return 'has text after "]"'
      port = after.slice(1)
    }
  } else {
    const sep = s.search(/[:/]/)
    host = sep < 0 ? s : s.slice(0, sep)
    if (sep >= 0) port = s.slice(sep + 1)
  }
  if (host === '') return 'has no host'
  if (port === null) return { host }
  const n = parsePortNumber(port)
  return n === null ? `has a bad port "${port}"` : { host, port: n }
}
