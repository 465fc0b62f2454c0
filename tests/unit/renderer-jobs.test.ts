// The renderer's jobs store and the helpers its panels use: ordering, durations, outcomes, the
// notices for jobs started here that end, cancelling, and failures with their hints. Actions get
// a scripted fake API, and once the real router over an in-memory pipe.
import { beforeEach, describe, expect, it } from 'vitest'
import { ApiError, createClient } from '../../main/api/client'
import { createHandlers } from '../../main/api/router'
import { servePipe } from '../../main/api/serve-pipe'
import type { ClientMessage, ServerMessage } from '../../main/api/wire'
import { JobRepository } from '../../main/core/jobs/repository'
import {
  formatDuration,
  jobDuration,
  newlyFinished,
  outcome,
  partitionJobs,
  progressText,
  type JobRecord
} from '../../renderer/src/lib/jobs'
import type { StoreDeps } from '../../renderer/src/stores/deps'
import {
  MAX_NOTICES,
  createJobActions,
  initialJobsState,
  jobSelectors,
  useJobs
} from '../../renderer/src/stores/jobs'
import { pipePair, testCore } from '../support/core'
import { scriptedStream, type ScriptedStream } from '../support/scripted-stream'

const job = (id: string, over: Partial<JobRecord> = {}): JobRecord => ({
  id,
  key: 'adhoc',
  state: 'succeeded',
  pid: 100,
  exitCode: 0,
  queuedAt: 1_000,
  startedAt: 1_001,
  endedAt: 1_010,
  reason: null,
  step: null,
  progress: null,
  serverId: 'srv-1',
  server: 'web',
  title: null,
  startedHere: false,
  localBytes: 0,
  ...over
})

const describeError = (err: unknown) =>
  err instanceof ApiError
    ? { message: err.message, hint: err.hint }
    : { message: String(err), hint: '' }

/** `job.watch` values and ends on demand; `job.cancel` answers scripted per call. */
function fakeApi() {
  const watches: ScriptedStream<JobRecord[]>[] = []
  const cancels: Array<{ input: unknown; resolve(v: unknown): void; reject(e: unknown): void }> = []
  const api: StoreDeps['api'] = {
    call: ((method: string, input: unknown) => {
      if (method !== 'job.cancel') return Promise.reject(new Error(`unexpected ${method}`))
      return new Promise((resolve, reject) => cancels.push({ input, resolve, reject }))
    }) as StoreDeps['api']['call'],
    stream: ((method: string) => {
      if (method !== 'job.watch') throw new Error(`unexpected stream ${method}`)
      const handle = scriptedStream<JobRecord[]>()
      watches.push(handle)
      return handle.iterator
    }) as StoreDeps['api']['stream']
  }
  return { api, watches, cancels }
}

const tick = () => new Promise((r) => setTimeout(r, 0))
const state = () => useJobs.getState()

beforeEach(() => useJobs.setState({ ...initialJobsState }, true))

describe('job list helpers', () => {
  it('puts running jobs first, then queued in run order, then ended newest first', () => {
    const jobs = [
      job('old', { endedAt: 1_100 }),
      job('q2', { state: 'queued', queuedAt: 3_000, startedAt: null, endedAt: null }),
      job('run', { state: 'running', queuedAt: 5_000, endedAt: null }),
      job('q1', { state: 'queued', queuedAt: 2_000, startedAt: null, endedAt: null }),
      job('new', { state: 'failed', endedAt: 1_200 }),
      job('other-server', { serverId: 'srv-2', state: 'running', endedAt: null })
    ]
    const mine = partitionJobs(jobs, 'srv-1')
    expect(mine.active.map((j) => j.id)).toEqual(['run', 'q1', 'q2'])
    expect(mine.ended.map((j) => j.id)).toEqual(['new', 'old'])
    expect(partitionJobs(jobs).active.map((j) => j.id)).toContain('other-server')
  })

  it('measures durations, running ones up to now', () => {
    expect(jobDuration(job('a'), 5_000)).toBe(9)
    expect(jobDuration(job('b', { state: 'running', endedAt: null }), 1_061)).toBe(60)
    expect(jobDuration(job('c', { startedAt: null, endedAt: null }), 9_999)).toBeNull()
    expect(formatDuration(null)).toBe('—')
    expect(formatDuration(45)).toBe('45s')
    expect(formatDuration(185)).toBe('3m 05s')
    expect(formatDuration(7_440)).toBe('2h 04m')
  })

  it('says how a job ended and what a running one reported', () => {
    expect(outcome(job('a'))).toBe('exit 0')
    expect(outcome(job('b', { state: 'failed', exitCode: 2, reason: 'the job exited' }))).toBe(
      'exit 2 · the job exited'
    )
    expect(outcome(job('c', { state: 'cancelled', exitCode: null, reason: null }))).toBe('')
    expect(outcome(job('d', { state: 'running' }))).toBe('')
    const running = job('e', { state: 'running', step: 'Building', progress: 50 })
    expect(progressText(running)).toBe('Building · 50%')
    expect(progressText({ ...running, step: null, progress: null })).toBe('Running')
    expect(progressText({ ...running, state: 'queued' })).toMatch(/Waiting/)
  })

  it('reports only jobs started here that went from active to ended', () => {
    const before = [
      job('mine', { state: 'running', startedHere: true }),
      job('cli', { state: 'running', startedHere: false }),
      job('done-already', { state: 'succeeded', startedHere: true })
    ]
    const after = [
      job('mine', { state: 'failed', startedHere: true }),
      job('cli', { state: 'succeeded' }),
      job('done-already', { state: 'succeeded', startedHere: true }),
      job('appeared-ended', { state: 'succeeded', startedHere: true })
    ]
    expect(newlyFinished(before, after).map((j) => j.id)).toEqual(['mine'])
  })
})

