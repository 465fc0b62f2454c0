// The Clusters page's pure logic and store: which servers may still form or join a cluster, how
// node states and warnings look, which node actions are offered, what a label edit sends (and
// which rows it refuses, hostile ones included), and the store against a scripted API: a node
// change shows at once, a refused one stays on its row, a join error comes back with its hint,
// a late services answer for another cluster is dropped, and the watch feeds the view.
import { beforeEach, describe, expect, it } from 'vitest'
import type { Cluster, ClusterNode } from '../../main/core/clusters/model'
import { clusterWarnings } from '../../main/core/clusters/model'
import type { ClusterService } from '../../main/core/clusters/tasks'
import {
  advertiseProblem,
  clusterNameProblem,
  freeServers,
  labelEdit,
  labelRows,
  lacksImage,
  nodeChoices,
  nodeLabel,
  nodeStatusView,
  replicasText,
  replicasTone,
  roleText,
  roleTone,
  settled,
  warningTone
} from '../../renderer/src/lib/clusters'
import {
  clusterSelectors,
  createClusterActions,
  initialClustersState,
  useClusters,
  type ClusterNodes
} from '../../renderer/src/stores/clusters'
import type { StoreDeps } from '../../renderer/src/stores/deps'

const HOSTILE = ['a;b', 'a$(id)', 'a`id`', 'a\nb', '../x', 'ünï', 'a b', '=x', 'k'.repeat(64)]

const cluster = (name: string, servers: string[]): Cluster => ({
  id: `id-${name}`,
  name,
  swarmId: `swarm-${name}`,
  distribution: 'stream',
  createdAt: 1,
  members: servers.map((server, i) => ({
    server,
    nodeId: `n-${server}`,
    role: i === 0 ? 'manager' : 'worker',
    joinedAt: 1
  }))
})

const node = (over: Partial<ClusterNode> = {}): ClusterNode => ({
  id: 'n1',
  hostname: 'host-1',
  server: 'web1',
  role: 'worker',
  status: 'ready',
  availability: 'active',
  managerStatus: null,
  addr: '10.0.0.2',
  engineVersion: '26.1.5',
  labels: {},
  cpus: 2,
  memoryBytes: 2 * 1024 ** 3,
  ...over
})

