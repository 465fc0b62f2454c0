// Runs in: main, CLI, headless server.
// Reads the output of remote-scripts/check.sh (readiness.ts turns it into the checklist). The script's lines are untrusted text from a server: every fact is validated against the
// shape the script promises, anything else is reported (never evaluated), and a missing "done"
// line means the script was cut off.
import { z } from 'zod'

export const CHECK_SCRIPT = 'check.sh'

export type DockerAccess = 'yes' | 'no-permission' | 'no-engine' | 'no-docker'
export type DockerGroup = 'active' | 'next-login' | 'no'
export type SwarmState = 'inactive' | 'pending' | 'active' | 'error' | 'locked' | 'unknown'
export type SwarmRole = 'manager' | 'worker' | 'none' | 'unknown'
export type PortState = 'free' | 'in-use' | 'unknown'

export interface DiskSpace {
  totalKb: number | null
  freeKb: number | null
}

export interface ServerCheck {
  os: string
  osId: string | null
  osIdLike: string[]
  osVersion: string | null
  arch: string
  kernel: string
  user: string
  uid: number | null
  cpus: number | null
  memory: { totalKb: number | null; swapKb: number | null }
  disk: { root: DiskSpace; docker: (DiskSpace & { path: string }) | null }
  docker: {
    cli: string | null
    version: string | null
    apiVersion: string | null
    access: DockerAccess
    error: string | null
    group: DockerGroup
  }
  swarm: { state: SwarmState; role: SwarmRole }
  sudo: 'yes' | 'no' | 'missing'
  cron: { crontab: boolean; daemon: 'running' | 'stopped' | 'unknown' }
  flock: boolean
  ports: { 80: PortState; 443: PortState }
  portsSource: 'ss' | 'proc' | 'none'
  serverTime: number | null
  init: 'systemd' | 'other'
}

export class ServerCheckError extends Error {}

const MAX_LINES = 200
const factLine = z.object({
  fact: z.string().regex(/^[a-z][a-z0-9_]{0,40}$/),
  value: z.string().max(4096)
})
const doneLine = z.object({ done: z.literal(true) })

// What each fact may hold. The script is bundled with this parser, so a fact outside this table,
// or missing from the output, means the output is not check.sh's.
const text = { kind: 'text' } as const
const num = { kind: 'number' } as const
const version = { kind: 'version' } as const
const oneOf = <T extends string>(...values: T[]) => ({ kind: 'enum', values }) as const
const FACTS = {
  os: text,
  os_id: text,
  os_id_like: text,
  os_version: text,
  arch: text,
  kernel: text,
  user: text,
  uid: num,
  cpus: num,
  mem_total_kb: num,
  swap_total_kb: num,
  disk_total_kb: num,
  disk_free_kb: num,
  docker_cli: version,
  docker_access: oneOf('yes', 'no-permission', 'no-engine', 'no-docker'),
  docker_version: version,
  docker_api_version: version,
  docker_error: text,
  docker_group: oneOf('active', 'next-login', 'no'),
  docker_root: text,
  docker_disk_total_kb: num,
  docker_disk_free_kb: num,
  swarm_state: oneOf('inactive', 'pending', 'active', 'error', 'locked', 'unknown'),
  swarm_role: oneOf('manager', 'worker', 'none', 'unknown'),
  sudo: oneOf('yes', 'no', 'missing'),
  crontab: oneOf('yes', 'no'),
  cron_daemon: oneOf('running', 'stopped', 'unknown'),
  flock: oneOf('yes', 'no'),
  ports_source: oneOf('ss', 'proc', 'none'),
  port_80: oneOf('free', 'in-use', 'unknown'),
  port_443: oneOf('free', 'in-use', 'unknown'),
  server_time: num,
  init: oneOf('systemd', 'other')
} as const
type FactName = keyof typeof FACTS

const NUMBER = /^\d{1,15}$/
const VERSION = /^[0-9A-Za-z][0-9A-Za-z.+~:_-]{0,63}$/

