// Runs in: main, CLI, headless server (pure).
// A stack's env file, in Docker's own env-file format (what `docker run --env-file` and a
// compose `env_file:` read): one KEY=VALUE per line, the value literal to the end of the line.
// Quotes, "#", "$" and spaces in a value are part of it; nothing is unquoted or interpolated. A
// line starting with "#" is a comment. A value cannot hold a newline: the format has no escape
// for one, so such a value is refused rather than cut.
import { envKey } from '../apps/model'
import { PierError } from '../errors'

export type EnvMap = Record<string, string>

const bad = (line: number, why: string): PierError =>
  new PierError(
    'invalid_input',
    `Env file line ${line}: ${why}`,
    'Write one KEY=VALUE per line (KEY: letters, digits, "_"); lines starting with # are comments.'
  )

export function parseEnvFile(text: string): EnvMap {
  const env: EnvMap = {}
  const lines = text.replace(/\r\n/g, '\n').split('\n')
  lines.forEach((raw, i) => {
    const line = raw.replace(/^\s+/, '')
    if (line === '' || line.startsWith('#')) return
    const body = line.startsWith('export ') ? line.slice(7).replace(/^\s+/, '') : line
    const eq = body.indexOf('=')
    if (eq === -1) throw bad(i + 1, `"${body.slice(0, 40)}" has no "=".`)
    const key = envKey.safeParse(body.slice(0, eq))
    if (!key.success)
      throw bad(i + 1, key.error.issues[0]?.message ?? `"${body.slice(0, eq)}" is not a name.`)
    const value = body.slice(eq + 1)
    if (value.includes('\0')) throw bad(i + 1, 'a value cannot contain a NUL byte.')
    env[key.data] = value
  })
  return env
}

/** Writes the map back in the same format; refuses what the format cannot carry. */
export function formatEnvFile(env: Readonly<EnvMap>): string {
  return Object.entries(env)
    .map(([k, v]) => {
      const key = envKey.safeParse(k)
      if (!key.success)
        throw new PierError(
          'invalid_input',
          `"${k.slice(0, 40)}" is not an environment variable name.`,
          'Use letters, digits and "_", not starting with a digit (PIER_ is reserved).'
        )
      if (/[\r\n\0]/.test(v))
        throw new PierError(
          'invalid_input',
          `The value of ${k} spans lines (or holds a NUL byte); an env file has one line per variable.`,
          'Put multi-line content in a file (a template mount) and point the variable at it.'
        )
      return `${k}=${v}\n`
    })
    .join('')
}
