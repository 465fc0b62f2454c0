// Runs in: main, CLI, headless server.
// Reads what remote-scripts/app-releases.sh prints: "current N", "release <json>", "pruned N".
import { releaseSchema, type Release } from './model'

export class ReleaseListError extends Error {}

export function parseReleases(text: string): Release[] {
  let current: number | null = null
  const pruned = new Set<number>()
  const raw: unknown[] = []
  for (const line of text.split('\n')) {
    if (line === '') continue
    const sp = line.indexOf(' ')
    const word = sp === -1 ? line : line.slice(0, sp)
    const rest = sp === -1 ? '' : line.slice(sp + 1)
    if (word === 'current') current = Number(rest)
    else if (word === 'pruned') pruned.add(Number(rest))
    else if (word === 'release') {
      try {
        raw.push(JSON.parse(rest))
      } catch {
        throw new ReleaseListError(`unreadable release record: ${rest.slice(0, 80)}`)
      }
    } else throw new ReleaseListError(`unexpected line: ${line.slice(0, 80)}`)
  }
  return raw
    .map((r) => {
      const o = r as { number?: unknown }
      const n = typeof o.number === 'number' ? o.number : -1
      const parsed = releaseSchema.safeParse({
        ...o,
        pruned: pruned.has(n),
        current: n === current
      })
      if (!parsed.success)
        throw new ReleaseListError(`release ${n}: ${parsed.error.issues[0]?.message ?? 'invalid'}`)
      return parsed.data
    })
    .sort((a, b) => b.number - a.number)
}
