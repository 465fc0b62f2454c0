// Runs in: main, CLI, headless server.
// The one quoting path for anything that reaches a remote shell. ssh exec has no argv: the remote
// login shell parses a string, so every command is built as an argv array and rendered here.
// The rendering is POSIX sh quoting; a server whose login shell is csh/fish gets its commands
// wrapped in `sh -c` by the exec layer, never different quoting.
import { PierError } from '../errors'

// No '=': a bare `A=b` first on a line is an assignment, not a command.
const SAFE = /^[A-Za-z0-9_./:@%+,-]+$/

/** Quotes one word for a POSIX shell. Safe words stay bare so logs stay readable. */
export function shQuote(word: string): string {
  if (word.includes('\0')) {
    throw new PierError(
      'unsafe_value',
      'A value sent to the server contains a NUL byte.',
      'Remove the NUL character; a shell cannot carry it.'
    )
  }
  if (word !== '' && SAFE.test(word)) return word
  return `'${word.replace(/'/g, `'\\''`)}'`
}

/** Renders an argv array as one command line, each element quoted. */
export function shJoin(argv: readonly string[]): string {
  if (argv.length === 0) throw new Error('shJoin: empty command')
  return argv.map(shQuote).join(' ')
}

/** Names of things Pier creates on servers (apps, databases, volumes, servers). */
const NAME = /^[a-z0-9][a-z0-9_.-]{0,62}$/

export function validateName(kind: string, value: string): string {
  if (!NAME.test(value) || value.includes('..')) {
    throw new PierError(
      'invalid_input',
      `${kind} name ${JSON.stringify(value.length > 80 ? value.slice(0, 80) + '…' : value)} is not allowed.`,
      `Use 1-63 lowercase letters, digits, ".", "_" or "-", starting with a letter or digit.`
    )
  }
  return value
}
