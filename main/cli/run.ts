// Runs in: CLI (`pier` under plain Node, or the packaged app's `pier` launcher under Electron).
// The same API contract as the desktop app, from a terminal.
// Exit codes: 0 success, 1 a failed command, 2 a usage error. Errors go to stderr as one line
// with a hint; with --json the error envelope is also printed on stdout for scripts.
import fs from 'node:fs'
import path from 'node:path'
import { createCore, type Core } from '../core/core'
import type { WireError } from '../core/errors'
import { createHandlers } from '../api/router'
import { dispatchCall, dispatchStream, toWireError } from '../api/dispatch'
import { contract } from '../api/contract'
import { startHeadless } from '../headless/server'
import { sshCommand } from './ssh'
import { flagsToInput, parseArgs, UsageError, type ParsedArgs } from './args'
import {
  flagsOf,
  helpText,
  isBooleanFlag,
  isRepeatableFlag,
  methodFor,
  commandLength,
  argsUsage,
  RAW_STREAMS,
  renderHuman
} from './commands'
import { readSecretValues } from './secret-values'
import { version } from '../../package.json'
import { confirmOnTty } from './confirm'

// The bundler may put this code in out/main/ or in out/main/chunks/; the renderer is out/renderer.
const rendererDir = (): string =>
  process.env.PIER_RENDERER_DIR ??
  [path.join(__dirname, '../renderer'), path.join(__dirname, '../../renderer')].find((d) =>
    fs.existsSync(path.join(d, 'index.html'))
  ) ??
  path.join(__dirname, '../renderer')

function fail(err: WireError, json: boolean, exitCode = 1): number {
  if (json) process.stdout.write(JSON.stringify({ error: err }) + '\n')
  process.stderr.write(
    `pier: ${err.message.replace(/\s+/g, ' ')} (hint: ${err.hint.replace(/\s+/g, ' ')})\n`
  )
  return exitCode
}

function usage(message: string, json: boolean): number {
  return fail(
    { code: 'invalid_input', message, hint: 'Run `pier --help` for the commands and options.' },
    json,
    2
  )
}

const SERVE_FLAGS = ['port']

async function serve(core: Core, args: ParsedArgs): Promise<number> {
  const server = await startHeadless({
    handlers: createHandlers(core),
    rendererDir: rendererDir(),
    port: Number(args.flags.port ?? 0)
  })
  const { url, origin, port, token } = server
  process.stdout.write(
    args.json
      ? JSON.stringify({ url, origin, port, token }) + '\n'
      : `Pier is serving on ${url}\nOnly this machine can reach it, and only with the token. Ctrl-C stops it.\n`
  )
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve)
    process.once('SIGTERM', resolve)
  })
  await server.close()
  return 0
}

async function readStdinSecret(): Promise<string> {
  const chunks: Buffer[] = []
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer)
  // One trailing newline is how `echo` and here-strings end a line, not part of the secret.
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '')
}

/** Checks a command's flags before anything runs; returns a usage message or null. */
function checkFlags(
  flags: ParsedArgs['flags'],
  allowed: readonly string[],
  command: string
): string | null {
  const unknown = Object.keys(flags).filter((f) => !allowed.includes(f))
  if (unknown.length === 0) return null
  const accepted = allowed.length
    ? `it accepts ${allowed.map((f) => `--${f}`).join(', ')}`
    : 'it takes no options'
  return `"${command}" does not know --${unknown[0]}; ${accepted}`
}