describe('jobs store: watch', () => {
  it('holds each picture, and notices a job started here ending, not the first picture', async () => {
    const fake = fakeApi()
    const actions = createJobActions({ api: fake.api, describeError })
    const stop = actions.watch()
    expect(state().live).toBe('connecting')
    fake.watches[0]!.push([
      job('ended-before', { startedHere: true }),
      job('a', { state: 'running', startedHere: true, title: 'Deploy web', endedAt: null })
    ])
    await tick()
    expect(state().status).toBe('ready')
    expect(state().live).toBe('live')
    expect(state().notices).toEqual([])

    fake.watches[0]!.push([
      job('ended-before', { startedHere: true }),
      job('a', {
        state: 'failed',
        startedHere: true,
        title: 'Deploy web',
        exitCode: 3,
        reason: 'boom'
      })
    ])
    await tick()
    expect(state().notices).toHaveLength(1)
    expect(state().notices[0]).toMatchObject({
      key: 'srv-1/a',
      state: 'failed',
      title: 'Deploy web failed',
      job: { serverId: 'srv-1', server: 'web', id: 'a' }
    })
    expect(state().notices[0]!.body).toContain('boom')
    actions.dismissNotice('srv-1/a')
    expect(state().notices).toEqual([])
    stop()
    expect(fake.watches[0]!.returned).toBe(true)
  })

  it('keeps at most a few notices, the newest', async () => {
    const fake = fakeApi()
    const actions = createJobActions({ api: fake.api, describeError })
    actions.watch()
    const ids = Array.from({ length: MAX_NOTICES + 2 }, (_, i) => `j${i}`)
    fake.watches[0]!.push(ids.map((id) => job(id, { state: 'running', startedHere: true })))
    await tick()
    fake.watches[0]!.push(ids.map((id) => job(id, { state: 'succeeded', startedHere: true })))
    await tick()
    expect(state().notices.map((n) => n.job.id)).toEqual(ids.slice(-MAX_NOTICES))
  })

  it('a failure before the first picture is an error with its hint; Retry asks for a new watch', async () => {
    const fake = fakeApi()
    const actions = createJobActions({ api: fake.api, describeError })
    actions.watch()
    fake.watches[0]!.fail(
      new ApiError({ code: 'db_unavailable', message: 'No database.', hint: 'Check the folder.' })
    )
    await tick()
    expect(state().status).toBe('error')
    expect(state().error).toEqual({ message: 'No database.', hint: 'Check the folder.' })
    const epoch = state().watchEpoch
    actions.retry()
    expect(state().watchEpoch).toBe(epoch + 1)
    expect(state().error).toBeNull()
  })

  it('a failure after data keeps the list and reports the stopped updates', async () => {
    const fake = fakeApi()
    const actions = createJobActions({ api: fake.api, describeError })
    actions.watch()
    fake.watches[0]!.push([job('a')])
    await tick()
    fake.watches[0]!.fail(
      new ApiError({ code: 'connection_lost', message: 'Gone.', hint: 'Reload.' })
    )
    await tick()
    expect(state().status).toBe('ready')
    expect(state().jobs).toHaveLength(1)
    expect(state().live).toBe('stopped')
    expect(state().liveError).toEqual({ message: 'Gone.', hint: 'Reload.' })
  })
})

