// The renderer's per-server stores against scripted fakes: checks kept per server (what the
// table's OS and Docker columns read), Docker setup consumed from its stream and followed by a
// new check, removal, and the connection statuses fed by `server.statuses`. Plus the pure
// display helpers those views use.
import { beforeEach, describe, expect, it } from 'vitest'
import { ApiError } from '../../main/api/client'
import {
  dockerSummary,
  needsDockerSetup,
  osSummary,
  setupBlocker,
  setupProgress,
  setupPlan,
  setupRootNote,
  setupRows,
  type CheckReport,
  type SetupEvent,
  type SetupProgress
} from '../../renderer/src/lib/check'
import { failureOf } from '../../renderer/src/lib/errors'
import { formatLatency, formatLogin, hostKeyFile, keyBits } from '../../renderer/src/lib/format'
import { relativeTime } from '../../renderer/src/lib/time'
import type { StoreDeps } from '../../renderer/src/stores/deps'
import { scriptedStream, type ScriptedStream } from '../support/scripted-stream'
import {
  createServerOpsActions,
  initialServerOpsState,
  serverOpsSelectors,
  useServerOps
} from '../../renderer/src/stores/server-ops'
import {
  createServerStatusActions,
  initialServerStatusState,
  serverStatusSelectors,
  statusView,
  useServerStatus,
  type LinkStatus
} from '../../renderer/src/stores/server-status'

const web = { id: 'id-web', name: 'web' }

function report(over: Partial<CheckReport> = {}): CheckReport {
  return {
    server: 'web',
    os: 'Debian GNU/Linux 12 (bookworm)',
    osId: 'debian',
    osIdLike: [],
    osVersion: '12',
    arch: 'x86_64',
    kernel: '6.1.0-18-amd64',
    user: 'deploy',
    uid: 1000,
    cpus: 2,
    memory: { totalKb: 2_000_000, swapKb: 0 },
    disk: { root: { totalKb: 20_000_000, freeKb: 10_000_000 }, docker: null },
    docker: {
      cli: '26.1.5',
      version: '26.1.5',
      apiVersion: '1.45',
      access: 'yes',
      error: null,
      group: 'active'
    },
    swarm: { state: 'active', role: 'manager' },
    sudo: 'yes',
    cron: { crontab: true, daemon: 'running' },
    flock: true,
    ports: { 80: 'free', 443: 'free' },
    portsSource: 'ss',
    serverTime: 1_700_000_000,
    init: 'systemd',
    skewSeconds: 0,
    readiness: [
      { id: 'docker-engine', label: 'Docker engine', status: 'ok', detail: 'Docker 26', fix: null },
      { id: 'swarm', label: 'Docker Swarm', status: 'ok', detail: 'Active', fix: null }
    ],
    ...over
  }
}

const describeError = (err: unknown) =>
  err instanceof ApiError
    ? { message: err.message, hint: err.hint }
    : { message: String(err), hint: '' }

interface Call {
  method: string
  input: unknown
  resolve(v: unknown): void
  reject(e: unknown): void
}

function fakeApi() {
  const calls: Call[] = []
  const streams: Array<{ method: string; input: unknown } & ScriptedStream<unknown>> = []
  const api: StoreDeps['api'] = {
    call: ((method: string, input: unknown) =>
      new Promise((resolve, reject) =>
        calls.push({ method, input, resolve, reject })
      )) as StoreDeps['api']['call'],
    stream: ((method: string, input: unknown) => {
      const s = scriptedStream<unknown>()
      streams.push(Object.assign(s, { method, input }))
      return s.iterator
    }) as StoreDeps['api']['stream']
  }
  return { api, calls, streams }
}

const tick = () => new Promise((r) => setTimeout(r, 0))
const ops = () => useServerOps.getState()
const fixedNow = () => new Date('2025-06-01T12:00:00.000Z')

const progress = (
  step: SetupProgress['step'],
  status: SetupProgress['status'],
  detail = ''
): SetupProgress => ({ kind: 'progress', step, status, detail, dryRun: false })

