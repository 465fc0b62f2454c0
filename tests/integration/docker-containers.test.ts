// Docker over SSH through Pier's core and API, on real hosts: containers listed on the right
// server, actions, the detail view with masked env, hostile labels shown literally, hostile
// names refused before anything is sent; images, volumes and networks.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createHandlers } from '../../main/api/router'
import type { ContainerDetail, ContainerRow } from '../../main/core/docker/model'
import { MASK } from '../../main/core/docker/env-mask'
import { apiCaller } from '../support/api'
import { createCore } from '../../main/core/core'
import { memoryKeychain } from '../support/memory-keychain'
import { HOSTILE } from '../support/hostile'
import { dockerScene, type DockerScene } from './docker-support'
import { hostsOrSkip, type TestHost, recordHarnessServer } from './support'
import { dispatchStream, toWireError } from '../../main/api/dispatch'
import type { WireError } from '../../main/core/errors'

const ctx = { transport: 'test' as const, signal: new AbortController().signal }

/** Stream methods validate their input when called, before the first value. */
function streamFailure(start: () => unknown): WireError {
  try {
    start()
  } catch (err) {
    return toWireError(err)
  }
  throw new Error('expected the stream to be refused')
}

const hosts = hostsOrSkip()

describe.skipIf(hosts.length < 2)('Docker containers over SSH (real hosts)', () => {
  let scene: DockerScene
  let api: ReturnType<typeof apiCaller>

  beforeAll(async () => {
    scene = await dockerScene(hosts, 'dc')
    api = apiCaller(() => createHandlers(scene.core))
  })
  afterAll(async () => {
    await scene?.close()
  })

  it('lists each container on its own server, tagged and grouped', async () => {
    const a = scene.name('a')
    const b = scene.name('b')
    await scene.run('h1', ['sleep', '300'], {
      name: a,
      Labels: { 'com.docker.compose.project': 'shop', 'pier.app': 'shop-web' }
    })
    await scene.run('h2', ['sleep', '300'], {
      name: b,
      Labels: { 'com.docker.swarm.service.name': 'st_api' }
    })
    const h1 = (await api.call('docker.ps', { server: 'h1' })) as ContainerRow[]
    const h2 = (await api.call('docker.ps', { server: 'h2' })) as ContainerRow[]
    expect(h1.map((c) => c.name)).toContain(a)
    expect(h1.map((c) => c.name)).not.toContain(b)
    expect(h2.map((c) => c.name)).toContain(b)
    expect(h1.find((c) => c.name === a)).toMatchObject({
      server: 'h1',
      state: 'running',
      image: 'busybox:local',
      group: { composeProject: 'shop', app: 'shop-web', swarmService: null }
    })
    const all = (await api.call('docker.containersAll', {})) as {
      containers: ContainerRow[]
      failures: unknown[]
    }
    expect(all.failures).toEqual([])
    expect(all.containers.find((c) => c.name === b)).toMatchObject({
      server: 'h2',
      group: { swarmService: 'st_api' }
    })
    expect(all.containers.find((c) => c.name === a)?.server).toBe('h1')
  })

  it('stops, starts, pauses, restarts and removes through Pier', async () => {
    const name = scene.name('life')
    await scene.run('h1', ['sleep', '300'], { name })
    const state = async (): Promise<string | undefined> =>
      ((await api.call('docker.ps', { server: 'h1', all: true })) as ContainerRow[]).find(
        (c) => c.name === name
      )?.state
    expect(
      await api.call('docker.stop', { server: 'h1', container: name, timeout: 0 })
    ).toMatchObject({
      state: 'exited'
    })
    expect(await state()).toBe('exited')
    // Stopping a stopped container is not an error.
    await api.call('docker.stop', { server: 'h1', container: name })
    expect(await api.call('docker.start', { server: 'h1', container: name })).toMatchObject({
      state: 'running'
    })
    expect(await api.call('docker.pause', { server: 'h1', container: name })).toMatchObject({
      state: 'paused'
    })
    expect(await api.call('docker.unpause', { server: 'h1', container: name })).toMatchObject({
      state: 'running'
    })
    expect(
      await api.call('docker.restart', { server: 'h1', container: name, timeout: 0 })
    ).toMatchObject({
      state: 'running'
    })
    const refused = await api.fails('docker.remove', { server: 'h1', container: name })
    expect(refused.code).toBe('docker_conflict')
    expect(refused.hint).toMatch(/--force/)
    await api.call('docker.remove', { server: 'h1', container: name, force: true })
    expect(await state()).toBeUndefined()
    const missing = await api.fails('docker.inspect', { server: 'h1', container: name })
    expect(missing).toMatchObject({ code: 'not_found' })
    expect(missing.message).toContain(name)
  })

  it('shows the detail with secrets masked and hostile labels, env and logs literally', async () => {
    const name = scene.name('detail')
    const labels = Object.fromEntries(HOSTILE.slice(0, 20).map((v, i) => [`x.hostile.${i}`, v]))
    const env = HOSTILE.slice(0, 20).map((v, i) => `HOSTILE_${i}=${v}`)
    await scene.run(
      'h1',
      ['sh', '-c', 'printf "%s\\n" "$HOSTILE_0" "$HOSTILE_1" "$HOSTILE_19" >&2; sleep 300'],
      {
        name,
        Labels: labels,
        Env: ['DB_PASSWORD=hunter2', 'DATABASE_URL=postgres://u:pw@db/x', 'MODE=prod', ...env],
        HostConfig: { PortBindings: { '80/tcp': [{ HostPort: '18080' }] } },
        ExposedPorts: { '80/tcp': {} }
      }
    )
    const d = (await api.call('docker.inspect', {
      server: 'h1',
      container: name
    })) as ContainerDetail
    expect(d).toMatchObject({ name, running: true, server: 'h1' })
    const env1 = Object.fromEntries(d.env.map((e) => [e.name, e.value]))
    expect(env1.DB_PASSWORD).toBe(MASK)
    expect(env1.DATABASE_URL).toBe(`postgres://u:${MASK}@db/x`)
    expect(env1.MODE).toBe('prod')
    HOSTILE.slice(0, 20).forEach((v, i) => {
      expect(d.labels[`x.hostile.${i}`]).toBe(v)
      expect(env1[`HOSTILE_${i}`]).toBe(v)
    })
    expect(d.ports).toContainEqual(expect.objectContaining({ privatePort: 80, publicPort: 18080 }))
    expect(d.networks.map((n) => n.name)).toEqual(['bridge'])
    const row = ((await api.call('docker.ps', { server: 'h1' })) as ContainerRow[]).find(
      (c) => c.name === name
    )
    expect(row?.labels['x.hostile.3']).toBe(HOSTILE[3])
    const lines: string[] = []
    for await (const l of scene.core.docker.logs('h1', name)) lines.push(`${l.stream}:${l.line}`)
    expect(lines).toEqual([`stderr:${HOSTILE[0]}`, `stderr:${HOSTILE[1]}`, `stderr:${HOSTILE[19]}`])
  })

  it('refuses hostile container, image and volume names with a clear error, sending nothing', async () => {
    // A fresh core: its link to h1 must never be opened by any of these calls.
    const core = createCore({ home: scene.home + '/fresh', keychain: memoryKeychain() })
    try {
      const h1 = hosts[0] as TestHost
      recordHarnessServer(core, h1, 'h1')
      const fresh = apiCaller(() => createHandlers(core))
      const bad = HOSTILE.filter((v) => !/^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/.test(v))
      for (const value of [...bad, '../../containers/json', 'a/../b']) {
        for (const [method, field] of [
          ['docker.inspect', 'container'],
          ['docker.remove', 'container'],
          ['docker.logs', 'container'],
          ['docker.imageRemove', 'image'],
          ['docker.volumeRemove', 'volume'],
          ['docker.networkRemove', 'network']
        ] as const) {
          const input = { server: 'h1', [field]: value }
          const e =
            method === 'docker.logs'
              ? streamFailure(() => dispatchStream(createHandlers(core), method, input, ctx))
              : await fresh.fails(method, input)
          expect(e.code, `${method} ${JSON.stringify(value).slice(0, 40)}`).toBe('invalid_input')
          expect(e.message).toMatch(/Invalid input/)
        }
      }
      // The core's own methods check too (for callers that bypass the contract).
      await expect(core.docker.inspect('h1', '$(id)')).rejects.toMatchObject({
        code: 'invalid_input',
        hint: expect.stringMatching(/Nothing was sent/)
      })
      const id = core.servers.get('h1').id
      expect(core.pool.status(id)).toBeNull()
    } finally {
      core.close()
    }
  })

  it('lists images with size and dangling state, previews a prune, then prunes exactly that', async () => {
    const e = scene.engine('h2')
    // A dangling image: commit a container, untag nothing → <none>:<none>.
    const c = await scene.run('h2', ['sh', '-c', `echo ${scene.name('img')} > /marker`], {
      start: true
    })
    await c.wait()
    const committed = (await c.commit({})) as { Id: string }
    const images = (await api.call('docker.images', { server: 'h2' })) as Array<{
      id: string
      tags: string[]
      dangling: boolean
      size: number
      containers: number
    }>
    const busybox = images.find((i) => i.tags.includes('busybox:local'))
    expect(busybox?.size).toBeGreaterThan(500_000)
    expect(busybox?.dangling).toBe(false)
    const dangling = images.find((i) => i.id === committed.Id)
    expect(dangling).toMatchObject({ dangling: true, tags: [], containers: 0 })
    const preview = (await api.call('docker.imagePrunePreview', { server: 'h2' })) as {
      images: Array<{ id: string }>
    }
    expect(preview.images.map((i) => i.id)).toContain(committed.Id)
    expect(preview.images.map((i) => i.id)).not.toContain(busybox?.id)
    // The preview deleted nothing.
    await expect(e.getImage(committed.Id).inspect()).resolves.toBeTruthy()
    const pruned = (await api.call('docker.imagePrune', { server: 'h2' })) as { deleted: string[] }
    expect(pruned.deleted).toContain(committed.Id)
    await expect(e.getImage(committed.Id).inspect()).rejects.toMatchObject({ statusCode: 404 })
    await expect(e.getImage('busybox:local').inspect()).resolves.toBeTruthy()
    const gone = await api.fails('docker.imageRemove', { server: 'h2', image: committed.Id })
    expect(gone.code).toBe('not_found')
  })

  it('lists volumes with size and users, previews and prunes; lists and removes networks', async () => {
    const vol = scene.name('vol')
    const spare = scene.name('spare')
    const e = scene.engine('h1')
    await e.createVolume({ Name: vol })
    await e.createVolume({ Name: spare })
    const user = scene.name('voluser')
    await scene.run('h1', ['sh', '-c', 'head -c 300000 /dev/zero > /v/blob; sleep 300'], {
      name: user,
      HostConfig: { Binds: [`${vol}:/v`] }
    })
    await expect
      .poll(async () => {
        const vols = (await api.call('docker.volumes', { server: 'h1' })) as Array<{
          name: string
          size: number
          usedBy: string[]
        }>
        return vols.find((v) => v.name === vol)
      })
      .toMatchObject({ usedBy: [user], size: expect.any(Number) })
    const vols = (await api.call('docker.volumes', { server: 'h1' })) as Array<{
      name: string
      size: number
    }>
    expect(vols.find((v) => v.name === vol)?.size).toBeGreaterThanOrEqual(300_000)
    const preview = (await api.call('docker.volumePrunePreview', { server: 'h1' })) as Array<{
      name: string
    }>
    expect(preview.map((v) => v.name)).toContain(spare)
    expect(preview.map((v) => v.name)).not.toContain(vol)
    const pruned = (await api.call('docker.volumePrune', { server: 'h1' })) as { deleted: string[] }
    expect(pruned.deleted).toContain(spare)
    expect(pruned.deleted).not.toContain(vol)
    const inUse = await api.fails('docker.volumeRemove', { server: 'h1', volume: vol })
    expect(inUse.code).toBe('docker_conflict')

    const net = scene.name('net')
    await e.createNetwork({ Name: net })
    const nets = (await api.call('docker.networks', { server: 'h1' })) as Array<{
      name: string
      builtin: boolean
    }>
    expect(nets.find((n) => n.name === net)).toMatchObject({ builtin: false })
    expect(nets.find((n) => n.name === 'bridge')).toMatchObject({ builtin: true })
    await api.call('docker.networkRemove', { server: 'h1', network: net })
    expect(
      ((await api.call('docker.networks', { server: 'h1' })) as Array<{ name: string }>).map(
        (n) => n.name
      )
    ).not.toContain(net)
    await scene.engine('h1').getContainer(user).remove({ force: true })
    await api.call('docker.volumeRemove', { server: 'h1', volume: vol })
  })

  it('explains an unknown server', async () => {
    const e = await api.fails('docker.ps', { server: 'nope' })
    expect(e).toMatchObject({ code: 'not_found' })
  })
})