describe('cluster page logic', () => {
  it('offers only servers in no cluster, in their order', () => {
    const servers = [{ name: 'a' }, { name: 'b' }, { name: 'c' }, { name: 'd' }]
    expect(freeServers(servers, [cluster('prod', ['b']), cluster('eu', ['d', 'a'])])).toEqual([
      { name: 'c' }
    ])
    expect(freeServers(servers, []).map((s) => s.name)).toEqual(['a', 'b', 'c', 'd'])
  })

  it('names a node by its server, else its hostname', () => {
    expect(nodeLabel(node())).toBe('web1')
    expect(nodeLabel(node({ server: null }))).toBe('host-1')
  })

  it('shows node states as a tone and a word, unknown words included', () => {
    expect(nodeStatusView('ready')).toEqual({ tone: 'ok', text: 'Ready' })
    expect(nodeStatusView('down')).toEqual({ tone: 'bad', text: 'Down' })
    expect(nodeStatusView('disconnected').tone).toBe('bad')
    expect(nodeStatusView('unknown').tone).toBe('idle')
    expect(nodeStatusView('weird')).toEqual({ tone: 'warn', text: 'weird' })
    expect(roleText(node())).toBe('Worker')
    expect(roleText(node({ role: 'manager', managerStatus: 'leader' }))).toBe('Manager · leader')
    expect(roleTone(node({ role: 'manager', managerStatus: 'unreachable' }))).toBe('bad')
    expect(roleTone(node({ role: 'manager', managerStatus: 'reachable' }))).toBe('idle')
  })

  it('styles each of main’s warnings by what it means', () => {
    const nodes = [
      { role: 'manager' as const, status: 'ready' },
      { role: 'manager' as const, status: 'ready' },
      { role: 'worker' as const, status: 'down' }
    ]
    const tones = clusterWarnings(nodes).map(warningTone)
    expect(tones).toEqual(['warn', 'bad'])
    expect(warningTone(clusterWarnings(nodes.slice(0, 1).concat(nodes[2]!))[0]!)).toBe('warn')
    expect(
      warningTone(
        'No IPVS in the kernel: Swarm’s routing mesh and virtual IPs do not work here. Pier publishes ports on each node (host mode) and resolves services by DNS round-robin.'
      )
    ).toBe('info')
  })

  it('offers the availability and role changes that make sense from where the node is', () => {
    const ids = (n: ClusterNode, managers: number) => nodeChoices(n, managers).map((c) => c.id)
    expect(ids(node(), 1)).toEqual(['drain', 'pause', 'promote'])
    expect(ids(node({ availability: 'drain' }), 1)).toEqual(['pause', 'activate', 'promote'])
    expect(ids(node({ role: 'manager', availability: 'pause' }), 3)).toEqual([
      'drain',
      'activate',
      'demote'
    ])
    // The only manager is never offered a demotion.
    expect(ids(node({ role: 'manager' }), 1)).toEqual(['drain', 'pause'])
    expect(nodeChoices(node(), 1)[0]?.patch).toEqual({ availability: 'drain' })
  })

  it('sends only what a label edit changed', () => {
    const original = { zone: 'a', disk: 'ssd', old: 'x' }
    const rows = labelRows(original)
    expect(rows.map((r) => r.key)).toEqual(['disk', 'old', 'zone'])
    const edit = labelEdit(original, [
      { key: 'disk', value: 'ssd' },
      { key: 'zone', value: 'b' },
      { key: ' gpu ', value: '' },
      { key: '', value: '' }
    ])
    expect(edit).toMatchObject({
      valid: true,
      changed: true,
      label: ['zone=b', 'gpu='],
      removeLabel: ['old']
    })
    expect(labelEdit(original, rows)).toMatchObject({ changed: false, label: [], removeLabel: [] })
  })

  it('refuses bad label rows on their row, hostile keys included, and sends nothing', () => {
    for (const key of HOSTILE) {
      const edit = labelEdit({}, [{ key, value: 'v' }])
      expect(edit.valid, JSON.stringify(key)).toBe(false)
      expect(edit.problems[0], JSON.stringify(key)).toMatch(/label key/)
    }
    const value = labelEdit({}, [{ key: 'ok', value: 'say "hi"' }])
    expect(value.problems[0]).toMatch(/quotes or line breaks/)
    expect(labelEdit({}, [{ key: 'ok', value: 'a\nb' }]).valid).toBe(false)
    expect(labelEdit({}, [{ key: '', value: 'orphan' }]).problems[0]).toMatch(/needs a key/)
    const dup = labelEdit({}, [
      { key: 'zone', value: 'a' },
      { key: 'zone', value: 'b' }
    ])
    expect(dup.problems).toEqual([null, expect.stringMatching(/already used/)])
    // Values may hold what keys may not, short of quotes and line breaks.
    expect(labelEdit({}, [{ key: 'cmd', value: '$(id); `x` ../ ünï' }]).valid).toBe(true)
  })

  it('checks the form’s name and address with main’s rules', () => {
    expect(clusterNameProblem('prod-eu')).toBeNull()
    expect(clusterNameProblem('')).toMatch(/name/)
    for (const bad of ['a;b', 'a$(id)', 'Prod', 'prod-', 'x'.repeat(31), '../x', 'a\nb'])
      expect(clusterNameProblem(bad), bad).toMatch(/cluster name/)
    expect(advertiseProblem('')).toBeNull()
    expect(advertiseProblem('10.0.0.1')).toBeNull()
    expect(advertiseProblem('10.0.0.1:2377')).toMatch(/advertise address/)
    expect(advertiseProblem('300.0.0.1')).toMatch(/0-255/)
    expect(advertiseProblem('eth0; reboot')).toMatch(/advertise address/)
  })

  it('offers the image copy only when tasks lack their image, and reads replicas', () => {
    const svc = (over: Partial<ClusterService>): ClusterService => ({
      id: 's',
      name: 'web',
      app: null,
      image: 'web:1',
      desired: 3,
      running: 1,
      perNode: { a: 1 },
      errors: [],
      constraints: [],
      ...over
    })
    const err = { node: 'b', state: 'rejected', at: '2', error: '' }
    expect(lacksImage(svc({ errors: [{ ...err, error: 'No such image: web:1' }] }))).toBe(true)
    expect(lacksImage(svc({ errors: [{ ...err, error: 'port already in use' }] }))).toBe(false)
    expect(replicasText(svc({}))).toBe('1 / 3')
    expect(replicasTone(svc({}))).toBe('warn')
    expect(replicasTone(svc({ running: 0 }))).toBe('bad')
    expect(replicasTone(svc({ running: 3 }))).toBe('ok')
    expect(replicasText(svc({ desired: null, running: 2 }))).toBe('2 (global)')
    // Errors of replaced tasks linger in the swarm's history; once all run, they are the past.
    expect(settled(svc({}))).toBe(false)
    expect(settled(svc({ running: 3 }))).toBe(true)
    expect(settled(svc({ desired: null, running: 0 }))).toBe(false)
  })
})

