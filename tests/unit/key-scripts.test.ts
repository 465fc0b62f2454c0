// authorize-key.sh and deauthorize-key.sh run for real (dash and busybox ash) on a throwaway
// HOME: the key arrives on stdin, other lines survive, modes stay private.
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { remoteScript } from '../../main/core/remote-scripts'
import { tmpDir } from '../support/tmp'

const KEY =
  'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl pier@laptop'

describe.each([
  ['dash', ['/bin/sh']],
  ['busybox ash', ['busybox', 'sh']]
])('key scripts under %s', (_name, shell) => {
  const run = (script: string, home: string, stdin: string): { out: string; code: number } => {
    try {
      const out = execFileSync(
        shell[0] as string,
        [...shell.slice(1), '-c', remoteScript(script), script],
        {
          input: stdin,
          env: { ...process.env, HOME: home },
          encoding: 'utf8'
        }
      )
      return { out, code: 0 }
    } catch (err) {
      const e = err as { stdout: string; status: number }
      return { out: e.stdout, code: e.status }
    }
  }

  it('adds once, keeps a file without a trailing newline intact, and removes only its key', () => {
    const home = tmpDir()
    fs.mkdirSync(path.join(home, '.ssh'))
    const file = path.join(home, '.ssh/authorized_keys')
    fs.writeFileSync(file, 'ssh-rsa AAAAB3 someone-else')
    expect(run('authorize-key.sh', home, `${KEY}\n`).out).toBe('{"added":true}\n')
    expect(run('authorize-key.sh', home, `${KEY.replace('laptop', 'other')}\n`).out).toBe(
      '{"added":false}\n'
    )
    expect(fs.readFileSync(file, 'utf8')).toBe(`ssh-rsa AAAAB3 someone-else\n${KEY}\n`)
    expect(fs.statSync(file).mode & 0o777).toBe(0o600)
    expect(run('deauthorize-key.sh', home, `${KEY}\n`).out).toBe('{"removed":true}\n')
    expect(run('deauthorize-key.sh', home, `${KEY}\n`).out).toBe('{"removed":false}\n')
    expect(fs.readFileSync(file, 'utf8')).toBe('ssh-rsa AAAAB3 someone-else\n')
    expect(fs.statSync(file).mode & 0o777).toBe(0o600)
  })

  it('refuses anything that is not one public key line', () => {
    const home = tmpDir()
    for (const bad of ['x; rm -rf ~\n', '', 'command="id" ssh-ed25519 AAAA x\n']) {
      const r = run('authorize-key.sh', home, bad)
      expect(r.code).toBe(2)
      expect(r.out).toMatch(/"error"/)
    }
    expect(fs.existsSync(path.join(home, '.ssh/authorized_keys'))).toBe(false)
  })
})
