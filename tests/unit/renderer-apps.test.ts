// The Apps UI's pure parts: an app's status word from its service and its latest deploy job,
// the deploy's steps from the step the job reported, the wizard's checks (the API's own zod
// rules, against the hostile corpus) and what it sends, the env editor's change, the service
// status read off the engine's answers; and the apps store against a scripted fake API.
import { beforeEach, describe, expect, it } from 'vitest'
import { ApiError } from '../../main/api/client'
import { releaseOfImage, serviceStatus } from '../../main/core/apps/status'
import {
  createInput,
  emptyForm,
  envChange,
  envRowProblems,
  gitRefProblem,
  gitUrlProblem,
  hasErrors,
  nameProblem,
  validateForm,
  type AppForm
} from '../../renderer/src/lib/app-form'
import {
  appHealth,
  commitOf,
  deployStepNames,
  STEP_LABELS,
  deploySteps,
  lastDeployText,
  latestDeployJob,
  replicasText,
  rollbackTargets,
  type AppRecord,
  type AppStatus,
  type ReleaseRecord
} from '../../renderer/src/lib/apps'
import type { JobRecord } from '../../renderer/src/lib/jobs'
import {
  appSelectors,
  createAppActions,
  initialAppsState,
  useApps
} from '../../renderer/src/stores/apps'
import type { StoreDeps } from '../../renderer/src/stores/deps'
import { HOSTILE } from '../support/hostile'
import { scriptedStream, type ScriptedStream } from '../support/scripted-stream'

const job = (id: string, over: Partial<JobRecord> = {}): JobRecord => ({
  id,
  key: 'app-web',
  state: 'succeeded',
  pid: 1,
  exitCode: 0,
  queuedAt: 1_000,
  startedAt: 1_001,
  endedAt: 1_010,
  reason: null,
  step: null,
  progress: null,
  serverId: 'srv-1',
  server: 'h1',
  title: 'Deploy web',
  startedHere: true,
  localBytes: 0,
  ...over
})

const app = (name = 'web'): AppRecord => ({
  id: `id-${name}`,
  name,
  server: 'h1',
  serverId: 'srv-1',
  source: { type: 'image', image: 'nginx:1.27' },
  spec: {
    env: { MODE: 'prod' },
    secretKeys: ['TOKEN'],
    command: null,
    ports: [],
    volumes: [],
    replicas: 1,
    cpus: null,
    memoryMb: null,
    healthcheck: null,
    restart: 'any',
    stopGraceSec: 10,
    keep: 5,
    constraints: [],
    preferences: []
  },
  cluster: null,
  deployKey: null,
  createdAt: 1,
  updatedAt: 1
})

const service = (over: Partial<NonNullable<AppStatus['service']>> = {}): AppStatus => ({
  app: 'web',
  server: 'h1',
  error: null,
  release: null,
  service: {
    desired: 1,
    running: 1,
    image: 'pier/web:3',
    release: 3,
    updateState: 'completed',
    updateMessage: null,
    containers: [{ id: 'c1', name: 'web_app.1.abc', server: 'h1' }],
    ...over
  }
})

const release = (n: number, over: Partial<ReleaseRecord> = {}): ReleaseRecord => ({
  number: n,
  image: 'nginx:1.27',
  imageId: `sha256:${String(n).repeat(64).slice(0, 64)}`,
  digest: null,
  config: { source: { type: 'image', image: 'nginx:1.27' }, spec: app().spec },
  jobId: null,
  commit: null,
  createdAt: 1_000 + n,
  pruned: false,
  current: false,
  ...over
})

