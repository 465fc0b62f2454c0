// Runs in: main, CLI, headless server.
// Runs one of Pier's small sh programs on a server with its arguments as separate words (shJoin)
// and any payload on stdin, so no value is ever parsed by the remote shell.
import { PierError } from '../errors'
import type { ServerLink } from '../ssh/link'
import { shJoin } from '../ssh/quote'

export async function runRemote(
  link: ServerLink,
  server: string,
  script: string,
  argv: readonly string[],
  opts: { stdin?: string; what: string; hint: string; timeoutMs?: number }
): Promise<{ stdout: string; code: number }> {
  const r = await link.exec(shJoin(['sh', '-c', script, 'pier', ...argv]), {
    stdin: opts.stdin,
    timeoutMs: opts.timeoutMs ?? 60_000
  })
  if (r.code !== 0) {
    throw new PierError(
      'remote_failed',
      `${opts.what} failed on ${server}: ${(r.stderr || r.stdout).trim().slice(0, 300)}`,
      opts.hint,
      { details: { exitCode: String(r.code) } }
    )
  }
  return { stdout: r.stdout, code: r.code }
}
