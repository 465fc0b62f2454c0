// Apps on a cluster of three real hosts: `--cluster` with replicas spread over the nodes, the
// release image streamed from the manager to the workers (which never had it) before the rollout,
// a domain through the proxy on the manager, a worker lost and found while the app keeps
// answering, constraints that decide which nodes get the image, a laptop that goes away during
// the copy (the service is not touched), and the CLI's strict --constraint.
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import type { Client } from 'ssh2'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createCore, type Core } from '../../main/core/core'
import type { PierError } from '../../main/core/errors'
import type { ClusterService } from '../../main/core/clusters/tasks'
import { cutLink, ensureCaddyImage, restoreLink } from '../hosts/harness'
import { memoryKeychain } from '../support/memory-keychain'
import { ensureSwarm, leaveSwarm } from './apps-support'
import { imageId, makeImage } from './cluster-support'
import { connectSsh, execOn, hostsOrSkip, recordHarnessServer, type TestHost } from './support'

const hosts = hostsOrSkip()
const root = path.resolve(import.meta.dirname, '../..')
const PIER = path.join(root, 'bin/pier.js')
const built = fs.existsSync(path.join(root, 'out/main/cli.js'))
/** Made on h1 only (a committed container, so its image id exists nowhere else). */
const SOURCE = 'pier-test/cluster-web:1'
const SOURCE2 = 'pier-test/cluster-web:2'
const SOURCE3 = 'pier-test/cluster-web:3'
const HEALTH = "printf 'GET / HTTP/1.0\\r\\n\\r\\n' | nc -w 2 127.0.0.1 8080 | grep -q 200"
/** busybox httpd answering "APP CONTAINER", so a reply says which replica served it. */
const site = (name: string) => [
  'sh',
  '-c',
  `mkdir -p /www && echo "${name} $(hostname)" > /www/index.html && exec httpd -f -p 8080 -h /www`
]
const spec = (name: string) => ({
  command: site(name),
  healthcheck: { cmd: HEALTH, intervalSec: 1, timeoutSec: 2, retries: 2, startPeriodSec: 1 },
  memoryMb: 64,
  stopGraceSec: 1
})

/** GET https://DOMAIN/ through the proxy on the host, the name pinned to 127.0.0.1. */
async function get(conn: Client, domain: string, timeoutSec = 5): Promise<string> {
  const r = await execOn(
    conn,
    `curl -sk -m ${timeoutSec} --resolve ${domain}:443:127.0.0.1 https://${domain}/ || true`
  )
  return r.stdout.trim()
}