describe('app status', () => {
  it('a deploy in flight wins over what swarm says', () => {
    expect(appHealth(service(), job('j', { state: 'running', step: 'wait' }))).toMatchObject({
      state: 'deploying',
      label: 'Deploying',
      detail: 'Deploying: wait.'
    })
    expect(appHealth(service(), job('j', { state: 'queued' })).label).toBe('Queued')
  })

  it('reads replicas: all up, some, none, scaled to zero', () => {
    expect(appHealth(service(), job('j')).state).toBe('running')
    expect(appHealth(service({ desired: 3, running: 2 }), null)).toMatchObject({
      state: 'degraded',
      tone: 'warn'
    })
    expect(appHealth(service({ desired: 2, running: 0 }), null)).toMatchObject({
      state: 'failed',
      label: 'Down'
    })
    expect(appHealth(service({ desired: 0, running: 0 }), null).state).toBe('stopped')
    expect(appHealth(service({ updateState: 'rollback_started', running: 0 }), null)).toMatchObject(
      { state: 'deploying', label: 'Rolling back' }
    )
  })

  it('an app without a service is not deployed, or failed when its first deploy failed', () => {
    const none: AppStatus = { ...service(), service: null }
    expect(appHealth(none, null).state).toBe('not-deployed')
    expect(appHealth(none, job('j', { state: 'failed' })).state).toBe('failed')
    // A failed redeploy with the old release still serving: running (the failure shows apart).
    expect(appHealth(service(), job('j', { state: 'failed' })).state).toBe('running')
  })

  it('a server that could not be asked is unknown, with its message', () => {
    const err: AppStatus = {
      ...service(),
      service: null,
      error: { code: 'unreachable', message: 'h1 is down', hint: '' }
    }
    expect(appHealth(err, null)).toMatchObject({ state: 'unknown', detail: 'h1 is down' })
    expect(appHealth(null, null).state).toBe('unknown')
  })

  it('replicas read "running/desired", a global service its count, none a dash', () => {
    expect(replicasText(service({ running: 1, desired: 2 }))).toBe('1/2')
    expect(replicasText(service({ running: 3, desired: null }))).toBe('3')
    expect(replicasText({ ...service(), service: null })).toBe('—')
    expect(replicasText(null)).toBe('—')
  })

  it("the latest deploy job is the newest of this app's key on its server", () => {
    const jobs = [
      job('a', { queuedAt: 10 }),
      job('b', { queuedAt: 30 }),
      job('c', { queuedAt: 50, key: 'app-other' }),
      job('d', { queuedAt: 60, serverId: 'srv-2' }),
      job('e', { queuedAt: 20 })
    ]
    expect(latestDeployJob(jobs, app())?.id).toBe('b')
    expect(latestDeployJob([], app())).toBeNull()
  })

  it('the last deploy in words', () => {
    expect(lastDeployText(null)).toBe('Never deployed')
    expect(lastDeployText(job('j', { state: 'running', step: 'pull', progress: 10 }))).toBe(
      'Running · pull · 10%'
    )
    expect(lastDeployText(job('j', { state: 'failed' }))).toBe('Failed')
  })
})

describe('deploy steps', () => {
  const names = deployStepNames('image')
  const states = (j: Parameters<typeof deploySteps>[1]) => deploySteps(names, j).map((s) => s.state)

  it('image deploys report check, pull, tag, update, wait, record; builds fetch and build', () => {
    expect(names).toEqual(['check', 'pull', 'tag', 'update', 'wait', 'record'])
    expect(deployStepNames('git').slice(0, 2)).toEqual(['fetch', 'build'])
    expect(deployStepNames('git')).not.toContain('pull')
  })

  it('apps on a cluster copy their image to the nodes between tag and update', () => {
    expect(deployStepNames('image', true)).toEqual([
      'check',
      'pull',
      'tag',
      'distribute',
      'update',
      'wait',
      'record'
    ])
    expect(deployStepNames('dir', true)).toContain('distribute')
    expect(STEP_LABELS.distribute).toBe('Copy the image to the nodes')
  })

  it('steps before the reported one are done, it is current, the rest wait', () => {
    expect(states(job('j', { state: 'running', step: 'update' }))).toEqual([
      'done',
      'done',
      'done',
      'current',
      'pending',
      'pending'
    ])
    expect(states(job('j', { state: 'queued' }))).toEqual(Array(6).fill('pending'))
    expect(states(null)).toEqual(Array(6).fill('pending'))
  })

  it('a success marks all done; a failure marks the step it stopped at', () => {
    expect(states(job('j', { state: 'succeeded', step: 'record' }))).toEqual(Array(6).fill('done'))
    expect(states(job('j', { state: 'failed', step: 'wait' }))).toEqual([
      'done',
      'done',
      'done',
      'done',
      'failed',
      'pending'
    ])
  })

  it('a step the list does not know is shown where it was reported', () => {
    const steps = deploySteps(names, job('j', { state: 'running', step: 'scan' }))
    expect(steps.at(-1)).toMatchObject({ name: 'scan', label: 'scan', state: 'current' })
    expect(steps.slice(0, -1).every((s) => s.state === 'done')).toBe(true)
  })
})