export async function run(argv: readonly string[]): Promise<number> {
  const json = argv.includes('--json')
  let args: ParsedArgs
  try {
    args = parseArgs(argv, isBooleanFlag, isRepeatableFlag)
  } catch (err) {
    if (err instanceof UsageError) return usage(err.message, json)
    throw err
  }
  if (args.version) {
    process.stdout.write(args.json ? JSON.stringify({ version }) + '\n' : `${version}\n`)
    return 0
  }
  if (args.help || args.words.length === 0 || args.words[0] === 'help') {
    process.stdout.write(helpText(version) + '\n')
    return args.words.length === 0 && !args.help ? 2 : 0
  }

  const command = args.words.join(' ').slice(0, 80)
  if (args.words[0] === 'ssh') {
    if (args.words.length !== 2) return usage('"ssh" takes exactly SERVER', args.json)
    const flagProblem = checkFlags(args.flags, [], command)
    if (flagProblem) return usage(flagProblem, args.json)
    let core: Core
    try {
      core = createCore({ home: args.home })
    } catch (err) {
      return fail(toWireError(err), args.json)
    }
    try {
      return await sshCommand(core, args.words[1] as string)
    } catch (err) {
      fail(toWireError(err), args.json)
      return 255
    } finally {
      core.close()
    }
  }
  const isServe = args.words[0] === 'serve' && args.words.length === 1
  const method = isServe ? undefined : methodFor(args.words)
  if (!isServe && !method) return usage(`unknown command "${command}"`, args.json)
  const spec = method ? flagsOf(method) : undefined
  const named = commandLength(args.words)
  const positional = args.words.slice(named)
  if (spec && (positional.length < spec.requiredArgs || positional.length > spec.args.length)) {
    const want = argsUsage(spec).trim()
    const exactly = spec.requiredArgs === spec.args.length ? 'exactly ' : ''
    return usage(
      `"${args.words.slice(0, named).join(' ')}" takes ${want ? `${exactly}${want}` : 'no further words'}, got ${positional.length} word(s)`,
      args.json
    )
  }
  const flagProblem = checkFlags(args.flags, spec ? spec.names : SERVE_FLAGS, command)
  if (flagProblem) return usage(flagProblem, args.json)
  if (isServe && args.flags.port !== undefined) {
    const port = Number(args.flags.port)
    if (
      typeof args.flags.port !== 'string' ||
      !Number.isInteger(port) ||
      port < 0 ||
      port > 65535
    ) {
      return usage('--port must be a number from 0 to 65535', args.json)
    }
  }
  if (method === 'app.create') {
    const sources = ['image', 'git', 'dir'].filter((f) => args.flags[f] !== undefined)
    if (sources.length !== 1)
      return usage(
        `an app needs exactly one source: --image IMG, --git URL or --dir PATH (got ${sources.length ? sources.map((f) => `--${f}`).join(' and ') : 'none'})`,
        args.json
      )
  }
  // A folder is kept as an absolute path: the app is deployed later, from anywhere.
  if (
    (method === 'app.create' || method === 'app.update') &&
    typeof args.flags.dir === 'string' &&
    args.flags.dir !== ''
  )
    args.flags.dir = path.resolve(args.flags.dir)
  // A flag that repeats for some command is read as a list; elsewhere it must be single.
  for (const [f, v] of Object.entries(args.flags)) {
    if (!Array.isArray(v) || spec?.repeatable.has(f)) continue
    if (v.length > 1) return usage(`--${f} can be given only once`, args.json)
    args.flags[f] = v[0] as string
  }
  const stdinFlags = spec ? Object.keys(args.flags).filter((f) => spec.stdin.has(f)) : []
  if (stdinFlags.length > 1)
    return usage('only one --*-stdin option can read standard input at a time', args.json)

  let core: Core
  try {
    core = createCore({ home: args.home })
  } catch (err) {
    return fail(toWireError(err), args.json)
  }
  try {
    if (isServe || !method) {
      // A served UI is an app like the window: it keeps local copies of running jobs, and pulls
      // new backups of auto-pull databases when their servers connect.
      core.jobTracker.start()
      core.autoPull.start()
      return await serve(core, args)
    }
    const input = flagsToInput(
      Object.fromEntries(Object.entries(args.flags).filter(([f]) => !spec?.stdin.has(f)))
    )
    spec?.args.forEach((field, i) => (input[field] = positional[i]))
    const named = spec?.secretValues
    const names = named ? input[named.names] : undefined
    if (named && Array.isArray(names) && names.length > 0) {
      // Secret values come from standard input or a hidden prompt, never from argv.
      input[named.values] = await readSecretValues(names as string[])
    }
    for (const flag of stdinFlags) {
      const field = spec?.stdin.get(flag)
      // Secrets come from standard input so they never show in `ps` or the shell history.
      if (field && args.flags[flag] === true) input[field] = await readStdinSecret()
    }
    if (method === 'backup.restore' && input.yes !== true && input.into === undefined) {
      input.yes = await confirmOnTty(
        `Replace the data of ${String(input.db)} with ${String(input.from)}? A safety backup is taken first.`
      )
    }
    const handlers = createHandlers(core)
    if (contract[method].kind === 'stream') {
      const controller = new AbortController()
      process.once('SIGINT', () => controller.abort())
      const ctx = { transport: 'cli' as const, signal: controller.signal }
      const raw = args.json ? undefined : RAW_STREAMS.get(method)
      for await (const value of dispatchStream(handlers, method, input, ctx)) {
        if (raw) {
          const out = raw(value)
          if (out.stdout) process.stdout.write(out.stdout)
          if (out.stderr) process.stderr.write(out.stderr)
        } else
          process.stdout.write(
            args.json ? JSON.stringify(value) + '\n' : renderHuman(method, value) + '\n\n'
          )
      }
      return 0
    }
    const ctx = { transport: 'cli' as const, signal: new AbortController().signal }
    const output = await dispatchCall(handlers, method, input, ctx)
    process.stdout.write(
      (args.json ? JSON.stringify(output, null, 2) : renderHuman(method, output)) + '\n'
    )
    return 0
  } catch (err) {
    return fail(toWireError(err), args.json)
  } finally {
    core.close()
  }
}

/** Runs the CLI and returns its exit code; never throws. */
export function main(argv: readonly string[]): Promise<number> {
  return run(argv).catch((err: unknown) => fail(toWireError(err), argv.includes('--json')))
}