describe.skipIf(hosts.length < 3)('apps on a cluster (three real hosts)', () => {
  let core: Core
  let home = ''
  let h1: TestHost, h2: TestHost, h3: TestHost
  let c1: Client, c2: Client, c3: Client
  let sourceId = ''
  const imageBefore = process.env.PIER_CADDY_IMAGE

  async function services(name: string, ok: (s: ClusterService) => boolean, seconds: number) {
    let last: unknown = 'nothing yet'
    for (let i = 0; i < seconds * 2; i++) {
      const svc = (await core.clusters.services('edge')).find((s) => s.name === name)
      last = svc
      if (svc && ok(svc)) return svc
      await new Promise((r) => setTimeout(r, 500))
    }
    throw new Error(`service condition not reached; last: ${JSON.stringify(last)}`)
  }

  beforeAll(async () => {
    ;[h1, h2, h3] = hosts as [TestHost, TestHost, TestHost]
    await ensureSwarm(h1)
    await leaveSwarm(h2)
    await leaveSwarm(h3)
    await ensureCaddyImage(h1.name, 'caddy:local')
    process.env.PIER_CADDY_IMAGE = 'caddy:local'
    home = fs.mkdtempSync('/tmp/pier-cluster-apps-')
    core = createCore({
      home,
      keychain: memoryKeychain(),
      sshKeepaliveMs: 1000,
      distributeWaitSec: 30
    })
    for (const h of [h1, h2, h3]) recordHarnessServer(core, h)
    ;[c1, c2, c3] = await Promise.all([connectSsh(h1), connectSsh(h2), connectSsh(h3)])
    sourceId = await makeImage(c1, SOURCE)
    for (const c of [c2, c3])
      await execOn(c, "docker images -q 'pier/*' | xargs -r docker rmi -f >/dev/null 2>&1; true")
    await core.clusters.create('edge', h1.name)
    await execOn(c1, 'docker swarm update --dispatcher-heartbeat 1s >/dev/null')
    await core.clusters.join('edge', h2.name)
    await core.clusters.join('edge', h3.name)
    for (let i = 0; i < 60; i++) {
      const { nodes } = await core.clusters.nodes('edge')
      if (nodes.length === 3 && nodes.every((n) => n.status === 'ready')) break
      await new Promise((r) => setTimeout(r, 500))
    }
  }, 600_000)

  afterAll(async () => {
    for (const h of [h1, h2, h3]) if (h) await restoreLink(h.name).catch(() => undefined)
    if (imageBefore === undefined) delete process.env.PIER_CADDY_IMAGE
    else process.env.PIER_CADDY_IMAGE = imageBefore
    for (const a of core?.apps.list() ?? []) await core.apps.remove(a.name).catch(() => undefined)
    if (c1)
      await execOn(
        c1,
        `docker service rm pier-proxy >/dev/null 2>&1; rm -rf ~/.pier/proxy; docker rmi ${SOURCE} ${SOURCE2} ${SOURCE3} >/dev/null 2>&1; true`
      ).catch(() => undefined)
    for (const c of [c1, c2, c3]) {
      await execOn(c, "docker images -q 'pier/*' | xargs -r docker rmi -f >/dev/null 2>&1; true")
      c?.end()
    }
    core?.close()
    // Workers first, so the manager's leave does not strand them.
    for (const h of [h3, h2, h1]) if (h) await leaveSwarm(h)
    fs.rmSync(home, { recursive: true, force: true })
  }, 300_000)

  it('refuses --server with --cluster, an unknown cluster, and placement on a single server', () => {
    const both = (() => {
      try {
        core.apps.create({
          name: 'both',
          server: h1.name,
          cluster: 'edge',
          image: SOURCE,
          spec: {}
        })
      } catch (e) {
        return e as PierError
      }
    })()
    expect(both?.code).toBe('invalid_input')
    expect(both?.message).toMatch(/--server and --cluster exclude each other/)
    const unknown = (() => {
      try {
        core.apps.create({ name: 'nowhere', cluster: 'nope', image: SOURCE, spec: {} })
      } catch (e) {
        return e as PierError
      }
    })()
    expect(unknown?.code).toBe('not_found')
    const placed = (() => {
      try {
        core.apps.create({
          name: 'single',
          server: h1.name,
          image: SOURCE,
          spec: { constraints: ['node.role==worker'] }
        })
      } catch (e) {
        return e as PierError
      }
    })()
    expect(placed?.message).toMatch(/this app runs on one server/)
    expect(core.apps.list()).toEqual([])
  })

  it('deploys 3 spread replicas: the workers get the release image first, then run one each', async () => {
    for (const c of [c2, c3]) expect(await imageId(c, sourceId)).toBe('')
    const app = core.apps.create({
      name: 'web',
      cluster: 'edge',
      image: SOURCE,
      spec: { ...spec('web'), replicas: 3, preferences: ['spread=node.id'] }
    })
    expect(app).toMatchObject({ cluster: 'edge', server: h1.name })
    const r = await core.apps.deploy('web', { wait: true })
    expect(r).toMatchObject({ state: 'succeeded', release: 1, server: h1.name })
    for (const c of [c2, c3]) expect(await imageId(c, 'pier/web:1')).toBe(sourceId)
    let log = ''
    for await (const chunk of core.jobs.logs(h1.name, r.jobId)) log += chunk.data
    expect(log).toMatch(/::pier step distribute/)
    expect(log).toMatch(/pier\/web:1 is on every node that may run it; loaded on /)
    // The distribute step comes before the update: the service never ran an image a node lacked.
    expect(log.indexOf('step distribute')).toBeLessThan(log.indexOf('step update'))
    const svc = await services('web_app', (s) => s.running === 3, 60)
    expect(svc.perNode).toEqual({ [h1.name]: 1, [h2.name]: 1, [h3.name]: 1 })
    expect(svc.app).toBe('web')
    expect(svc.errors.filter((e) => /no such image/i.test(e.error))).toEqual([])
    const compose = await execOn(c1, 'cat ~/.pier/apps/web/releases/1.compose.json')
    expect(JSON.parse(compose.stdout).services.app.deploy.placement).toEqual({
      preferences: [{ spread: 'node.id' }]
    })
  }, 300_000)

  it('serves the app on a domain through Caddy on the manager, from replicas on every node', async () => {
    await core.proxy.add({ app: 'web', domain: 'web.test', tls: 'internal', port: 8080 })
    await expect
      .poll(() => get(c1, 'web.test'), { timeout: 60_000, interval: 1000 })
      .toMatch(/^web /)
    const pinned = await execOn(
      c1,
      "docker service inspect pier-proxy --format '{{range .Spec.TaskTemplate.Placement.Constraints}}{{.}}{{end}}'; docker info --format '{{.Swarm.NodeID}}'"
    )
    const [constraint, nodeId] = pinned.stdout.trim().split('\n')
    expect(constraint).toBe(`node.id==${nodeId}`)
    // Joining the proxy's network rolled the tasks over; once settled, round robin over the
    // three tasks reaches the replicas on the workers across the overlay network.
    await services('web_app', (s) => s.running === 3 && s.desired === 3, 60)
    const tasks = await execOn(
      c1,
      "docker service ps web_app --filter desired-state=running --format '{{.Node}} {{.CurrentState}}'"
    )
    const seen = new Set<string>()
    for (let i = 0; i < 60 && seen.size < 3; i++) seen.add(await get(c1, 'web.test'))
    expect([...seen].every((s) => /^web [0-9a-f]{12}$/.test(s))).toBe(true)
    expect([...seen].sort(), tasks.stdout).toHaveLength(3)
  }, 180_000)

  it('keeps answering through the proxy while a worker is lost and its task moves; the node comes back', async () => {
    const answers: string[] = []
    let stop = false
    const loop = (async () => {
      while (!stop) answers.push(await get(c1, 'web.test', 30))
    })()
    try {
      await new Promise((r) => setTimeout(r, 2000))
      await cutLink(h3.name)
      const moved = await services('web_app', (s) => s.running === 3 && !s.perNode[h3.name], 120)
      expect((moved.perNode[h1.name] ?? 0) + (moved.perNode[h2.name] ?? 0)).toBe(3)
      // Some more requests once swarm has settled on two nodes.
      const settled = answers.length
      while (answers.length < settled + 10) await new Promise((r) => setTimeout(r, 200))
    } finally {
      stop = true
      await loop
      await restoreLink(h3.name)
    }
    expect(answers.length).toBeGreaterThan(10)
    expect(answers.filter((a) => !/^web [0-9a-f]{12}$/.test(a))).toEqual([])
    let status = ''
    for (let i = 0; i < 120 && status !== 'ready'; i++) {
      await new Promise((r) => setTimeout(r, 500))
      const { nodes } = await core.clusters.nodes('edge')
      status = nodes.find((n) => n.server === h3.name)?.status ?? ''
    }
    expect(status).toBe('ready')
  }, 300_000)

  it('copies the image only to the nodes its constraints allow', async () => {
    await core.clusters.updateNode('edge', h2.name, { labels: { tier: 'web' } })
    core.apps.create({
      name: 'api',
      cluster: 'edge',
      image: SOURCE,
      spec: { ...spec('api'), replicas: 1, constraints: ['node.labels.tier==web'] }
    })
    const r = await core.apps.deploy('api', { wait: true })
    expect(r).toMatchObject({ state: 'succeeded', release: 1 })
    expect(await imageId(c2, 'pier/api:1')).toBe(sourceId)
    expect(await imageId(c3, 'pier/api:1')).toBe('')
    const svc = await services('api_app', (s) => s.running === 1, 60)
    expect(svc.perNode).toEqual({ [h2.name]: 1 })

    // The manager runs no replica of api: its status names the container on h2, and the app's
    // terminal opens there, over h2's own connection.
    const st = (await core.apps.status()).find((a) => a.app === 'api')?.service
    expect(st?.containers).toHaveLength(1)
    const ctr = st?.containers[0] as { id: string; name: string; server: string }
    expect(ctr.server).toBe(h2.name)
    expect(ctr.name).toMatch(/^api_app\.1\.[a-z0-9]+$/)
    const session = await core.terminals.openContainer(ctr.server, ctr.name, {
      cols: 80,
      rows: 24
    })
    expect(session.info).toMatchObject({ server: h2.name, kind: 'container' })
    let out = ''
    session.write('cat /www/index.html; exit 3\n')
    for await (const e of session.events()) {
      if (e.t === 'out') {
        out += e.data
        session.ack(e.bytes)
      } else expect(e).toMatchObject({ code: 3 })
    }
    const ps = await execOn(c2, `docker ps --filter name=${ctr.name} --format '{{.ID}}'`)
    const onH2 = ps.stdout.trim()
    expect(onH2).not.toBe('')
    // httpd's page holds the container's hostname: its short id, on h2.
    expect(out).toMatch(new RegExp(`api ${onH2.slice(0, 12)}`))
  }, 300_000)

  it('leaves the service untouched when the laptop goes away before the image is copied', async () => {
    const gone = new AbortController()
    gone.abort()
    // The laptop side stops at once (as a closed lid would); the job on the manager goes on.
    const err = (await core.apps
      .deploy('web', { signal: gone.signal })
      .catch((e: unknown) => e)) as PierError
    expect(err.code).toBe('timeout')
    const jobId = core.apps.deployments('web')[0]?.jobId as string
    let state = ''
    for (let i = 0; i < 120 && !['failed', 'succeeded', 'cancelled'].includes(state); i++) {
      await new Promise((r) => setTimeout(r, 1000))
      state = (await core.jobs.status(h1.name, jobId)).state
    }
    expect(state).toBe('failed')
    let log = ''
    for await (const chunk of core.jobs.logs(h1.name, jobId)) log += chunk.data
    expect(log).toMatch(/did not copy the image to the other nodes within 30s.*not touched/)
    expect(log).not.toMatch(/::pier step update/)
    const image = await execOn(
      c1,
      "docker service inspect web_app --format '{{.Spec.TaskTemplate.ContainerSpec.Image}}'"
    )
    expect(image.stdout.trim()).toBe('pier/web:1')
    expect(await imageId(c1, 'pier/web:2')).toBe('')
    expect((await core.apps.releases('web')).map((x) => [x.number, x.current])).toEqual([[1, true]])
    expect(await get(c1, 'web.test')).toMatch(/^web /)
  }, 300_000)

  it('rolls back on the cluster: the old release reaches a node that lost it; counts stay within desired; retention prunes the workers too', async () => {
    // A second image, again made on h1 only.
    const source2Id = await makeImage(c1, SOURCE2)
    expect(source2Id).not.toBe(sourceId)
    core.apps.update('web', { image: SOURCE2, spec: { keep: 2 } })

    // Release 2, a start-first rolling update of 3 replicas: what the API says meanwhile never
    // counts the old spec's tasks with the new ones (it used to say e.g. 4/3).
    const seen: { running: number; desired: number | null; release: number | null }[] = []
    let updating = true
    const watch = (async () => {
      while (updating) {
        const st = (await core.apps.status()).find((a) => a.app === 'web')?.service
        if (st) seen.push({ running: st.running, desired: st.desired, release: st.release })
        const svc = (await core.clusters.services('edge')).find((x) => x.name === 'web_app')
        if (svc) seen.push({ running: svc.running, desired: svc.desired, release: null })
        await new Promise((r) => setTimeout(r, 250))
      }
    })()
    let second
    try {
      second = await core.apps.deploy('web', { wait: true })
    } finally {
      updating = false
      await watch
    }
    expect(second).toMatchObject({ state: 'succeeded', release: 2 })
    expect(seen.filter((x) => x.release === 2).length).toBeGreaterThan(0)
    expect(seen.filter((x) => x.desired !== null && x.running > x.desired)).toEqual([])
    for (const c of [c2, c3]) expect(await imageId(c, 'pier/web:2')).toBe(source2Id)

    // h3 loses release 1's image (as a node added since would never have had it); h2 keeps it.
    const gone = await execOn(c3, 'docker container prune -f >/dev/null; docker rmi pier/web:1')
    expect(gone.code, gone.stderr).toBe(0)
    expect(await imageId(c3, sourceId)).toBe('')
    expect(await imageId(c2, 'pier/web:1')).toBe(sourceId)

    const back = await core.apps.rollback('web', { wait: true })
    expect(back).toMatchObject({ state: 'succeeded', kind: 'rollback', release: 3 })
    let log = ''
    for await (const chunk of core.jobs.logs(h1.name, back.jobId)) log += chunk.data
    expect(log).toMatch(new RegExp(`pier/web:3 is on every node .*loaded on ${h3.name}`))
    expect(log).toMatch(new RegExp(`tagged on ${h2.name}, which had the image`))
    expect(log.indexOf('step distribute')).toBeLessThan(log.indexOf('step update'))
    for (const c of [c1, c2, c3]) expect(await imageId(c, 'pier/web:3')).toBe(sourceId)
    const svc = await services('web_app', (x) => x.running === 3 && x.image === 'pier/web:3', 60)
    expect(svc.errors.filter((e) => /no such image/i.test(e.error))).toEqual([])
    const st = (await core.apps.status()).find((a) => a.app === 'web')?.service
    expect(st).toMatchObject({ running: 3, desired: 3, release: 3 })
    expect(await get(c1, 'web.test')).toMatch(/^web /)

    // Release 4 with keep 2: the manager prunes releases 1 and 2, and so do the workers; the
    // images stay where a kept release (3 is 1's image, 4 is 2's) still names them.
    const fourth = await core.apps.deploy('web', { wait: true })
    expect(fourth).toMatchObject({ state: 'succeeded', release: 4 })
    const tagsOn = async (c: Client): Promise<string[]> =>
      (await execOn(c, "docker image ls --format '{{.Repository}}:{{.Tag}}' pier/web")).stdout
        .split('\n')
        .filter(Boolean)
        .sort()
    for (const c of [c1, c2, c3]) expect(await tagsOn(c)).toEqual(['pier/web:3', 'pier/web:4'])
    expect((await core.apps.releases('web')).map((x) => [x.number, x.pruned, x.current])).toEqual([
      [4, false, true],
      [3, false, false],
      [2, true, false],
      [1, true, false]
    ])

    // Release 5, a third image: release 3 goes, and with it the first image, which no kept
    // release names and only stopped task containers (swarm's history) still use on the nodes.
    await makeImage(c1, SOURCE3)
    core.apps.update('web', { image: SOURCE3 })
    const fifth = await core.apps.deploy('web', { wait: true })
    expect(fifth).toMatchObject({ state: 'succeeded', release: 5 })
    for (const c of [c1, c2, c3]) expect(await tagsOn(c)).toEqual(['pier/web:4', 'pier/web:5'])
    // Gone from h3, though stopped containers of its tasks used it; h2 keeps it for api (its
    // pier/api:1 runs there), the manager for the source's own tag.
    expect(await imageId(c3, sourceId)).toBe('')
    expect(await imageId(c2, 'pier/api:1')).toBe(sourceId)
    expect(await imageId(c1, SOURCE)).toBe(sourceId)
    await services('web_app', (x) => x.running === 3 && x.image === 'pier/web:5', 60)
  }, 500_000)

  it('removes a cluster app with the release images Pier copied to the workers', async () => {
    expect(await imageId(c2, 'pier/api:1')).toBe(sourceId)
    await core.apps.remove('api')
    expect(await imageId(c2, 'pier/api:1')).toBe('')
    expect(await imageId(c1, 'pier/api:1')).toBe('')
    // The source image itself is not Pier's to remove.
    expect(await imageId(c1, SOURCE)).toBe(sourceId)
    const left = await execOn(c1, "docker service ls --format '{{.Name}}'")
    expect(left.stdout.split('\n')).not.toContain('api_app')
  }, 120_000)

  it.skipIf(!built)(
    'pier app create --cluster takes repeatable --constraint and refuses a hostile one',
    () => {
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
      const base = ['app', 'create', 'cli-web', '--image', SOURCE]
      for (const hostile of [
        'node.labels.tier==web;reboot',
        'node.labels.tier==$(id)',
        'node.labels.tier==`id`',
        'node.labels.tier==a\nb',
        'node.labels.t"ier==web',
        'node.ip==10.0.0.1'
      ]) {
        const r = cli([...base, '--cluster', 'edge', '--constraint', hostile])
        expect(r.code, hostile).not.toBe(0)
        expect(r.out).toMatch(/constraint|placement attribute|plain value/i)
      }
      const both = cli([...base, '--cluster', 'edge', '--server', h1.name])
      expect(both.code).not.toBe(0)
      expect(both.out).toMatch(/--server and --cluster exclude each other/)
      expect(core.apps.list().map((a) => a.name)).not.toContain('cli-web')
      const ok = cli([
        ...base,
        '--cluster',
        'edge',
        '--replicas',
        '2',
        '--constraint',
        'node.role != manager',
        '--constraint',
        'node.labels.tier==web',
        '--preference',
        'spread=node.labels.zone',
        '--json'
      ])
      expect(ok.code, ok.out).toBe(0)
      expect(JSON.parse(ok.out)).toMatchObject({
        name: 'cli-web',
        cluster: 'edge',
        server: h1.name,
        spec: {
          replicas: 2,
          constraints: ['node.role!=manager', 'node.labels.tier==web'],
          preferences: ['spread=node.labels.zone']
        }
      })
    }
  )
})