describe('releases', () => {
  it('rollback targets are kept releases other than the serving one', () => {
    const list = [release(3, { current: true }), release(2), release(1, { pruned: true })]
    expect([...rollbackTargets(list)]).toEqual([2])
  })

  it('a commit shows where the record has one, shortened', () => {
    expect(commitOf(release(1))).toBeNull()
    const withCommit = release(1, { commit: '0123456789abcdef0123' })
    expect(commitOf(withCommit)).toBe('0123456789ab')
    expect(commitOf(null)).toBeNull()
  })
})

describe('service status from the engine', () => {
  const svc = (name: string, image: string, replicas?: number, running?: number) => ({
    Spec: {
      Name: name,
      Mode: replicas === undefined ? {} : { Replicated: { Replicas: replicas } },
      TaskTemplate: { ContainerSpec: { Image: image } }
    },
    ...(running === undefined ? {} : { ServiceStatus: { RunningTasks: running } })
  })
  const ctr = (id: string, service: string, state: string, created: number) =>
    ({
      Id: id,
      Names: [`/${service}.1.${id}`],
      State: state,
      Created: created,
      Labels: { 'com.docker.swarm.service.name': service }
    }) as never

  it("reads replicas, the release tag and this node's running containers", () => {
    const s = serviceStatus(
      'web',
      [svc('other_app', 'x', 1, 1), svc('web_app', 'pier/web:7@sha256:abc', 2, 2)],
      [
        ctr('a', 'web_app', 'running', 1),
        ctr('b', 'web_app', 'exited', 3),
        ctr('c', 'web_app', 'running', 2),
        ctr('d', 'other_app', 'running', 4)
      ]
    )
    expect(s).toMatchObject({ desired: 2, running: 2, image: 'pier/web:7', release: 7 })
    expect(s?.containers.map((c) => c.name)).toEqual(['web_app.1.c', 'web_app.1.a'])
  })

  it('without ServiceStatus (older engines) counts running containers; no service is null', () => {
    const s = serviceStatus('web', [svc('web_app', 'nginx')], [ctr('a', 'web_app', 'running', 1)])
    expect(s).toMatchObject({ desired: null, running: 1, release: null })
    expect(serviceStatus('web', [], [])).toBeNull()
  })

  it("takes a release number only from the app's own pier/APP:N tag", () => {
    expect(releaseOfImage('web', 'pier/web:12')).toBe(12)
    expect(releaseOfImage('web', 'pier/webx:12')).toBeNull()
    expect(releaseOfImage('web', 'pier/web:latest')).toBeNull()
    expect(releaseOfImage('web', 'pier/web:0')).toBeNull()
    expect(releaseOfImage('web', 'nginx:1')).toBeNull()
  })
})

