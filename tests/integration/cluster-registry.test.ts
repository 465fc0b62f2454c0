// A cluster in registry mode on three real hosts: Pier's registry runs on the manager and every
// node reaches it at 127.0.0.1 only (relay services, remote-scripts/registry.sh); a deploy
// pushes the release there from the manager and the workers pull it, with the laptop closed
// during the deploy; switching back to stream keeps the registry while a service still runs an
// image from it, streams the next deploy, then removes the registry.
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import type { Client } from 'ssh2'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createCore, type Core } from '../../main/core/core'
import type { PierError } from '../../main/core/errors'
import type { ClusterService } from '../../main/core/clusters/tasks'
import { REGISTRY_PORT } from '../../main/core/clusters/registry'
import { TERMINAL } from '../../main/core/jobs/model'
import { ensureRegistryImage } from '../hosts/harness'
import { memoryKeychain } from '../support/memory-keychain'
import { ensureSwarm, leaveSwarm } from './apps-support'
import { imageId, makeImage } from './cluster-support'
import { connectSsh, execOn, hostsOrSkip, recordHarnessServer, type TestHost } from './support'

const hosts = hostsOrSkip()
const root = path.resolve(import.meta.dirname, '../..')
const PIER = path.join(root, 'bin/pier.js')
const built = fs.existsSync(path.join(root, 'out/main/cli.js'))
/** Made on h1 only (a committed container, so its image id exists nowhere else). */
const SOURCE = 'pier-test/registry-web:1'
const SOURCE2 = 'pier-test/registry-web:2'
/** Debian's docker-registry and socat: the registry and both relays. */
const REGISTRY_IMAGE = 'pier-test/registry:local'
const HEALTH = "printf 'GET / HTTP/1.0\\r\\n\\r\\n' | nc -w 2 127.0.0.1 8080 | grep -q 200"
const spec = {
  command: [
    'sh',
    '-c',
    'mkdir -p /www && echo "web $(hostname)" > /www/index.html && exec httpd -f -p 8080 -h /www'
  ],
  healthcheck: { cmd: HEALTH, intervalSec: 1, timeoutSec: 2, retries: 2, startPeriodSec: 1 },
  memoryMb: 64,
  stopGraceSec: 1
}
const REPO = `127.0.0.1:${REGISTRY_PORT}/pier/web`

/** Every reference of the app's pulled releases on a node (tags and digests). */
const pulledRefs = async (conn: Client): Promise<string[]> =>
  (
    await execOn(
      conn,
      `docker image ls --digests --format '{{.Repository}}@{{.Digest}}' '${REPO}' 2>/dev/null || true`
    )
  ).stdout
    .split('\n')
    .filter((l) => l.startsWith(REPO))

/** The TCP listeners of a node, as `ss` prints their local address:port. */
const listeners = async (conn: Client): Promise<string[]> =>
  (await execOn(conn, "ss -Hltn | awk '{print $4}'")).stdout.split('\n').filter(Boolean)

