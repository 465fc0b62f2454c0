// Runs in: CLI (`pier` under plain Node, or the packaged app's `pier` launcher under Electron).
// The same API contract as the desktop app, from a terminal.
// Exit codes: 0 success, 1 a failed command, 2 a usage error. Errors go to stderr as one line
// with a hint; with --json the error envelope is also printed on stdout for scripts.
import fs from 'node:fs'
import path from 'node:path'
import { createCore, type Core } from '../core/core'
import { PierError, type WireError } from '../core/errors'
import { createHandlers } from '../api/router'
import { dispatchCall, dispatchStream, toWireError } from '../api/dispatch'
import { contract } from '../api/contract'
import { startHeadless } from '../headless/server'
import { flagsToInput, parseArgs, UsageError, type ParsedArgs } from './args'
import { helpText, methodFor, renderHuman } from './commands'
import { version } from '../../package.json'

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

async function serve(core: Core, args: ParsedArgs): Promise<number> {
  const portFlag = args.flags.port
  const port = portFlag === undefined ? 0 : Number(portFlag)
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    return usage('--port must be a number from 0 to 65535', args.json)
  const server = await startHeadless({
    handlers: createHandlers(core),
    rendererDir: rendererDir(),
    port
  })
  if (args.json)
    process.stdout.write(
      JSON.stringify({
        url: server.url,
        origin: server.origin,
        port: server.port,
        token: server.token
      }) + '\n'
    )
  else
    process.stdout.write(
      `Pier is serving on ${server.url}\nOnly this machine can reach it, and only with the token. Ctrl-C stops it.\n`
    )
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve)
    process.once('SIGTERM', resolve)
  })
  await server.close()
  return 0
}

export async function run(argv: readonly string[]): Promise<number> {
  let args: ParsedArgs
  try {
    args = parseArgs(argv)
  } catch (err) {
    if (err instanceof UsageError) return usage(err.message, argv.includes('--json'))
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

  const isServe = args.words[0] === 'serve' && args.words.length === 1
  const method = methodFor(args.words)
  if (!isServe && (!method || args.words.length > 2)) {
    return usage(`unknown command "${args.words.join(' ').slice(0, 80)}"`, args.json)
  }

  let core: Core
  try {
    core = createCore({ home: args.home })
  } catch (err) {
    return fail(toWireError(err), args.json)
  }
  try {
    if (isServe) return await serve(core, args)
    if (!method) return 2
    const ctx = { transport: 'cli' as const, signal: new AbortController().signal }
    const handlers = createHandlers(core)
    const input = flagsToInput(args.flags)
    if (contract[method].kind === 'stream') {
      const controller = new AbortController()
      process.once('SIGINT', () => controller.abort())
      for await (const value of dispatchStream(handlers, method, input, {
        ...ctx,
        signal: controller.signal
      })) {
        process.stdout.write(
          (args.json ? JSON.stringify(value) : renderHuman(method, value) + '\n') + '\n'
        )
      }
      return 0
    }
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

/** Runs the CLI and sets the exit code; never throws. */
export function main(argv: readonly string[]): Promise<number> {
  return run(argv).catch((err: unknown) => {
    const wire = err instanceof PierError ? err.toWire() : toWireError(err)
    return fail(wire, argv.includes('--json'))
  })
}
