// Runs in: main, CLI, headless server.
// Reads the output of remote-scripts/host-facts.sh. The script's lines are untrusted text from a
// server: anything malformed is reported, never evaluated, and a missing "done" line means the
// script was cut off.
import { z } from 'zod'

export const HOST_FACTS_SCRIPT = 'host-facts.sh'

const factLine = z.object({
  fact: z.string().regex(/^[a-z][a-z0-9_-]{0,40}$/),
  value: z.string().max(4096)
})
const doneLine = z.object({ done: z.literal(true) })

export interface HostFacts {
  os: string
  kernel: string
  arch: string
  hostname: string
  user: string
  uid: number
  dockerCli: string | null
  dockerSocket: 'accessible' | 'denied' | 'missing' | 'unknown'
  tools: Record<string, boolean>
  memTotalKb: number
  cpus: number
  diskFreeKb: number
  raw: Record<string, string>
}

export class HostFactsError extends Error {}

export function parseHostFacts(output: string): HostFacts {
  const raw: Record<string, string> = {}
  let done = false
  output.split('\n').forEach((line, i) => {
    if (line.trim() === '') return
    let json: unknown
    try {
      json = JSON.parse(line)
    } catch {
      throw new HostFactsError(`line ${i + 1} is not JSON: ${line.slice(0, 80)}`)
    }
    if (doneLine.safeParse(json).success) {
      done = true
      return
    }
    const fact = factLine.safeParse(json)
    if (!fact.success) throw new HostFactsError(`line ${i + 1} is not a fact: ${line.slice(0, 80)}`)
    raw[fact.data.fact] = fact.data.value
  })
  if (!done) throw new HostFactsError('the script did not finish (no "done" line)')

  const num = (k: string): number => {
    const n = Number(raw[k])
    return Number.isFinite(n) ? n : 0
  }
  const tools: Record<string, boolean> = {}
  for (const [k, v] of Object.entries(raw))
    if (k.startsWith('tool_')) tools[k.slice(5)] = v === 'yes'
  const socket = raw.docker_socket
  return {
    os: raw.os ?? 'unknown',
    kernel: raw.kernel ?? 'unknown',
    arch: raw.arch ?? 'unknown',
    hostname: raw.hostname ?? '',
    user: raw.user ?? '',
    uid: num('uid'),
    dockerCli: raw.docker_cli && raw.docker_cli !== 'missing' ? raw.docker_cli : null,
    dockerSocket:
      socket === 'accessible' || socket === 'denied' || socket === 'missing' ? socket : 'unknown',
    tools,
    memTotalKb: num('mem_total_kb'),
    cpus: num('cpus'),
    diskFreeKb: num('disk_free_kb'),
    raw
  }
}