function checkValue(name: FactName, value: string): void {
  const spec = FACTS[name]
  const ok =
    spec.kind === 'text' ||
    (spec.kind === 'number' && (value === 'unknown' || NUMBER.test(value))) ||
    (spec.kind === 'version' && (value === '' || VERSION.test(value))) ||
    (spec.kind === 'enum' && (spec.values as readonly string[]).includes(value))
  if (!ok) throw new ServerCheckError(`fact ${name} has an unexpected value: ${value.slice(0, 80)}`)
}

function readLines(output: string): Record<FactName, string> {
  const raw: Partial<Record<FactName, string>> = {}
  const lines = output.split('\n')
  if (lines.length > MAX_LINES) throw new ServerCheckError(`more than ${MAX_LINES} lines of output`)
  let done = false
  lines.forEach((line, i) => {
    if (line.trim() === '') return
    if (done) throw new ServerCheckError(`line ${i + 1} comes after the "done" line`)
    let json: unknown
    try {
      json = JSON.parse(line)
    } catch {
      throw new ServerCheckError(`line ${i + 1} is not JSON: ${line.slice(0, 80)}`)
    }
    if (doneLine.safeParse(json).success) {
      done = true
      return
    }
    const parsed = factLine.safeParse(json)
    if (!parsed.success)
      throw new ServerCheckError(`line ${i + 1} is not a fact: ${line.slice(0, 80)}`)
    const { fact, value } = parsed.data
    if (!Object.hasOwn(FACTS, fact)) throw new ServerCheckError(`unknown fact ${fact}`)
    if (Object.hasOwn(raw, fact)) throw new ServerCheckError(`fact ${fact} is repeated`)
    checkValue(fact as FactName, value)
    raw[fact as FactName] = value
  })
  if (!done) throw new ServerCheckError('the check did not finish (no "done" line)')
  const missing = (Object.keys(FACTS) as FactName[]).filter((k) => !Object.hasOwn(raw, k))
  if (missing.length > 0) throw new ServerCheckError(`the check left out: ${missing.join(', ')}`)
  return raw as Record<FactName, string>
}

/** Parses check.sh's output; throws ServerCheckError on anything it did not print. */
export function parseCheck(output: string): ServerCheck {
  const raw = readLines(output)
  const n = (k: FactName): number | null => (raw[k] === 'unknown' ? null : Number(raw[k]))
  const blank = (k: FactName): string | null => (raw[k] === '' ? null : raw[k])
  const cli = raw.docker_cli === 'missing' ? null : blank('docker_cli')
  const pick = <T extends string>(k: FactName) => raw[k] as T
  return {
    os: raw.os,
    osId: blank('os_id'),
    osIdLike: raw.os_id_like.split(/\s+/).filter(Boolean),
    osVersion: blank('os_version'),
    arch: raw.arch,
    kernel: raw.kernel,
    user: raw.user,
    uid: n('uid'),
    cpus: n('cpus'),
    memory: { totalKb: n('mem_total_kb'), swapKb: n('swap_total_kb') },
    disk: {
      root: { totalKb: n('disk_total_kb'), freeKb: n('disk_free_kb') },
      docker:
        raw.docker_root === ''
          ? null
          : {
              path: raw.docker_root,
              totalKb: n('docker_disk_total_kb'),
              freeKb: n('docker_disk_free_kb')
            }
    },
    docker: {
      cli: cli,
      version: blank('docker_version'),
      apiVersion: blank('docker_api_version'),
      access: pick('docker_access'),
      error: blank('docker_error'),
      group: pick('docker_group')
    },
    swarm: { state: pick('swarm_state'), role: pick('swarm_role') },
    sudo: pick('sudo'),
    cron: { crontab: raw.crontab === 'yes', daemon: pick('cron_daemon') },
    flock: raw.flock === 'yes',
    ports: { 80: pick('port_80'), 443: pick('port_443') },
    portsSource: pick('ports_source'),
    serverTime: n('server_time'),
    init: pick('init')
  }
}