describe('the create-app form', () => {
  const valid = (): AppForm => ({ ...emptyForm('h1'), name: 'web', image: 'nginx:1.27' })

  it('refuses every hostile app name with the API’s own words', () => {
    for (const bad of HOSTILE) expect(nameProblem(bad), JSON.stringify(bad)).not.toBeNull()
    expect(nameProblem('web')).toBeNull()
    expect(nameProblem('web-')).toContain('cannot end with "-"')
  })

  it('refuses hostile git URLs and refs', () => {
    for (const bad of ['--upload-pack=touch /tmp/x', 'ext::sh -c id', 'file:///etc', 'a\nb', ''])
      expect(gitUrlProblem(bad), bad).not.toBeNull()
    expect(gitUrlProblem('https://github.com/a/b.git')).toBeNull()
    expect(gitUrlProblem('git@github.com:a/b.git')).toBeNull()
    for (const bad of ['-x', '../x', 'a b', '$(id)', 'a;b'])
      expect(gitRefProblem(bad), bad).not.toBeNull()
    expect(gitRefProblem('release/1.2')).toBeNull()
    expect(gitRefProblem('')).toBeNull()
  })

  it('a valid image app passes; each bad field says what is wrong', () => {
    expect(hasErrors(validateForm(valid()))).toBe(false)
    const e = validateForm({
      ...valid(),
      image: 'busybox;reboot',
      ports: ['80:80', '80:81', '1:99999'],
      env: [
        { key: 'A', value: '1' },
        { key: 'A', value: '2' },
        { key: 'PIER_X', value: '' }
      ],
      secrets: [
        { key: 'A', value: 's' },
        { key: 'B', value: '' }
      ],
      replicas: '2'
    })
    expect(e.image).toBeTruthy()
    expect(e.ports).toEqual({
      1: 'Host port 80 is published twice.',
      2: expect.stringContaining('is not a port mapping')
    })
    expect(e.env[1]).toBe('A is set twice.')
    expect(e.env[2]).toContain('reserved for Pier')
    expect(e.secrets).toEqual({ 0: 'A is set twice.', 1: 'Give the secret a value.' })
    expect(e.replicas).toContain('one replica')
    expect(validateForm({ ...valid(), replicas: '101' }).replicas).toBeTruthy()
    expect(
      validateForm({ ...valid(), healthCmd: 'true', healthInterval: '0' }).healthInterval
    ).toBeTruthy()
  })

  it('a git or folder app checks its own fields, not the image', () => {
    const git = validateForm({
      ...valid(),
      image: '',
      source: 'git',
      gitUrl: 'https://x/y.git',
      dockerfile: '../Dockerfile'
    })
    expect(git.image).toBeUndefined()
    expect(git.dockerfile).toContain('inside the source')
    expect(validateForm({ ...valid(), source: 'dir', dir: 'relative/path' }).dir).toBeTruthy()
  })

  it('sends env and secret values literally, secret values only in secretValues', () => {
    const input = createInput({
      ...valid(),
      ports: [' 8080:80 '],
      env: [{ key: 'GREETING', value: 'a=b $HOME "q" #c' }],
      secrets: [{ key: 'TOKEN', value: 's3cr3t' }],
      healthCmd: 'true',
      healthInterval: '2'
    })
    expect(input).toEqual({
      name: 'web',
      server: 'h1',
      image: 'nginx:1.27',
      port: ['8080:80'],
      env: ['GREETING=a=b $HOME "q" #c'],
      secret: ['TOKEN'],
      secretValues: { TOKEN: 's3cr3t' },
      replicas: 1,
      healthCmd: 'true',
      healthInterval: 2
    })
  })

  it('a git app goes in the git, ref and dockerfile fields', () => {
    const input = createInput({
      ...valid(),
      source: 'git',
      gitUrl: 'https://x/y.git',
      gitRef: 'main',
      dockerfile: 'docker/Dockerfile'
    }) as unknown as Record<string, unknown>
    expect(input).toMatchObject({
      git: 'https://x/y.git',
      ref: 'main',
      dockerfile: 'docker/Dockerfile'
    })
    expect(input.image).toBeUndefined()
  })
})

describe('the env editor', () => {
  it('rows need valid, unique names', () => {
    expect(envRowProblems([{ key: '1X', value: '' }])[0]).toBeTruthy()
    expect(envRowProblems([{ key: 'X', value: '' }], ['X'])[0]).toBe('X is set twice.')
    expect(envRowProblems([{ key: 'X', value: 'a\0b' }])[0]).toContain('NUL')
  })

  it('sends plain rows, new secret values, and what went away', () => {
    const before = {
      env: { MODE: 'prod', OLD: '1', MOVE: 'x' },
      secretKeys: ['TOKEN', 'GONE', 'FLIP']
    }
    const change = envChange(
      before,
      [
        { key: 'MODE', value: 'dev' },
        { key: 'FLIP', value: 'now plain' }
      ],
      [
        { key: 'TOKEN', value: null },
        { key: 'MOVE', value: 'now secret' },
        { key: 'NEW', value: 'n' }
      ]
    )
    expect(change.env).toEqual(['MODE=dev', 'FLIP=now plain'])
    expect(change.secret).toEqual(['MOVE', 'NEW'])
    expect(change.secretValues).toEqual({ MOVE: 'now secret', NEW: 'n' })
    expect(change.unset.sort()).toEqual(['FLIP', 'GONE', 'MOVE', 'OLD'])
    // A kept secret's value is never sent (it is not known here).
    expect(JSON.stringify(change)).not.toContain('TOKEN=')
  })
})