beforeEach(() => {
  useServerOps.setState({ ...initialServerOpsState }, true)
  useServerStatus.setState({ ...initialServerStatusState }, true)
})

describe('server ops: check and ping', () => {
  it('keeps the report per server, with when it arrived', async () => {
    const fake = fakeApi()
    const actions = createServerOpsActions({ api: fake.api, describeError, now: fixedNow })
    expect(serverOpsSelectors.check(web.id)(ops()).status).toBe('idle')
    const checking = actions.check(web)
    expect(serverOpsSelectors.check(web.id)(ops()).status).toBe('running')
    expect(fake.calls[0]).toMatchObject({ method: 'server.check', input: { name: 'web' } })
    fake.calls[0]!.resolve(report())
    await checking
    const entry = serverOpsSelectors.check(web.id)(ops())
    expect(entry.status).toBe('ready')
    expect(entry.checkedAt).toBe('2025-06-01T12:00:00.000Z')
    expect(serverOpsSelectors.report(web.id)(ops())?.docker.version).toBe('26.1.5')
    expect(serverOpsSelectors.report('id-other')(ops())).toBeNull()
  })

  it('a second check while one runs joins it: one request', async () => {
    const fake = fakeApi()
    const actions = createServerOpsActions({ api: fake.api, describeError })
    const a = actions.check(web)
    const b = actions.check(web)
    expect(fake.calls).toHaveLength(1)
    fake.calls[0]!.resolve(report())
    await Promise.all([a, b])
    void actions.check(web)
    expect(fake.calls).toHaveLength(2)
  })

  it('a failed check keeps the previous report and says why', async () => {
    const fake = fakeApi()
    const actions = createServerOpsActions({ api: fake.api, describeError })
    const first = actions.check(web)
    fake.calls[0]!.resolve(report())
    await first
    const second = actions.check(web)
    fake.calls[1]!.reject(
      new ApiError({ code: 'timeout', message: 'No answer.', hint: 'Check the network.' })
    )
    await second
    const entry = serverOpsSelectors.check(web.id)(ops())
    expect(entry.status).toBe('error')
    expect(entry.error).toEqual({ message: 'No answer.', hint: 'Check the network.' })
    expect(entry.report?.os).toBe('Debian GNU/Linux 12 (bookworm)')
  })

  it('ping keeps the latency', async () => {
    const fake = fakeApi()
    const actions = createServerOpsActions({ api: fake.api, describeError })
    const pinging = actions.ping(web)
    expect(serverOpsSelectors.ping(web.id)(ops()).status).toBe('running')
    fake.calls[0]!.resolve({ state: 'ready', latencyMs: 4.2 })
    await pinging
    expect(serverOpsSelectors.ping(web.id)(ops())).toMatchObject({
      status: 'ready',
      latencyMs: 4.2
    })
  })
})

