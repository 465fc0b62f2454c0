// Runs in: CLI.
// Maps CLI words to contract methods ("server list" → "server.list") and gives some methods a
// nicer human rendering. Every contract method is reachable; nothing here adds behaviour.
import { z } from 'zod'
import { contract, type Method, type OutputOf } from '../api/contract'
import { human, table } from './format'

export function methodFor(words: readonly string[]): Method | undefined {
  if (words.length < 2) return undefined
  const name = `${words[0]}.${words[1]}`
  return Object.prototype.hasOwnProperty.call(contract, name) ? (name as Method) : undefined
}

const kebab = (field: string): string => field.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)

function unwrap(t: z.ZodType): z.ZodType {
  let inner = t
  while (
    inner instanceof z.ZodOptional ||
    inner instanceof z.ZodDefault ||
    inner instanceof z.ZodNullable
  ) {
    inner = inner.unwrap() as z.ZodType
  }
  return inner
}

/** The --flags a command accepts, read from its contract input schema. */
export function flagsOf(method: Method): { names: string[]; booleans: Set<string> } {
  const input = contract[method].input as z.ZodType
  const shape = input instanceof z.ZodObject ? (input.shape as Record<string, z.ZodType>) : {}
  const names = Object.keys(shape).map(kebab)
  const booleans = new Set(
    Object.entries(shape)
      .filter(([, t]) => unwrap(t) instanceof z.ZodBoolean)
      .map(([k]) => kebab(k))
  )
  return { names, booleans }
}

/** Every boolean flag of any command, so argv can be split before the command is known. */
export function isBooleanFlag(name: string): boolean {
  return (Object.keys(contract) as Method[]).some((m) => flagsOf(m).booleans.has(name))
}

export function commandName(method: Method): string {
  return method.replace('.', ' ')
}

const renderers: Partial<{ [M in Method]: (out: OutputOf<M>) => string }> = {
  'server.list': (servers) =>
    servers.length === 0
      ? 'No servers yet. Add one in the app (Servers), then it shows up here.'
      : table(
          servers.map((s) => ({ ...s, address: `${s.username}@${s.host}:${s.port}` })),
          [
            ['name', 'NAME'],
            ['address', 'ADDRESS'],
            ['authMethod', 'AUTH'],
            ['hostKeyFingerprint', 'HOST KEY']
          ]
        ),
  'system.keychain': (k) => (k.available ? k.message : `${k.message}\nhint: ${k.hint ?? ''}`)
}

export function renderHuman(method: Method, output: unknown): string {
  const r = renderers[method] as ((o: unknown) => string) | undefined
  return r ? r(output) : human(output)
}

export function helpText(version: string): string {
  const rows = (Object.keys(contract) as Method[]).map((m) => ({
    cmd: `pier ${commandName(m)}`,
    what: contract[m].summary + (contract[m].kind === 'stream' ? ' (streams until Ctrl-C)' : '')
  }))
  rows.push({
    cmd: 'pier serve [--port N]',
    what: 'Serve the Pier UI and API on 127.0.0.1 (prints a URL with a token).'
  })
  return [
    `pier ${version}: your servers, from your laptop.`,
    '',
    'Usage: pier <command> [options]',
    '',
    table(rows, [
      ['cmd', 'COMMAND'],
      ['what', 'WHAT IT DOES']
    ]),
    '',
    'Options for every command:',
    '  --json         machine-readable output (errors too, as {"error":{code,message,hint}})',
    '  --home DIR     data folder (default: $PIER_HOME, else the per-user app data folder)',
    '  --help         this text',
    '  --version      the Pier version'
  ].join('\n')
}
