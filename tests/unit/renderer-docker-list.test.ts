// The containers list's logic: search and the running filter, sorting (stable across
// refreshes), grouping by server / app / compose project / swarm service, flattening into one
// virtualized list with collapsible groups, and the store that keeps it live from docker.watch
// and runs container actions (with a scripted fake API).
import { beforeEach, describe, expect, it } from 'vitest'
import { asyncQueue, type AsyncQueue } from '../../main/core/async-queue'
import type { AllContainers, ContainerRow } from '../../main/core/docker/model'
import {
  compareContainers,
  containerKey,
  containerListView,
  filterContainers,
  groupContainers,
  matchesSearch,
  toggleSort
} from '../../renderer/src/lib/containers'
import { visibleRows } from '../../renderer/src/lib/virtual-rows'
import {
  createContainerActions,
  initialContainersState,
  useContainers
} from '../../renderer/src/stores/containers'
import type { StoreDeps } from '../../renderer/src/stores/deps'

function row(name: string, over: Partial<ContainerRow> = {}): ContainerRow {
  return {
    server: 'h1',
    id: `${name}-id`.padEnd(64, '0'),
    name,
    image: 'busybox:local',
    imageId: 'sha256:abc',
    command: 'sleep 1',
    state: 'running',
    status: 'Up 2 minutes',
    created: 1_700_000_000,
    ports: [],
    labels: {},
    group: {
      composeProject: null,
      composeService: null,
      swarmService: null,
      swarmStack: null,
      app: null
    },
    ...over
  }
}
const group = (g: Partial<ContainerRow['group']>): Pick<ContainerRow, 'group'> => ({
  group: { ...row('x').group, ...g }
})

const ROWS = [
  row('web', { ...group({ composeProject: 'shop', composeService: 'web' }) }),
  row('db', { state: 'exited', status: 'Exited (0) 1 hour ago', ...group({ app: 'blog' }) }),
  row('api', { server: 'h2', image: 'ghcr.io/acme/api:1', ...group({ swarmService: 'api' }) }),
  row('api.2', { server: 'h1', ...group({ swarmService: 'api' }), state: 'paused' }),
  row('cache', { server: 'h2', ...group({ composeProject: 'shop' }) })
]

describe('search and the running filter', () => {
  it('matches every word anywhere in name, image, server, id and groups, ignoring case', () => {
    expect(matchesSearch(ROWS[0] as ContainerRow, 'SHOP web')).toBe(true)
    expect(matchesSearch(ROWS[2] as ContainerRow, 'acme h2')).toBe(true)
    expect(matchesSearch(ROWS[2] as ContainerRow, 'acme h1')).toBe(false)
    expect(matchesSearch(ROWS[1] as ContainerRow, 'blog')).toBe(true)
    expect(matchesSearch(ROWS[1] as ContainerRow, '   ')).toBe(true)
  })

  it('"running" keeps running, paused and restarting containers', () => {
    expect(filterContainers(ROWS, 'running', '').map((r) => r.name)).toEqual([
      'web',
      'api',
      'api.2',
      'cache'
    ])
    expect(filterContainers(ROWS, 'all', 'db').map((r) => r.name)).toEqual(['db'])
  })

  it('treats markup in a query as plain text', () => {
    const hostile = row('x', { image: '<img src=x onerror=alert(1)>' })
    expect(matchesSearch(hostile, '<img')).toBe(true)
    expect(matchesSearch(hostile, '.*')).toBe(false)
  })
})

describe('sorting', () => {
  it('sorts by a column, ties by name then server then id, and flips on a second click', () => {
    const byState = [...ROWS].sort(compareContainers({ key: 'state', dir: 'asc' }))
    expect(byState.map((r) => r.name)).toEqual(['api', 'cache', 'web', 'api.2', 'db'])
    const desc = [...ROWS].sort(compareContainers({ key: 'name', dir: 'desc' }))
    expect(desc.map((r) => r.name)).toEqual(['web', 'db', 'cache', 'api.2', 'api'])
    expect(toggleSort({ key: 'name', dir: 'asc' }, 'name')).toEqual({ key: 'name', dir: 'desc' })
    expect(toggleSort({ key: 'name', dir: 'asc' }, 'image')).toEqual({ key: 'image', dir: 'asc' })
    // Newest first is what a person wants from "created".
    expect(toggleSort({ key: 'name', dir: 'asc' }, 'created')).toEqual({
      key: 'created',
      dir: 'desc'
    })
  })

  it('gives the same order for the same rows in any input order', () => {
    const twins = [row('a', { server: 'h2' }), row('a', { server: 'h1' })]
    const cmp = compareContainers({ key: 'image', dir: 'asc' })
    expect([...twins].sort(cmp)).toEqual([...twins].reverse().sort(cmp))
    expect([...twins].sort(cmp).map((r) => r.server)).toEqual(['h1', 'h2'])
  })
})

