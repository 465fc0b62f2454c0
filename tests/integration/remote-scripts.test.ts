// Remote scripts and the quoting path against real hosts: host-facts.sh runs over SSH as
// `sh -s` and its parser reads what a real server prints; hostile values reach the remote shell
// as literal arguments, never as code.
import type { Client } from 'ssh2'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parseHostFacts } from '../../main/core/servers/host-facts'
import { remoteScript } from '../../main/core/remote-scripts'
import { shJoin } from '../../main/core/ssh/quote'
import { HOSTILE } from '../support/hostile'
import { connectSsh, execOn, hostsOrSkip, type TestHost } from './support'

const hosts = hostsOrSkip()

function execWithStdin(
  conn: Client,
  command: string,
  stdin: string
): Promise<{ stdout: string; code: number | null }> {
  return new Promise((resolve, reject) => {
    conn.exec(command, (err, stream) => {
      if (err) return reject(err)
      let stdout = ''
      stream.on('data', (d: Buffer) => (stdout += d.toString()))
      stream.stderr.resume()
      stream.on('close', (code: unknown) =>
        resolve({ stdout, code: typeof code === 'number' ? code : null })
      )
      stream.end(stdin)
    })
  })
}

describe.skipIf(hosts.length === 0)('remote scripts on real hosts', () => {
  let host: TestHost
  let conn: Client

  beforeAll(async () => {
    host = hosts[0] as TestHost
    conn = await connectSsh(host)
  })
  afterAll(() => conn?.end())

  it('host-facts.sh reports the host as it is', async () => {
    const { stdout, code } = await execWithStdin(conn, 'sh -s', remoteScript('host-facts.sh'))
    expect(code).toBe(0)
    const facts = parseHostFacts(stdout)
    expect(facts.hostname).toBe(host.name)
    expect(facts.user).toBe(host.username)
    expect(facts.dockerSocket).toBe('accessible')
    expect(facts.tools.flock).toBe(true)
    expect(facts.tools.crontab).toBe(true)
    expect(facts.os).toMatch(/Debian/)
  })

  it('hostile values arrive as literal arguments and run nothing', async () => {
    const marker = `/tmp/pier-pwned-${process.pid}`
    const values = HOSTILE.map((v) => v.replace(/id/g, `touch ${marker}`))
    for (const value of values) {
      const { stdout, code } = await execOn(conn, shJoin(['printf', '%s', value]))
      expect(code, JSON.stringify(value.slice(0, 40))).toBe(0)
      expect(stdout).toBe(value)
    }
    const check = await execOn(conn, shJoin(['test', '-e', marker]))
    expect(check.code).toBe(1)
  })
})
