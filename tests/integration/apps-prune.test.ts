// Keeping the last N release images: older releases lose Pier's tag and stop being rollback
// targets, while images Pier does not manage (the source image, a user's own tag of the same
// image) stay on the server.
import fs from 'node:fs'
import type { Client } from 'ssh2'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createCore, type Core } from '../../main/core/core'
import type { PierError } from '../../main/core/errors'
import { memoryKeychain } from '../support/memory-keychain'
import { ensureSwarm, leaveSwarm } from './apps-support'
import { connectSsh, execOn, hostsOrSkip, recordHarnessServer, type TestHost } from './support'

const hosts = hostsOrSkip()
const USER_TAG = 'mine/keep-me:1'

describe.skipIf(hosts.length === 0)('app release images: keep the last N (real host)', () => {
  let core: Core
  let home = ''
  let h1: TestHost
  let conn: Client

  const tags = async (): Promise<string[]> =>
    (await execOn(conn, "docker image ls --format '{{.Repository}}:{{.Tag}}'")).stdout
      .split('\n')
      .filter((t) => t.startsWith('pier/keeper:') || t === USER_TAG || t === 'busybox:local')
      .sort()

  beforeAll(async () => {
    h1 = hosts[0] as TestHost
    await ensureSwarm(h1)
    home = fs.mkdtempSync('/tmp/pier-apps-prune-')
    core = createCore({ home, keychain: memoryKeychain() })
    recordHarnessServer(core, h1, 'h1')
    conn = await connectSsh(h1)
  })
  afterAll(async () => {
    await core?.apps.remove('keeper').catch(() => undefined)
    await execOn(conn, `docker rmi ${USER_TAG} >/dev/null 2>&1; true`).catch(() => undefined)
    conn?.end()
    core?.close()
    await leaveSwarm(h1)
    fs.rmSync(home, { recursive: true, force: true })
  }, 300_000)

  it('prunes only Pier’s own tags of releases beyond --keep, and refuses to roll back to them', async () => {
    core.apps.create({
      name: 'keeper',
      server: 'h1',
      image: 'busybox:local',
      // No published port: each update starts the new task first and is quick.
      spec: { command: ['sleep', '100000'], keep: 2, stopGraceSec: 1 }
    })
    const first = await core.apps.deploy('keeper', { wait: true })
    expect(first).toMatchObject({ state: 'succeeded', release: 1 })
    // A user's own tag of the very image release 1 runs: Pier must leave it alone.
    expect((await execOn(conn, `docker tag pier/keeper:1 ${USER_TAG}`)).code).toBe(0)

    for (const n of [2, 3])
      expect(await core.apps.deploy('keeper', { wait: true })).toMatchObject({
        state: 'succeeded',
        release: n
      })

    const releases = await core.apps.releases('keeper')
    expect(releases.map((r) => [r.number, r.pruned, r.current])).toEqual([
      [3, false, true],
      [2, false, false],
      [1, true, false]
    ])
    expect(await tags()).toEqual(['busybox:local', USER_TAG, 'pier/keeper:2', 'pier/keeper:3'])
    const marker = await execOn(conn, 'ls ~/.pier/apps/keeper/releases/')
    expect(marker.stdout.split('\n')).toContain('1.pruned')

    const refused = (await core.apps
      .rollback('keeper', { to: 1, wait: true })
      .catch((e: unknown) => e)) as PierError
    expect(refused.code).toBe('not_found')
    expect(refused.message).toMatch(/release 1 was pruned/)
    // The default target skips pruned releases: release 2 is the one before the current.
    const back = await core.apps.rollback('keeper', { wait: true })
    expect(back).toMatchObject({ state: 'succeeded', kind: 'rollback' })
    const svc = await execOn(
      conn,
      "docker service inspect keeper_app --format '{{.Spec.TaskTemplate.ContainerSpec.Image}}'"
    )
    expect(svc.stdout.trim()).toMatch(/^pier\/keeper:\d+/)
    expect(await tags()).toContain(USER_TAG)
  }, 300_000)
})