describe('grouping', () => {
  it('groups by server, counting the running ones', () => {
    const groups = groupContainers(ROWS, 'server')
    expect(groups.map((g) => [g.label, g.rows.length, g.running])).toEqual([
      ['h1', 3, 1],
      ['h2', 2, 2]
    ])
  })

  it('keeps the same compose project on two servers apart, the rows without one last', () => {
    const groups = groupContainers(ROWS, 'compose')
    expect(groups.map((g) => g.label)).toEqual([
      'shop · h1',
      'shop · h2',
      'Not in a compose project'
    ])
    expect(groups.at(-1)?.ungrouped).toBe(true)
    expect(groups.at(-1)?.rows.map((r) => r.name)).toEqual(['db', 'api', 'api.2'])
  })

  it('keeps a swarm service one group across nodes, and groups by app', () => {
    const services = groupContainers(ROWS, 'service')
    expect(services[0]?.label).toBe('api')
    expect(services[0]?.rows.map((r) => `${r.server}/${r.name}`)).toEqual(['h2/api', 'h1/api.2'])
    expect(groupContainers(ROWS, 'app').map((g) => g.label)).toEqual(['blog', 'Not part of an app'])
  })
})

describe('the flattened list', () => {
  const opts = {
    mode: 'server' as const,
    filter: 'all' as const,
    query: '',
    sort: { key: 'name' as const, dir: 'asc' as const },
    collapsed: new Set<string>()
  }

  it('puts each group header before its rows, and drops a collapsed group’s rows', () => {
    const open = containerListView(ROWS, opts)
    expect(open.items.map((i) => (i.kind === 'group' ? `# ${i.group.label}` : i.row.name))).toEqual(
      ['# h1', 'api.2', 'db', 'web', '# h2', 'api', 'cache']
    )
    const folded = containerListView(ROWS, { ...opts, collapsed: new Set(['server:h1']) })
    expect(
      folded.items.map((i) => (i.kind === 'group' ? `# ${i.group.label}` : i.row.name))
    ).toEqual(['# h1', '# h2', 'api', 'cache'])
    expect(folded.items[0]).toMatchObject({ kind: 'group', collapsed: true })
    expect(folded.matched).toBe(5)
  })

  it('has no headers without grouping, and counts what matched', () => {
    const view = containerListView(ROWS, { ...opts, mode: 'none', query: 'shop' })
    expect(view.items.every((i) => i.kind === 'row')).toBe(true)
    expect(view).toMatchObject({ matched: 2, total: 5 })
  })

  it('stays a screenful of DOM rows for thousands of containers', () => {
    const many = Array.from({ length: 5000 }, (_, i) =>
      row(`c${String(i).padStart(4, '0')}`, { server: `h${i % 7}` })
    )
    const started = performance.now()
    const view = containerListView(many, opts)
    expect(performance.now() - started).toBeLessThan(500)
    expect(view.items).toHaveLength(5007)
    const { start, end } = visibleRows({
      scrollTop: 38 * 2500,
      height: 700,
      rowHeight: 38,
      count: view.items.length,
      overscan: 12
    })
    expect(end - start).toBeLessThan(50)
    expect(new Set(many.map(containerKey)).size).toBe(5000)
  })
})