describe('server ops: Docker setup', () => {
  it('shows each progress line as it comes, then checks again', async () => {
    const fake = fakeApi()
    const actions = createServerOpsActions({ api: fake.api, describeError })
    const running = actions.setupDocker(web)
    expect(fake.streams[0]).toMatchObject({ method: 'server.setupDocker', input: { name: 'web' } })
    expect(serverOpsSelectors.setup(web.id)(ops()).status).toBe('running')
    const s = fake.streams[0]!
    s.push(progress('detect-os', 'start'))
    await tick()
    expect(setupRows(serverOpsSelectors.setup(web.id)(ops()).events)[0]!.status).toBe('running')
    s.push(progress('detect-os', 'ok', 'Debian 12'))
    s.push(progress('privileges', 'ok', 'root'))
    s.push(progress('install-docker', 'start', 'Installing'))
    await tick()
    const mid = serverOpsSelectors.setup(web.id)(ops())
    expect(mid.events).toHaveLength(4)
    expect(setupProgress(mid.events)).toEqual({ done: 2, total: 7 })
    s.push(progress('install-docker', 'ok', 'installed docker.io'))
    s.push({ kind: 'done', changed: true, dryRun: false } satisfies SetupEvent)
    s.end()
    await tick()
    expect(serverOpsSelectors.setup(web.id)(ops())).toMatchObject({
      status: 'done',
      result: { changed: true }
    })
    // The re-check.
    expect(fake.calls.map((c) => c.method)).toEqual(['server.check'])
    fake.calls[0]!.resolve(report())
    await running
    expect(serverOpsSelectors.check(web.id)(ops()).status).toBe('ready')
  })

  it('a stream that fails keeps the steps so far and the error, and does not re-check', async () => {
    const fake = fakeApi()
    const actions = createServerOpsActions({ api: fake.api, describeError })
    const running = actions.setupDocker(web)
    fake.streams[0]!.push(progress('detect-os', 'ok'))
    fake.streams[0]!.push(progress('privileges', 'fail', 'no sudo'))
    fake.streams[0]!.fail(
      new ApiError({ code: 'remote_failed', message: 'Setup stopped.', hint: 'Run it again.' })
    )
    await running
    const entry = serverOpsSelectors.setup(web.id)(ops())
    expect(entry.status).toBe('error')
    expect(entry.error).toEqual({ message: 'Setup stopped.', hint: 'Run it again.' })
    expect(setupRows(entry.events).map((r) => r.status)).toEqual([
      'ok',
      'fail',
      'pending',
      'pending',
      'pending',
      'pending',
      'pending'
    ])
    expect(fake.calls).toHaveLength(0)
  })

  it('a stream that ends without its done line is an error too', async () => {
    const fake = fakeApi()
    const actions = createServerOpsActions({ api: fake.api, describeError })
    const running = actions.setupDocker(web)
    fake.streams[0]!.push(progress('detect-os', 'ok'))
    fake.streams[0]!.end()
    await running
    expect(serverOpsSelectors.setup(web.id)(ops()).error?.message).toMatch(
      /stopped before it finished/
    )
  })

  it('a second start while one runs opens no second stream', () => {
    const fake = fakeApi()
    const actions = createServerOpsActions({ api: fake.api, describeError })
    void actions.setupDocker(web)
    void actions.setupDocker(web)
    expect(fake.streams).toHaveLength(1)
  })
})

describe('server ops: remove', () => {
  it('forgets everything kept for the server once it is gone', async () => {
    const fake = fakeApi()
    const actions = createServerOpsActions({ api: fake.api, describeError })
    const checking = actions.check(web)
    fake.calls[0]!.resolve(report())
    await checking
    const removing = actions.remove(web)
    expect(serverOpsSelectors.removal(web.id)(ops()).status).toBe('running')
    expect(fake.calls[1]).toMatchObject({ method: 'server.remove', input: { name: 'web' } })
    fake.calls[1]!.resolve({})
    expect(await removing).toBe(true)
    expect(ops().checks).toEqual({})
    expect(ops().removals).toEqual({})
  })

  it('a failed remove says why and keeps the server’s data', async () => {
    const fake = fakeApi()
    const actions = createServerOpsActions({ api: fake.api, describeError })
    const removing = actions.remove(web)
    fake.calls[0]!.reject(
      new ApiError({ code: 'db_unavailable', message: 'No database.', hint: 'Restart Pier.' })
    )
    expect(await removing).toBe(false)
    expect(serverOpsSelectors.removal(web.id)(ops())).toEqual({
      status: 'error',
      error: { message: 'No database.', hint: 'Restart Pier.' }
    })
    actions.resetRemoval(web.id)
    expect(serverOpsSelectors.removal(web.id)(ops()).status).toBe('idle')
  })
})