describe.skipIf(hosts.length < 3)('a cluster in registry mode (three real hosts)', () => {
  let core: Core
  let home = ''
  const keychain = memoryKeychain()
  let h1: TestHost, h2: TestHost, h3: TestHost
  let c1: Client, c2: Client, c3: Client
  let sourceId = ''
  const envBefore = {
    image: process.env.PIER_REGISTRY_IMAGE,
    relay: process.env.PIER_REGISTRY_RELAY_IMAGE
  }

  const open = (): Core =>
    createCore({ home, keychain, sshKeepaliveMs: 1000, distributeWaitSec: 60 })

  async function services(name: string, ok: (s: ClusterService) => boolean, seconds: number) {
    let last: unknown = 'nothing yet'
    for (let i = 0; i < seconds * 2; i++) {
      const svc = (await core.clusters.services('hub')).find((s) => s.name === name)
      last = svc
      if (svc && ok(svc)) return svc
      await new Promise((r) => setTimeout(r, 500))
    }
    throw new Error(`service condition not reached; last: ${JSON.stringify(last)}`)
  }

  async function jobLog(server: string, jobId: string): Promise<string> {
    let log = ''
    for await (const chunk of core.jobs.logs(server, jobId)) log += chunk.data
    return log
  }

  beforeAll(async () => {
    ;[h1, h2, h3] = hosts as [TestHost, TestHost, TestHost]
    await ensureSwarm(h1)
    await leaveSwarm(h2)
    await leaveSwarm(h3)
    // Every node runs the relays, so every node needs their image (a real cluster pulls it).
    for (const h of [h1, h2, h3]) await ensureRegistryImage(h.name, REGISTRY_IMAGE)
    process.env.PIER_REGISTRY_IMAGE = REGISTRY_IMAGE
    process.env.PIER_REGISTRY_RELAY_IMAGE = REGISTRY_IMAGE
    home = fs.mkdtempSync('/tmp/pier-cluster-registry-')
    core = open()
    for (const h of [h1, h2, h3]) recordHarnessServer(core, h)
    ;[c1, c2, c3] = await Promise.all([connectSsh(h1), connectSsh(h2), connectSsh(h3)])
    sourceId = await makeImage(c1, SOURCE)
    for (const c of [c1, c2, c3])
      await execOn(
        c,
        `docker volume rm pier-registry-data pier-registry-sock >/dev/null 2>&1; ` +
          `docker images -q 'pier/*' | xargs -r docker rmi -f >/dev/null 2>&1; ` +
          `docker images -q '${REPO}' | xargs -r docker rmi -f >/dev/null 2>&1; true`
      )
    await core.clusters.create('hub', h1.name)
    await execOn(c1, 'docker swarm update --dispatcher-heartbeat 1s >/dev/null')
    await core.clusters.join('hub', h2.name)
    await core.clusters.join('hub', h3.name)
    for (let i = 0; i < 60; i++) {
      const { nodes } = await core.clusters.nodes('hub')
      if (nodes.length === 3 && nodes.every((n) => n.status === 'ready')) break
      await new Promise((r) => setTimeout(r, 500))
    }
  }, 900_000)

  afterAll(async () => {
    if (envBefore.image === undefined) delete process.env.PIER_REGISTRY_IMAGE
    else process.env.PIER_REGISTRY_IMAGE = envBefore.image
    if (envBefore.relay === undefined) delete process.env.PIER_REGISTRY_RELAY_IMAGE
    else process.env.PIER_REGISTRY_RELAY_IMAGE = envBefore.relay
    for (const a of core?.apps.list() ?? []) await core.apps.remove(a.name).catch(() => undefined)
    core?.close()
    // Workers first, so the manager's leave does not strand them.
    for (const h of [h3, h2, h1]) if (h) await leaveSwarm(h)
    for (const c of [c1, c2, c3]) {
      await execOn(
        c,
        `docker volume rm pier-registry-data pier-registry-sock >/dev/null 2>&1; ` +
          `docker images -q 'pier/*' | xargs -r docker rmi -f >/dev/null 2>&1; ` +
          `docker images -q '${REPO}' | xargs -r docker rmi -f >/dev/null 2>&1; ` +
          `docker rmi ${SOURCE} ${SOURCE2} >/dev/null 2>&1; true`
      ).catch(() => undefined)
      c?.end()
    }
    if (home) fs.rmSync(home, { recursive: true, force: true })
  }, 300_000)

  it('refuses an unknown cluster and starts a new one in stream mode', async () => {
    const err = (await core.clusters
      .setImages('nope', 'registry')
      .catch((e: unknown) => e)) as PierError
    expect(err.code).toBe('not_found')
    expect(core.clusters.get('hub').distribution).toBe('stream')
    expect((await core.clusters.nodes('hub')).images).toBe('stream')
  })

  it('runs the registry on the manager, reached by every node at 127.0.0.1 only', async () => {
    const r = await core.clusters.setImages('hub', 'registry')
    expect(r).toEqual({
      cluster: 'hub',
      images: 'registry',
      registry: 'running',
      usedBy: [],
      address: `127.0.0.1:${REGISTRY_PORT}`
    })
    expect(core.clusters.get('hub').distribution).toBe('registry')
    expect((await core.clusters.nodes('hub')).images).toBe('registry')
    const where = await execOn(
      c1,
      "docker service ps pier-registry --filter desired-state=running --format '{{.Node}}'; hostname"
    )
    const [node, hostname] = where.stdout.trim().split('\n')
    expect(node).toBe(hostname)
    for (const c of [c1, c2, c3]) {
      // The node's engine pulls from here: the registry's API root answers through the relays.
      const api = await execOn(c, `curl -s -m 5 http://127.0.0.1:${REGISTRY_PORT}/v2/`)
      expect(api.stdout.trim()).toBe('{}')
      const ports = await listeners(c)
      expect(ports).toContain(`127.0.0.1:${REGISTRY_PORT}`)
      expect(ports.filter((p) => /:(5000|5065)$/.test(p) && !p.startsWith('127.0.0.1:'))).toEqual(
        []
      )
    }
    // From another node, the manager's own address has no registry on any port of ours.
    for (const port of [REGISTRY_PORT, 5000]) {
      const outside = await execOn(c2, `curl -s -m 3 http://${h1.ip}:${port}/v2/ || echo refused`)
      expect(outside.stdout.trim(), String(port)).toBe('refused')
    }
    // Switching again is a no-op that still checks every node.
    expect((await core.clusters.setImages('hub', 'registry')).registry).toBe('running')
  }, 300_000)

  it('deploys 3 replicas that the workers pull from the registry, with the laptop closed meanwhile', async () => {
    for (const c of [c2, c3]) expect(await imageId(c, sourceId)).toBe('')
    core.apps.create({
      name: 'web',
      cluster: 'hub',
      image: SOURCE,
      spec: { ...spec, replicas: 3, preferences: ['spread=node.id'] }
    })
    const started = await core.apps.deploy('web')
    expect(TERMINAL.has(started.state)).toBe(false)
    // The laptop goes away while the job runs on the manager: nothing waits for it.
    core.close()
    core = open()
    const r = await core.apps.wait('web', started.jobId)
    expect(r).toMatchObject({ state: 'succeeded', release: 1, server: h1.name })
    const log = await jobLog(h1.name, started.jobId)
    expect(log).toMatch(/::pier step distribute/)
    expect(log).toMatch(new RegExp(`pushed ${REPO.replace(/\./g, '\\.')}:1; the nodes pull it`))
    expect(log).not.toMatch(/waiting for Pier to copy/)
    expect(log.indexOf('step distribute')).toBeLessThan(log.indexOf('step update'))
    // The stack names the release by digest in the registry.
    const image = (
      await execOn(
        c1,
        "docker service inspect web_app --format '{{.Spec.TaskTemplate.ContainerSpec.Image}}'"
      )
    ).stdout.trim()
    expect(image).toMatch(new RegExp(`^${REPO.replace(/\./g, '\\.')}:1@sha256:[0-9a-f]{64}$`))
    const svc = await services('web_app', (s) => s.running === 3, 90)
    expect(svc.perNode).toEqual({ [h1.name]: 1, [h2.name]: 1, [h3.name]: 1 })
    expect(svc.errors.filter((e) => /no such image/i.test(e.error))).toEqual([])
    const digest = image.slice(image.indexOf('@'))
    for (const c of [c2, c3]) {
      // Pulled: the workers hold the registry's reference with the source's image id, and
      // never got the release tag Pier's streaming would have loaded.
      expect(await imageId(c, `${REPO}${digest}`)).toBe(sourceId)
      expect(await imageId(c, 'pier/web:1')).toBe('')
    }
  }, 400_000)

  it('fails a deploy whose push the registry cannot take, before the service is touched', async () => {
    const before = (
      await execOn(
        c1,
        "docker service inspect web_app --format '{{.Spec.TaskTemplate.ContainerSpec.Image}}'"
      )
    ).stdout.trim()
    await execOn(c1, 'docker service scale -d pier-registry=0 >/dev/null')
    try {
      for (let i = 0; i < 60; i++) {
        const api = await execOn(c1, `curl -s -m 2 http://127.0.0.1:${REGISTRY_PORT}/v2/`)
        if (api.stdout.trim() !== '{}') break
        await new Promise((r) => setTimeout(r, 500))
      }
      const r = await core.apps.deploy('web', { wait: true })
      expect(r.state).toBe('failed')
      expect(r.reason).toMatch(
        /pushing the image to the cluster's registry at 127\.0\.0\.1:\d+ failed .*the service was not touched/
      )
      const after = await execOn(
        c1,
        "docker service inspect web_app --format '{{.Spec.TaskTemplate.ContainerSpec.Image}}'"
      )
      expect(after.stdout.trim()).toBe(before)
      expect(await imageId(c1, 'pier/web:2')).toBe('')
      expect((await core.apps.releases('web')).map((x) => [x.number, x.current])).toEqual([
        [1, true]
      ])
    } finally {
      await execOn(c1, 'docker service scale -d pier-registry=1 >/dev/null')
    }
  }, 300_000)

  it('rolls back in registry mode: the old release is pushed again by its digest and a worker that lost it pulls it', async () => {
    const serviceImage = async (): Promise<string> =>
      (
        await execOn(
          c1,
          "docker service inspect web_app --format '{{.Spec.TaskTemplate.ContainerSpec.Image}}'"
        )
      ).stdout.trim()
    const first = await serviceImage()
    const d1 = first.slice(first.indexOf('@'))
    await makeImage(c1, SOURCE2)
    core.apps.update('web', { image: SOURCE2 })
    try {
      const second = await core.apps.deploy('web', { wait: true })
      expect(second).toMatchObject({ state: 'succeeded', release: 2 })
      await services('web_app', (s) => s.running === 3 && s.image === `${REPO}:2`, 90)
      expect(await serviceImage()).not.toContain(d1)
      // h3 loses release 1's image, as a node added since would never have pulled it.
      const gone = await execOn(
        c3,
        `docker container prune -f >/dev/null; docker rmi '${REPO}${d1}'`
      )
      expect(gone.code, gone.stderr).toBe(0)
      expect(await imageId(c3, sourceId)).toBe('')

      const back = await core.apps.rollback('web', { wait: true })
      expect(back).toMatchObject({ state: 'succeeded', kind: 'rollback', release: 3 })
      const log = await jobLog(h1.name, back.jobId)
      expect(log).toContain(
        `pushed ${REPO}:3; the nodes pull it from the registry as ${d1.slice(1)}`
      )
      expect(await serviceImage()).toBe(`${REPO}:3${d1}`)
      const svc = await services('web_app', (s) => s.running === 3 && s.image === `${REPO}:3`, 90)
      expect(svc.errors.filter((e) => /no such image|manifest unknown/i.test(e.error))).toEqual([])
      // The registry serves release 1's digest to h3, whether or not swarm put a task there.
      const pull = await execOn(c3, `docker pull -q '${REPO}${d1}'`)
      expect(pull.code, pull.stderr).toBe(0)
      expect(await imageId(c3, `${REPO}${d1}`)).toBe(sourceId)
    } finally {
      // The next test streams the first image again.
      core.apps.update('web', { image: SOURCE })
    }
  }, 400_000)

  it('switches back to stream: keeps the registry while web runs its image, streams, then removes it', async () => {
    const kept = await core.clusters.setImages('hub', 'stream')
    expect(kept).toMatchObject({ images: 'stream', registry: 'kept', usedBy: ['web_app'] })
    expect(core.clusters.get('hub').distribution).toBe('stream')
    const r = await core.apps.deploy('web', { wait: true })
    expect(r).toMatchObject({ state: 'succeeded', release: 4 })
    const log = await jobLog(h1.name, r.jobId)
    // The workers pulled this image from the registry: it only needs the release tag there.
    expect(log).toMatch(
      /pier\/web:4 is on every node that may run it; tagged on .*which had the image/
    )
    expect(log).not.toMatch(/loaded on/)
    expect(log).not.toMatch(/pushing/)
    const image = await execOn(
      c1,
      "docker service inspect web_app --format '{{.Spec.TaskTemplate.ContainerSpec.Image}}'"
    )
    expect(image.stdout.trim()).toBe('pier/web:4')
    for (const c of [c2, c3]) expect(await imageId(c, 'pier/web:4')).toBe(sourceId)
    await services('web_app', (s) => s.running === 3 && s.desired === 3, 90)

    const removed = await core.clusters.setImages('hub', 'stream')
    expect(removed).toMatchObject({ registry: 'removed', usedBy: [] })
    const left = await execOn(c1, "docker service ls --format '{{.Name}}'")
    expect(left.stdout.split('\n').filter((s) => s.startsWith('pier-registry'))).toEqual([])
    let ports: string[] = []
    for (let i = 0; i < 60; i++) {
      ports = await listeners(c2)
      if (!ports.includes(`127.0.0.1:${REGISTRY_PORT}`)) break
      await new Promise((r) => setTimeout(r, 500))
    }
    expect(ports).not.toContain(`127.0.0.1:${REGISTRY_PORT}`)
    // The stored images stay in the manager's volume until removed by hand.
    const vol = await execOn(c1, 'docker volume inspect -f ok pier-registry-data')
    expect(vol.stdout.trim()).toBe('ok')
  }, 400_000)

  it('removing the app removes what the workers pulled and what Pier loaded', async () => {
    for (const c of [c2, c3]) expect((await pulledRefs(c)).length).toBeGreaterThan(0)
    await core.apps.remove('web')
    for (const c of [c2, c3]) {
      expect(await pulledRefs(c)).toEqual([])
      expect(await imageId(c, 'pier/web:4')).toBe('')
    }
    expect(await pulledRefs(c1)).toEqual([])
  }, 120_000)

  it.skipIf(!built)('pier cluster set takes --images stream|registry and refuses the rest', () => {
    const cli = (args: string[]) => {
      try {
        return {
          code: 0,
          out: execFileSync(process.execPath, [PIER, ...args, '--home', home], {
            encoding: 'utf8',
            timeout: 60_000,
            stdio: ['ignore', 'pipe', 'pipe']
          })
        }
      } catch (e) {
        const x = e as { status: number; stdout: string; stderr: string }
        return { code: x.status, out: x.stdout + x.stderr }
      }
    }
    for (const bad of ['bogus', 'registry;reboot', '$(id)', 'Registry']) {
      const r = cli(['cluster', 'set', 'hub', '--images', bad])
      expect(r.code, bad).not.toBe(0)
      expect(r.out, bad).toMatch(/images/i)
    }
    const none = cli(['cluster', 'set', 'nope', '--images', 'stream'])
    expect(none.code).not.toBe(0)
    expect(none.out).toMatch(/No cluster named nope/)
    const nodes = cli(['cluster', 'nodes', 'hub'])
    expect(nodes.code, nodes.out).toBe(0)
    expect(nodes.out).toMatch(/images: streamed over SSH/)
  })
})
