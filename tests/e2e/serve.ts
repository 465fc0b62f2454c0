// E2E helper: runs the real `pier serve` (the built CLI) on a throwaway PIER_HOME and returns
// what it printed. Stopped with SIGTERM like a user's Ctrl-C.
import { spawn, type ChildProcess } from 'node:child_process'
import path from 'node:path'
import readline from 'node:readline'

export const root = path.resolve(import.meta.dirname, '../..')

export interface Served {
  url: string
  origin: string
  port: number
  token: string
  stop(): Promise<void>
}

export async function pierServe(home: string): Promise<Served> {
  const child: ChildProcess = spawn(
    process.execPath,
    [path.join(root, 'bin/pier.js'), 'serve', '--json', '--home', home],
    {
      stdio: ['ignore', 'pipe', 'pipe']
    }
  )
  let stderr = ''
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()))
  const line = await new Promise<string>((resolve, reject) => {
    const rl = readline.createInterface({ input: child.stdout! })
    rl.once('line', resolve)
    child.once('exit', (code) => reject(new Error(`pier serve exited with ${code}: ${stderr}`)))
  })
  const info = JSON.parse(line) as Omit<Served, 'stop'>
  return {
    ...info,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve()
        child.once('exit', () => resolve())
        child.kill('SIGTERM')
      })
  }
}

export interface CliResult {
  code: number
  stdout: string
  stderr: string
}

export interface RunPierOptions {
  /** Written to the command's stdin, which is then closed ('' by default); null: no stdin. */
  stdin?: string | null
  /**
   * Kills a command still running after this long: a hung command then fails its own assertion,
   * naming itself in stderr, instead of the whole test timing out. No limit by default.
   */
  killAfterMs?: number
}

/** Runs the built `pier ARGS --home HOME` and returns what it printed and its exit code. */
export function runPier(
  home: string,
  args: string[],
  opts: RunPierOptions = {}
): Promise<CliResult> {
  const child = spawn(process.execPath, [path.join(root, 'bin/pier.js'), ...args, '--home', home], {
    stdio: [opts.stdin === null ? 'ignore' : 'pipe', 'pipe', 'pipe']
  })
  let stdout = ''
  let stderr = ''
  child.stdout?.on('data', (d: Buffer) => (stdout += d.toString()))
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()))
  child.stdin?.end(opts.stdin ?? '')
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

export function pierCli(home: string, ...args: string[]): Promise<CliResult> {
  return runPier(home, args, { stdin: null })
}