describe('server statuses', () => {
  const st = (serverId: string, state: LinkStatus['state'], reason: string | null = null) => ({
    serverId,
    state,
    reason,
    code: null,
    attempt: 1,
    since: '2025-06-01T12:00:00.000Z'
  })

  it('each value replaces the picture; unknown servers read idle', async () => {
    const fake = fakeApi()
    const actions = createServerStatusActions({ api: fake.api, describeError })
    const stop = actions.watch()
    expect(fake.streams[0]!.method).toBe('server.statuses')
    expect(useServerStatus.getState().live).toBe('connecting')
    fake.streams[0]!.push([st('a', 'connecting'), st('b', 'ready')])
    await tick()
    const s = useServerStatus.getState()
    expect(s.live).toBe('live')
    expect(serverStatusSelectors.stateOf('a')(s)).toBe('connecting')
    expect(serverStatusSelectors.stateOf('b')(s)).toBe('ready')
    expect(serverStatusSelectors.stateOf('zzz')(s)).toBe('idle')
    fake.streams[0]!.push([st('a', 'ready')])
    await tick()
    expect(serverStatusSelectors.stateOf('a')(useServerStatus.getState())).toBe('ready')
    expect(serverStatusSelectors.of('b')(useServerStatus.getState())).toBeNull()
    stop()
    expect(fake.streams[0]!.returned).toBe(true)
  })

  it('a failed stream says so, and retry asks for a new one', async () => {
    const fake = fakeApi()
    const actions = createServerStatusActions({ api: fake.api, describeError })
    actions.watch()
    fake.streams[0]!.fail(new ApiError({ code: 'internal', message: 'Closed.', hint: 'Reload.' }))
    await tick()
    expect(useServerStatus.getState()).toMatchObject({
      live: 'stopped',
      liveError: { message: 'Closed.', hint: 'Reload.' }
    })
    const epoch = useServerStatus.getState().watchEpoch
    actions.retry()
    expect(useServerStatus.getState().watchEpoch).toBe(epoch + 1)
    expect(useServerStatus.getState().liveError).toBeNull()
  })

  it('reads as a word and a tone, with the reason in the title', () => {
    expect(statusView(null)).toMatchObject({ tone: 'idle', text: 'Not connected' })
    expect(statusView(st('a', 'ready'))).toMatchObject({ tone: 'ok', text: 'Ready' })
    expect(statusView(st('a', 'connecting')).tone).toBe('busy')
    expect(statusView({ ...st('a', 'reconnecting', 'keepalive timeout'), attempt: 3 })).toEqual({
      tone: 'warn',
      text: 'Reconnecting (attempt 3)…',
      title: 'keepalive timeout'
    })
    expect(statusView(st('a', 'failed', 'auth refused'))).toEqual({
      tone: 'bad',
      text: 'Failed',
      title: 'auth refused'
    })
  })
})