type Pending = {
  method: string
  input: Record<string, unknown>
  resolve(v: unknown): void
  reject(e: unknown): void
}

function fakeApi(snapshots: ClusterNodes[] = []) {
  const calls: Pending[] = []
  let streamed: { method: string; input: unknown; returned: boolean } | null = null
  const api: StoreDeps['api'] = {
    call: ((method: string, input: Record<string, unknown>) =>
      new Promise((resolve, reject) =>
        calls.push({ method, input, resolve, reject })
      )) as StoreDeps['api']['call'],
    stream: ((method: string, input: unknown) => {
      const s = { method, input, returned: false }
      streamed = s
      const it = (async function* () {
        for (const snap of snapshots) yield snap
        await new Promise(() => {})
      })()
      return Object.assign(it, {
        return: async () => {
          s.returned = true
          return { done: true as const, value: undefined }
        }
      })
    }) as unknown as StoreDeps['api']['stream']
  }
  const next = async (method: string): Promise<Pending> => {
    for (let i = 0; i < 100; i++) {
      const at = calls.findIndex((c) => c.method === method)
      if (at >= 0) return calls.splice(at, 1)[0] as Pending
      await new Promise((r) => setTimeout(r, 1))
    }
    throw new Error(`no ${method} call`)
  }
  return { api, next, streamed: () => streamed }
}

const describeError = (err: unknown) => ({
  message: (err as { message?: string }).message ?? String(err),
  hint: (err as { hint?: string }).hint ?? ''
})

const snapshot = (nodes: ClusterNode[]): ClusterNodes => ({
  cluster: 'prod',
  nodes,
  warnings: [],
  routingMesh: null,
  images: 'stream'
})

