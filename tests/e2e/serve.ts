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

export async function pierCli(
  home: string,
  ...args: string[]
): Promise<{ code: number; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [path.join(root, 'bin/pier.js'), ...args, '--home', home], {
    stdio: ['ignore', 'pipe', 'pipe']
  })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()))
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
  const code = await new Promise<number>((resolve) => child.once('exit', (c) => resolve(c ?? -1)))
  return { code, stdout, stderr }
}
