// Runs in: CLI.
// Splits argv into the command words, the global flags (--json, --home) and the command's own
// --flags. Pure, so it is unit-tested without spawning the CLI.

export interface ParsedArgs {
  words: string[]
  json: boolean
  home?: string
  help: boolean
  version: boolean
  /** Repeatable flags (`--env A=1 --env B=2`) collect their values in order. */
  flags: Record<string, string | boolean | string[]>
}

export class UsageError extends Error {}

/**
 * `isBoolean(name)` says which command flags never take a value, so `--follow server` is not
 * read as `--follow=server`. Other flags take the next argument (or `--name=value`).
 */
export function parseArgs(
  argv: readonly string[],
  isBoolean: (name: string) => boolean = () => false,
  isRepeatable: (name: string) => boolean = () => false
): ParsedArgs {
  const out: ParsedArgs = { words: [], json: false, help: false, version: false, flags: {} }
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string
    if (arg === '--') {
      out.words.push(...argv.slice(i + 1))
      break
    }
    if (!arg.startsWith('--')) {
      if (arg === '-h') out.help = true
      else if (arg.startsWith('-') && arg.length > 1)
        throw new UsageError(`unknown option "${arg}"`)
      else out.words.push(arg)
      continue
    }
    const eq = arg.indexOf('=')
    const name = eq === -1 ? arg.slice(2) : arg.slice(2, eq)
    const inline = eq === -1 ? undefined : arg.slice(eq + 1)
    if (!/^[a-z][a-z0-9-]*$/.test(name))
      throw new UsageError(`malformed option "${arg.slice(0, 40)}"`)
    const takeValue = (): string => {
      if (inline !== undefined) return inline
      const next = argv[i + 1]
      if (next === undefined || next.startsWith('--'))
        throw new UsageError(`--${name} needs a value`)
      i++
      return next
    }
    switch (name) {
      case 'json':
        out.json = true
        break
      case 'help':
        out.help = true
        break
      case 'version': {
        // `pier db create … --version 16` names an image version; a bare --version (or one
        // before any command word) asks for Pier's own.
        const next = argv[i + 1]
        if (
          out.words.length > 0 &&
          (inline !== undefined || (next !== undefined && !next.startsWith('--')))
        )
          out.flags.version = takeValue()
        else out.version = true
        break
      }
      case 'home': {
        const home = takeValue()
        if (home.trim() === '') throw new UsageError('--home needs a folder')
        out.home = home
        break
      }
      default:
        if (isBoolean(name)) {
          if (inline !== undefined && inline !== 'true' && inline !== 'false') {
            throw new UsageError(`--${name} takes no value`)
          }
          out.flags[name] = inline === undefined || inline === 'true'
        } else if (isRepeatable(name)) {
          const prev = out.flags[name]
          out.flags[name] = [...(Array.isArray(prev) ? prev : []), takeValue()]
        } else out.flags[name] = takeValue()
    }
  }
  return out
}

/** `--dry-run` → `dryRun`: flags are kebab-case, contract fields camelCase. */
export function flagsToInput(
  flags: Record<string, string | boolean | string[]>
): Record<string, unknown> {
  const input: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(flags)) {
    input[k.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase())] = v
  }
  return input
}