describe('apps store', () => {
  let watches: ScriptedStream<AppRecord[]>[]
  let calls: { method: string; input: unknown }[]
  let answers: Record<string, (input: unknown) => unknown>

  const describeError = (err: unknown) =>
    err instanceof ApiError
      ? { message: err.message, hint: err.hint }
      : { message: String(err), hint: '' }

  const deps = (): StoreDeps => ({
    api: {
      call: ((method: string, input: unknown) => {
        calls.push({ method, input })
        const answer = answers[method]
        if (!answer) return Promise.reject(new Error(`unexpected ${method}`))
        try {
          return Promise.resolve(answer(input))
        } catch (e) {
          return Promise.reject(e)
        }
      }) as StoreDeps['api']['call'],
      stream: ((method: string) => {
        if (method !== 'app.watch') throw new Error(`unexpected stream ${method}`)
        const s = scriptedStream<AppRecord[]>()
        watches.push(s)
        return s.iterator
      }) as StoreDeps['api']['stream']
    },
    describeError
  })

  beforeEach(() => {
    useApps.setState({ ...initialAppsState }, true)
    watches = []
    calls = []
    answers = {}
  })

  const tick = () => new Promise((r) => setTimeout(r, 0))

  it('keeps the list from the watch and stops it on cleanup', async () => {
    const actions = createAppActions(deps())
    const stop = actions.watch()
    watches[0]?.push([app('a'), app('b')])
    await tick()
    expect(useApps.getState().apps.map((a) => a.name)).toEqual(['a', 'b'])
    expect(useApps.getState().status).toBe('ready')
    stop()
    expect(watches[0]?.returned).toBe(true)
  })

  it('a watch that fails before its first list shows the failure', async () => {
    const actions = createAppActions(deps())
    actions.watch()
    watches[0]?.fail(new ApiError({ code: 'internal', message: 'db gone', hint: 'restart' }))
    await tick()
    expect(useApps.getState()).toMatchObject({ status: 'error', error: { message: 'db gone' } })
  })

  it('statuses are kept by app; one question at a time', async () => {
    let release: (v: AppStatus[]) => void = () => undefined
    answers['app.status'] = () => new Promise<AppStatus[]>((r) => (release = r))
    const actions = createAppActions(deps())
    const one = actions.refreshStatus()
    const two = actions.refreshStatus()
    release([service()])
    await Promise.all([one, two])
    expect(calls.filter((c) => c.method === 'app.status')).toHaveLength(1)
    expect(appSelectors.statusOf('web')(useApps.getState())?.service?.running).toBe(1)
  })

  it('deploy and rollback remember the job they started; rollback does not wait', async () => {
    answers['app.deploy'] = () => ({ jobId: 'job-1' })
    answers['app.rollback'] = () => ({ jobId: 'job-2' })
    const actions = createAppActions(deps())
    await actions.deploy('web')
    expect(appSelectors.startedJob('web')(useApps.getState())).toBe('job-1')
    expect(await actions.rollback('web', 1)).toBeNull()
    expect(calls.at(-1)).toEqual({
      method: 'app.rollback',
      input: { name: 'web', to: 1, wait: false }
    })
    expect(appSelectors.startedJob('web')(useApps.getState())).toBe('job-2')
  })

  it('a refused create keeps the wizard open with the API’s message and hint', async () => {
    answers['app.create'] = () => {
      throw new ApiError({ code: 'invalid_input', message: 'git not yet', hint: 'use --image' })
    }
    const actions = createAppActions(deps())
    actions.openWizard()
    const err = await actions.create({ name: 'web', server: 'h1', image: 'nginx' })
    expect(err).toEqual({ message: 'git not yet', hint: 'use --image' })
    expect(useApps.getState().wizardOpen).toBe(true)
    expect(useApps.getState().apps).toEqual([])
  })

  it('a created app is listed at once and the wizard closes', async () => {
    answers['app.create'] = () => app('web')
    const actions = createAppActions(deps())
    actions.openWizard()
    expect(await actions.create({ name: 'web', server: 'h1', image: 'nginx:1.27' })).toBeNull()
    expect(useApps.getState()).toMatchObject({ wizardOpen: false })
    expect(useApps.getState().apps.map((a) => a.name)).toEqual(['web'])
  })

  it('a failed op keeps its error on the app; remove drops the app and its state', async () => {
    answers['app.update'] = () => {
      throw new ApiError({ code: 'invalid_input', message: 'bad', hint: '' })
    }
    answers['app.remove'] = () => ({ removed: 'web' })
    answers['app.releases'] = () => [release(1, { current: true })]
    const actions = createAppActions(deps())
    useApps.setState({ apps: [app('web'), app('api')] })
    await actions.loadReleases('web')
    expect(appSelectors.releases('web')(useApps.getState()).list).toHaveLength(1)
    expect(await actions.saveEnv({ name: 'web', env: ['A=1'] })).toEqual({
      message: 'bad',
      hint: ''
    })
    expect(appSelectors.op('web', 'env')(useApps.getState())?.status).toBe('error')
    expect(await actions.remove('web')).toBeNull()
    expect(useApps.getState().apps.map((a) => a.name)).toEqual(['api'])
    expect(useApps.getState().releases.web).toBeUndefined()
  })
})
