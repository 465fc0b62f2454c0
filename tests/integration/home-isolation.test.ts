// Runs in a vitest worker (integration project): every test host has its own home for the test
// user, so ~/.pier, lock files and ~/.ssh on one host never show up on another — for SSH sessions
// and for the host's Docker engine alike.
import { randomUUID } from 'node:crypto'
import type { Client } from 'ssh2'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  connectSsh,
  dockerOverSsh,
  execOn,
  hostNamed,
  hostsOrSkip,
  runContainer,
  type TestHost
} from './support'

const hosts = hostsOrSkip()

describe.skipIf(hosts.length === 0)("the test user's home on each host", () => {
  const file = `pier-home-${randomUUID()}`
  let h1: TestHost
  let conn1: Client
  let conn2: Client

  beforeAll(async () => {
    h1 = hostNamed(hosts, 'h1')
    conn1 = await connectSsh(h1)
    conn2 = await connectSsh(hostNamed(hosts, 'h2'))
  })
  afterAll(async () => {
    if (conn1) await execOn(conn1, `rm -f ~/${file}`)
    conn1?.end()
    conn2?.end()
  })

  it('is the same path everywhere, with ~/.ssh as StrictModes wants it', async () => {
    for (const conn of [conn1, conn2]) {
      const { stdout, code } = await execOn(
        conn,
        'echo "$HOME"; stat -c "%U %a %n" ~ ~/.ssh ~/.ssh/authorized_keys'
      )
      expect(code).toBe(0)
      const home = `/home/${h1.username}`
      expect(stdout).toBe(
        [
          home,
          `${h1.username} 750 ${home}`,
          `${h1.username} 700 ${home}/.ssh`,
          `${h1.username} 600 ${home}/.ssh/authorized_keys`,
          ''
        ].join('\n')
      )
    }
  })

  it('keeps a file written on h1 on h1 only', async () => {
    expect(await execOn(conn1, `printf '%s' "$(hostname)" > ~/${file}`)).toMatchObject({ code: 0 })
    expect(await execOn(conn2, `test -e ~/${file}`)).toMatchObject({ code: 1 })
    // Not an artefact of one session: a new login to h1 finds it again.
    const fresh = await connectSsh(h1)
    try {
      expect(await execOn(fresh, `cat ~/${file}`)).toEqual({ stdout: 'h1', stderr: '', code: 0 })
    } finally {
      fresh.end()
    }
  })

  it("is what the host's Docker engine mounts, too", async () => {
    await execOn(conn1, `printf '%s' "$(hostname)" > ~/${file}`)
    const home = `/home/${h1.username}`
    const cat = { HostConfig: { Binds: [`${home}:/h:ro`] } }
    expect(
      await runContainer(dockerOverSsh(conn1), 'busybox:local', ['cat', `/h/${file}`], cat)
    ).toMatchObject({ code: 0, stdout: 'h1' })
    expect(
      await runContainer(dockerOverSsh(conn2), 'busybox:local', ['cat', `/h/${file}`], cat)
    ).toMatchObject({ code: 1, stdout: '' })
  })
})