describe('the containers store', () => {
  let watches: AsyncQueue<AllContainers>[]
  let calls: {
    method: string
    input: unknown
    resolve(v: unknown): void
    reject(e: unknown): void
  }[]
  let actions: ReturnType<typeof createContainerActions>
  const tick = (): Promise<void> => new Promise((r) => setTimeout(r, 0))

  beforeEach(() => {
    useContainers.setState({ ...initialContainersState }, true)
    watches = []
    calls = []
    const api: StoreDeps['api'] = {
      call: ((method: string, input: unknown) =>
        new Promise((resolve, reject) =>
          calls.push({ method, input, resolve, reject })
        )) as StoreDeps['api']['call'],
      stream: ((method: string) => {
        if (method !== 'docker.watch') throw new Error(`unexpected ${method}`)
        const q = asyncQueue<AllContainers>()
        watches.push(q)
        return q
      }) as StoreDeps['api']['stream']
    }
    actions = createContainerActions({
      api,
      describeError: (e) => ({ message: String((e as Error).message ?? e), hint: 'Try again.' })
    })
  })

  it('shows each snapshot the watch brings, failures included', async () => {
    const stop = actions.watch()
    expect(useContainers.getState().live).toBe('connecting')
    watches[0]?.push({
      containers: ROWS,
      failures: [{ server: 'h3', code: 'unreachable', message: 'No route', hint: 'Check it.' }]
    })
    await tick()
    expect(useContainers.getState()).toMatchObject({ status: 'ready', live: 'live' })
    expect(useContainers.getState().failures[0]?.server).toBe('h3')
    watches[0]?.push({ containers: ROWS.slice(1), failures: [] })
    await tick()
    expect(useContainers.getState().containers).toHaveLength(4)
    stop()
  })

  it('a failed first watch is an error; a later failure keeps the list and says so', async () => {
    actions.watch()
    watches[0]?.end(new Error('boom'))
    await tick()
    expect(useContainers.getState()).toMatchObject({ status: 'error', error: { message: 'boom' } })
    actions.retry()
    expect(useContainers.getState().watchEpoch).toBe(1)
    actions.watch()
    watches[1]?.push({ containers: ROWS, failures: [] })
    await tick()
    watches[1]?.end(new Error('link lost'))
    await tick()
    expect(useContainers.getState()).toMatchObject({
      status: 'ready',
      live: 'stopped',
      liveError: { message: 'link lost' }
    })
    expect(useContainers.getState().containers).toHaveLength(5)
  })

  it('runs an action once at a time per container, and keeps a failure to show', async () => {
    const web = ROWS[0] as ContainerRow
    const first = actions.run(web, 'stop')
    expect(await actions.run(web, 'restart')).toBe(false)
    expect(calls.map((c) => c.method)).toEqual(['docker.stop'])
    expect(calls[0]?.input).toEqual({ server: 'h1', container: web.id })
    expect(useContainers.getState().actions[containerKey(web)]).toMatchObject({
      verb: 'stop',
      status: 'running'
    })
    calls[0]?.reject(new Error('engine said no'))
    expect(await first).toBe(false)
    expect(useContainers.getState().actions[containerKey(web)]).toMatchObject({
      status: 'error',
      error: { message: 'engine said no' }
    })
    actions.dismissActionError(containerKey(web))
    expect(useContainers.getState().actions).toEqual({})
  })

  it('removing the open container closes its detail; force goes with it', async () => {
    const db = ROWS[1] as ContainerRow
    actions.open(db, 'logs')
    expect(useContainers.getState()).toMatchObject({ selected: containerKey(db), tab: 'logs' })
    const done = actions.run(db, 'remove', { force: true })
    expect(calls[0]).toMatchObject({
      method: 'docker.remove',
      input: { server: 'h1', container: db.id, force: true }
    })
    calls[0]?.resolve({})
    expect(await done).toBe(true)
    expect(useContainers.getState().selected).toBeNull()
  })

  it('changing the grouping unfolds every group', () => {
    actions.toggleGroup('server:h1')
    expect(useContainers.getState().collapsed).toEqual(['server:h1'])
    actions.toggleGroup('server:h1')
    actions.toggleGroup('server:h2')
    actions.setGroupBy('compose')
    expect(useContainers.getState()).toMatchObject({ groupBy: 'compose', collapsed: [] })
    actions.sortBy('name')
    expect(useContainers.getState().sort).toEqual({ key: 'name', dir: 'desc' })
  })
})