describe('display helpers', () => {
  it('the table’s OS and Docker columns', () => {
    expect(osSummary(report())).toBe('Debian GNU/Linux 12 (bookworm)')
    expect(osSummary(report({ os: 'unknown' }))).toBe('6.1.0-18-amd64 (x86_64)')
    expect(dockerSummary(report())).toEqual({ text: '26.1.5', ok: true })
    const none = report({ docker: { ...report().docker, access: 'no-docker', version: null } })
    expect(dockerSummary(none)).toEqual({ text: 'Not installed', ok: false })
  })

  it('offers Docker setup only when the engine, access or swarm is not ok', () => {
    expect(needsDockerSetup(report())).toBe(false)
    const inactive = report({
      readiness: [
        { id: 'docker-engine', label: 'Docker engine', status: 'ok', detail: '', fix: null },
        { id: 'swarm', label: 'Docker Swarm', status: 'warn', detail: 'Inactive', fix: 'x' }
      ]
    })
    expect(needsDockerSetup(inactive)).toBe(true)
    const portsOnly = report({
      readiness: [{ id: 'port-80', label: 'Port 80', status: 'warn', detail: '', fix: 'x' }]
    })
    expect(needsDockerSetup(portsOnly)).toBe(false)
  })

  it('says before the run when setup cannot work or lacks root', () => {
    expect(setupBlocker(report())).toBeNull()
    expect(setupBlocker(report({ osId: 'ubuntu' }))).toBeNull()
    expect(setupBlocker(report({ osId: 'linuxmint', osIdLike: ['ubuntu'] }))).toBeNull()
    expect(setupBlocker(report({ osId: 'alpine', os: 'Alpine Linux v3.20' }))).toMatch(
      /Debian and Ubuntu; this server runs Alpine Linux v3.20/
    )
    const noEngine = report({
      docker: { ...report().docker, access: 'no-docker', version: null },
      readiness: [
        { id: 'docker-engine', label: 'Docker engine', status: 'fail', detail: '', fix: 'x' },
        { id: 'docker-access', label: 'Docker usable', status: 'fail', detail: '', fix: 'x' },
        { id: 'swarm', label: 'Docker Swarm', status: 'warn', detail: '', fix: 'x' }
      ]
    })
    const swarmOnly = report({
      readiness: [
        { id: 'docker-engine', label: 'Docker engine', status: 'ok', detail: '', fix: null },
        { id: 'swarm', label: 'Docker Swarm', status: 'warn', detail: '', fix: 'x' }
      ]
    })
    expect(setupRootNote(noEngine)).toBeNull()
    expect(setupRootNote({ ...noEngine, uid: 0, sudo: 'missing' })).toBeNull()
    expect(setupRootNote({ ...noEngine, sudo: 'no' })).toMatch(/deploy is not root/)
    // A swarm on an engine the user can already use needs no root: no warning.
    expect(setupRootNote({ ...swarmOnly, sudo: 'no' })).toBeNull()
    expect(setupPlan(noEngine)).toEqual([
      'install Docker (the distribution’s docker.io package) and start it',
      'let deploy use Docker (the docker group)',
      'create a single-node swarm (docker swarm init)'
    ])
    expect(setupPlan(swarmOnly)).toEqual(['create a single-node swarm (docker swarm init)'])
    expect(setupPlan(report())).toEqual([])
  })

  it('relative times', () => {
    const now = Date.parse('2025-06-01T12:00:00.000Z')
    expect(relativeTime(null, now)).toBe('Never')
    expect(relativeTime('garbage', now)).toBe('Never')
    expect(relativeTime('2025-06-01T11:59:30.000Z', now)).toBe('Just now')
    expect(relativeTime('2025-06-01T12:00:10.000Z', now)).toBe('Just now')
    expect(relativeTime('2025-06-01T11:57:00.000Z', now)).toBe('3 min ago')
    expect(relativeTime('2025-06-01T09:00:00.000Z', now)).toBe('3 h ago')
    expect(relativeTime('2025-05-31T10:00:00.000Z', now)).toBe('Yesterday')
    expect(relativeTime('2025-05-25T12:00:00.000Z', now)).toBe('7 days ago')
    expect(relativeTime('2024-01-02T12:00:00.000Z', now)).toBe('2024-01-02')
  })

  it('names the host key file to compare for each key type', () => {
    expect(hostKeyFile('ssh-ed25519')).toBe('/etc/ssh/ssh_host_ed25519_key.pub')
    expect(hostKeyFile('ecdsa-sha2-nistp256')).toBe('/etc/ssh/ssh_host_ecdsa_key.pub')
    expect(hostKeyFile('ssh-rsa')).toBe('/etc/ssh/ssh_host_rsa_key.pub')
    expect(hostKeyFile('rsa-sha2-512')).toBe('/etc/ssh/ssh_host_rsa_key.pub')
    // ...and the size ssh-keygen prints first, where the type alone says it.
    expect(keyBits('ssh-ed25519')).toBe('256')
    expect(keyBits('ecdsa-sha2-nistp384')).toBe('384')
    expect(keyBits('ssh-rsa')).toBe('')
  })

  it('logins, latencies, and error codes read off API errors', () => {
    expect(formatLogin('deploy', '::1', 2222)).toBe('deploy@[::1]:2222')
    expect(formatLatency(4.25)).toBe('4.3 ms')
    expect(formatLatency(42.4)).toBe('42 ms')
    const err = new ApiError({
      code: 'host_key_unknown',
      message: 'm',
      hint: 'h',
      details: { fingerprint: 'SHA256:x', keyType: 'ssh-ed25519' }
    })
    expect(failureOf(err, describeError)).toEqual({
      message: 'm',
      hint: 'h',
      code: 'host_key_unknown',
      details: { fingerprint: 'SHA256:x', keyType: 'ssh-ed25519' }
    })
    expect(failureOf(new Error('boom'), describeError)).toMatchObject({ code: null, details: {} })
  })
})