describe('clusters store', () => {
  beforeEach(() => useClusters.setState({ ...initialClustersState }, true))

  it('the watch feeds the view and asks for the services; stopping ends the stream', async () => {
    const { api, next, streamed } = fakeApi([snapshot([node()])])
    const actions = createClusterActions({ api, describeError })
    useClusters.setState({ clusters: [cluster('prod', ['web1'])], status: 'ready' })
    const stop = actions.watch('prod')
    const services = await next('cluster.services')
    expect(services.input).toEqual({ name: 'prod' })
    expect(useClusters.getState().view?.nodes.map((n) => n.server)).toEqual(['web1'])
    expect(useClusters.getState().live).toBe('live')
    services.resolve([])
    stop()
    expect(streamed()).toMatchObject({ method: 'cluster.watch', returned: true })
  })

  it('a late services answer for a cluster no longer shown is dropped', async () => {
    const { api, next } = fakeApi()
    const actions = createClusterActions({ api, describeError })
    useClusters.setState({ clusters: [cluster('prod', ['a']), cluster('eu', ['b'])] })
    const old = actions.loadServices('prod')
    const call = await next('cluster.services')
    actions.select('eu')
    call.resolve([{ name: 'stale' }])
    await old
    expect(useClusters.getState().services).toEqual([])
    expect(clusterSelectors.current(useClusters.getState())?.name).toBe('eu')
  })

  it('a node change shows at once; a refused one stays on its row with the hint', async () => {
    const { api, next } = fakeApi()
    const actions = createClusterActions({ api, describeError })
    const n = node()
    useClusters.setState({ view: snapshot([n]) })
    const drain = actions.updateNode('prod', n, { availability: 'drain' }, 'Draining…')
    expect(clusterSelectors.nodeOp(n.id)(useClusters.getState())?.busy).toBe('Draining…')
    const call = await next('cluster.node')
    expect(call.input).toEqual({ name: 'prod', node: 'n1', availability: 'drain' })
    call.resolve({ ...n, availability: 'drain' })
    expect(await drain).toBeNull()
    expect(useClusters.getState().view?.nodes[0]?.availability).toBe('drain')
    expect(clusterSelectors.nodeOp(n.id)(useClusters.getState())).toBeNull()

    const demote = actions.updateNode('prod', n, { role: 'worker' }, 'Demoting…')
    ;(await next('cluster.node')).reject({
      message: 'web1 is the only manager of prod; a swarm needs at least one.',
      hint: 'Promote another node first.'
    })
    expect(await demote).toMatchObject({ hint: 'Promote another node first.' })
    expect(clusterSelectors.nodeOp(n.id)(useClusters.getState())).toMatchObject({
      status: 'error',
      error: { message: expect.stringMatching(/only manager/) }
    })
  })

  it('a join error comes back with its hint, and the list is read again', async () => {
    const { api, next } = fakeApi()
    const actions = createClusterActions({ api, describeError })
    const join = actions.join({ name: 'prod', server: 'web2', role: 'worker' })
    const call = await next('cluster.join')
    expect(call.input).toEqual({ name: 'prod', server: 'web2', role: 'worker' })
    call.reject({
      message:
        'web2 cannot reach the manager web1 at 10.0.0.1:2377 (timed out); web2 was left unchanged.',
      hint: 'Open TCP 2377 and 7946 and UDP 4789 and 7946 between the servers.'
    })
    ;(await next('cluster.list')).resolve([cluster('prod', ['web1'])])
    expect(await join).toEqual({
      message: expect.stringContaining('cannot reach the manager'),
      hint: expect.stringContaining('2377')
    })
    expect(useClusters.getState().clusters).toHaveLength(1)
  })

  it('forming selects the new cluster once the list has it', async () => {
    const { api, next } = fakeApi()
    const actions = createClusterActions({ api, describeError })
    useClusters.setState({ clusters: [cluster('eu', ['a'])], status: 'ready' })
    const create = actions.create({ name: 'prod', manager: 'b' })
    ;(await next('cluster.create')).resolve(cluster('prod', ['b']))
    ;(await next('cluster.list')).resolve([cluster('eu', ['a']), cluster('prod', ['b'])])
    expect(await create).toBeNull()
    expect(clusterSelectors.current(useClusters.getState())?.name).toBe('prod')
  })

  it('a copy of an image reports what it loaded where', async () => {
    const { api, next } = fakeApi()
    const actions = createClusterActions({ api, describeError })
    useClusters.setState({ clusters: [cluster('prod', ['a', 'b'])] })
    const copy = actions.distribute('prod', 'web', 'web:1')
    expect(clusterSelectors.distribution('web')(useClusters.getState())?.status).toBe('running')
    const call = await next('cluster.distribute')
    expect(call.input).toEqual({ name: 'prod', image: 'web:1' })
    call.resolve({ image: 'web:1', imageId: 'sha', bytes: 5, loaded: ['b'], skipped: [] })
    await copy
    expect(clusterSelectors.distribution('web')(useClusters.getState())).toMatchObject({
      status: 'done',
      loaded: ['b']
    })
    ;(await next('cluster.services')).resolve([])
  })
})
