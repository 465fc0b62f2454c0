// Runs in the vitest test workers of the integration project: the built `pier` CLI in a child
// process, on a test's own data folder, with what it printed and its exit code.
import { spawn } from 'node:child_process'
import path from 'node:path'
import { root } from '../e2e/serve'

export interface CliResult {
  code: number
  stdout: string
  stderr: string
}

export interface RunPierOptions {
  /** Written to the command's stdin, which is then closed; '' by default. */
  stdin?: string
  /**
   * Kills a command still running after this long: a hung command then fails its own assertion,
   * naming itself in stderr, instead of the whole test timing out. No limit by default.
   */
  killAfterMs?: number
}

/** Runs `pier ARGS --home HOME`. */
export function runPier(
  home: string,
  args: string[],
  opts: RunPierOptions = {}
): Promise<CliResult> {
  const child = spawn(process.execPath, [path.join(root, 'bin/pier.js'), ...args, '--home', home], {
    stdio: ['pipe', 'pipe', 'pipe']
  })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()))
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
  child.stdin.end(opts.stdin ?? '')
  const timer =
    opts.killAfterMs === undefined
      ? null
      : setTimeout(() => child.kill('SIGKILL'), opts.killAfterMs)
  return new Promise((resolve) =>
    child.once('exit', (code) => {
      if (timer === null) return resolve({ code: code ?? -1, stdout, stderr })
      clearTimeout(timer)
      resolve({
        code: code ?? -1,
        stdout,
        stderr: stderr || (code === null ? `hung: ${args.join(' ')}` : '')
      })
    })
  )
}