describe('jobs store: open log and cancel', () => {
  it('opens a job by server and id and follows its record through the watch', async () => {
    const fake = fakeApi()
    const actions = createJobActions({ api: fake.api, describeError })
    actions.watch()
    fake.watches[0]!.push([job('a', { state: 'running' }), job('a', { serverId: 'srv-2' })])
    await tick()
    actions.openLog({ serverId: 'srv-1', server: 'web', id: 'a' })
    expect(jobSelectors.openJob(state())?.state).toBe('running')
    fake.watches[0]!.push([job('a', { state: 'succeeded' })])
    await tick()
    expect(jobSelectors.openJob(state())?.state).toBe('succeeded')
    actions.closeLog()
    expect(jobSelectors.openJob(state())).toBeNull()
  })

  it('cancels by server name and id, and shows the state the server reports at once', async () => {
    const fake = fakeApi()
    const actions = createJobActions({ api: fake.api, describeError })
    actions.watch()
    fake.watches[0]!.push([job('a', { state: 'running', endedAt: null, exitCode: null })])
    await tick()
    const ref = { serverId: 'srv-1', server: 'web', id: 'a' }
    const done = actions.cancel(ref)
    expect(jobSelectors.cancel('srv-1/a')(state())?.status).toBe('running')
    // A second click while one runs does not send a second cancel.
    void actions.cancel(ref)
    expect(fake.cancels).toHaveLength(1)
    expect(fake.cancels[0]!.input).toEqual({ server: 'web', job: 'a' })
    fake.cancels[0]!.resolve({
      ...job('a'),
      state: 'cancelled',
      exitCode: 143,
      endedAt: 1_020,
      reason: null
    })
    await done
    expect(jobSelectors.cancel('srv-1/a')(state())).toBeNull()
    expect(state().jobs[0]).toMatchObject({ state: 'cancelled', exitCode: 143, endedAt: 1_020 })
  })

  it('raises no notice for a job the user cancelled here', async () => {
    const fake = fakeApi()
    const actions = createJobActions({ api: fake.api, describeError })
    actions.watch()
    const running = { state: 'running' as const, startedHere: true, endedAt: null }
    fake.watches[0]!.push([job('a', running), job('b', running)])
    await tick()
    const done = actions.cancel({ serverId: 'srv-1', server: 'web', id: 'a' })
    // The watch can report the end before the cancel call returns.
    fake.watches[0]!.push([
      job('a', { state: 'cancelled', startedHere: true }),
      job('b', { state: 'cancelled', startedHere: true })
    ])
    await tick()
    fake.cancels[0]!.resolve({ ...job('a'), state: 'cancelled' })
    await done
    expect(state().notices.map((n) => n.job.id)).toEqual(['b'])
  })

  it('keeps a failed cancel’s message and hint until dismissed', async () => {
    const fake = fakeApi()
    const actions = createJobActions({ api: fake.api, describeError })
    const ref = { serverId: 'srv-1', server: 'web', id: 'a' }
    const done = actions.cancel(ref)
    fake.cancels[0]!.reject(
      new ApiError({ code: 'not_found', message: 'There is no job a.', hint: 'It may be pruned.' })
    )
    await done
    expect(jobSelectors.cancel('srv-1/a')(state())).toEqual({
      status: 'error',
      error: { message: 'There is no job a.', hint: 'It may be pruned.' }
    })
    actions.dismissCancelError(ref)
    expect(jobSelectors.cancel('srv-1/a')(state())).toBeNull()
  })
})

describe('jobs store against the real router', () => {
  it('sees a job recorded in core go from running to finished, with a notice', async () => {
    const core = testCore()
    const pair = pipePair<ClientMessage, ServerMessage>()
    servePipe(createHandlers(core), pair.b as never, 'test')
    const actions = createJobActions({ api: createClient(pair.a), describeError })
    const server = core.servers.record({
      name: 'web',
      host: 'web.example.net',
      port: 22,
      username: 'deploy',
      authMethod: 'agent',
      hostKeyType: 'ssh-ed25519',
      hostKeyFingerprint: 'SHA256:nThbg6kXUpJWGl7E1IGOCspRomTxdCARLviKw6E5SY8'
    })
    const stop = actions.watch()
    await expect.poll(() => state().status).toBe('ready')
    expect(state().jobs).toEqual([])

    new JobRepository(core.db).insertStarted(server.id, {
      id: '20250101000000-abcdef',
      key: 'deploy-web',
      title: 'Deploy web'
    })
    const status = {
      id: '20250101000000-abcdef',
      key: 'deploy-web',
      pid: 42,
      queuedAt: 1_700_000_000,
      reason: null,
      title: null
    }
    core.jobs.sync(server.id, [
      {
        ...status,
        state: 'running',
        exitCode: null,
        startedAt: 1_700_000_001,
        endedAt: null,
        step: 'Building',
        progress: 50
      }
    ])
    await expect.poll(() => state().jobs[0]?.state).toBe('running')
    expect(state().jobs[0]).toMatchObject({ step: 'Building', progress: 50, startedHere: true })
    core.jobs.sync(server.id, [
      {
        ...status,
        state: 'succeeded',
        exitCode: 0,
        startedAt: 1_700_000_001,
        endedAt: 1_700_000_031,
        step: 'Building',
        progress: 100
      }
    ])
    await expect.poll(() => state().notices.length).toBe(1)
    expect(state().notices[0]).toMatchObject({
      title: 'Deploy web finished',
      body: 'On web after 30s.'
    })
    stop()
  })
})
