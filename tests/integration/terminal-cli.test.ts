// `pier ssh SERVER` as a script uses it: commands on stdin, output on stdout, the remote exit
// status as its own. Runs the built CLI against a real host.
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createCore } from '../../main/core/core'
import { root } from '../e2e/serve'
import { memoryKeychain } from '../support/memory-keychain'
import { hostsOrSkip, type TestHost, recordHarnessServer } from './support'

const hosts = hostsOrSkip()
const home = fs.mkdtempSync('/tmp/pier-ssh-cli-')
afterAll(() => fs.rmSync(home, { recursive: true, force: true }))

function pierSsh(
  server: string,
  stdin: string
): Promise<{ code: number; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [path.join(root, 'bin/pier.js'), 'ssh', server], {
    env: { ...process.env, PIER_HOME: home },
    stdio: ['pipe', 'pipe', 'pipe']
  })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()))
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
  child.stdin.end(stdin)
  return new Promise((resolve) =>
    child.once('exit', (code) => resolve({ code: code ?? -1, stdout, stderr }))
  )
}

describe.skipIf(hosts.length === 0 || !fs.existsSync(path.join(root, 'out/main/cli.js')))(
  'pier ssh (built CLI, real host)',
  () => {
    beforeAll(() => {
      const h1 = hosts[0] as TestHost
      const core = createCore({ home, keychain: memoryKeychain() })
      recordHarnessServer(core, h1, 'h1')
      core.close()
    })

    it('runs the commands from stdin and exits with their status', async () => {
      const r = await pierSsh('h1', 'echo "hi-$((6*7)) $(hostname)"\necho err >&2\nexit 3\n')
      expect(r.stdout).toBe('hi-42 h1\nerr\n')
      expect(r.code).toBe(3)
    })

    it('an unknown server is a one-line error with a hint, exit 255 like ssh', async () => {
      const r = await pierSsh('nope;id', 'true\n')
      expect(r.code).toBe(255)
      expect(r.stderr).toMatch(/^pier: There is no server named "nope;id"\. \(hint: .+\)\n$/)
    })
  }
)
