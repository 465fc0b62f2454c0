// Docker setup on a real host: the user is in the docker group and the engine runs, so the
// script's work is the single-node swarm; a second run must change nothing and say so.
import fs from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { dispatchStream } from '../../main/api/dispatch'
import { createHandlers, type Handlers } from '../../main/api/router'
import { createCore, type Core } from '../../main/core/core'
import type { SetupEvent } from '../../main/core/servers/docker-setup'
import { memoryKeychain } from '../support/memory-keychain'
import { connectSsh, execOn, hostsOrSkip, type TestHost } from './support'

const hosts = hostsOrSkip()
const ctx = { transport: 'test' as const, signal: new AbortController().signal }

describe.skipIf(hosts.length === 0)('setup-docker (real host)', () => {
  let core: Core
  let api: Handlers
  let h2: TestHost
  let home = ''

  const run = async (): Promise<SetupEvent[]> => {
    const events: SetupEvent[] = []
    for await (const e of dispatchStream(api, 'server.setupDocker', { name: 'h2' }, ctx))
      events.push(e as SetupEvent)
    return events
  }
  const swarmState = async (): Promise<string> => {
    const conn = await connectSsh(h2)
    const r = await execOn(conn, "docker info --format '{{.Swarm.LocalNodeState}}'")
    conn.end()
    return r.stdout.trim()
  }

  beforeAll(async () => {
    h2 = hosts[1] as TestHost
    home = fs.mkdtempSync('/tmp/pier-docker-')
    core = createCore({ home, keychain: memoryKeychain() })
    api = createHandlers(core)
    await core.servers.add({
      name: 'h2',
      host: h2.sshHost,
      port: h2.sshPort,
      user: h2.username,
      key: h2.privateKeyPath,
      acceptFingerprint: h2.hostKeyFingerprint
    })
    expect(await swarmState()).toBe('inactive')
  })

  afterAll(async () => {
    core?.close()
    fs.rmSync(home, { recursive: true, force: true })
    const conn = await connectSsh(h2)
    await execOn(conn, 'docker swarm leave --force')
    conn.end()
  })

  it('streams progress, inits the swarm, and reports a change', async () => {
    const events = await run()
    const steps = events
      .filter((e) => e.kind === 'progress')
      .map((e) => (e.kind === 'progress' ? `${e.step}:${e.status}` : ''))
    expect(steps).toEqual(expect.arrayContaining(['install-docker:skip', 'swarm-init:ok']))
    expect(events.at(-1)).toMatchObject({ kind: 'done', changed: true })
    expect(await swarmState()).toBe('active')
  })

  it('a second run changes nothing and says so', async () => {
    const events = await run()
    expect(events.at(-1)).toMatchObject({ kind: 'done', changed: false })
    const changing = events.filter(
      (e) =>
        e.kind === 'progress' &&
        ['install-docker', 'enable-engine', 'docker-group', 'swarm-init'].includes(e.step)
    )
    expect(
      changing.every((e) => e.kind === 'progress' && (e.status === 'skip' || e.status === 'start'))
    ).toBe(true)
  })

  it('the check now sees an active swarm manager', async () => {
    const report = (await core.servers.check('h2')) as { swarm: { state: string; role: string } }
    expect(report.swarm).toEqual({ state: 'active', role: 'manager' })
  })
})
