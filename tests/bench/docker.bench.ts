// Docker over SSH, measured on a real test host: Pier's engine access (dockerode over
// streamlocal channels on the pooled connection) against what other tools do — the docker
// CLI's `-H ssh://` (an OpenSSH login plus `docker system dial-stdio` per command) and
// docker-modem's protocol 'ssh' (an ssh2 login per request) — and against the engine's local
// unix socket, the floor. Baselines run in the same process. Without test hosts the benchmarks
// are skipped with the reason printed; with CI=true that is an error instead.
import { execFile } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import Docker from 'dockerode'
import { afterAll, beforeAll, bench, describe, inject } from 'vitest'
import { createCore, type Core } from '../../main/core/core'
import type { Engine } from '../../main/core/docker/engines'
import { memoryKeychain } from '../support/memory-keychain'
import { openSshFor } from './openssh'
import { hostsOrSkip, type TestHost, recordHarnessServer } from '../integration/support'

const run = promisify(execFile)
const noHosts = hostsOrSkip().length === 0
if (noHosts && process.env.CI === 'true') {
  throw new Error(`bench needs a test host on CI: ${inject('hostsSkipReason') || 'no hosts'}`)
}

interface Setup {
  host: TestHost
  dir: string
  env: NodeJS.ProcessEnv
  core: Core
  engine: Engine
  modemSsh: Docker
  local: Docker
  containers: string[]
}

let setup: Setup | undefined
function s(): Setup {
  if (!setup) throw new Error('no test host set up')
  return setup
}

const STATS_CONTAINERS = 20

beforeAll(async () => {
  const host = hostsOrSkip()[0]
  if (!host) return
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pier-bench-docker-'))
  const { env } = openSshFor(host, dir)
  const core = createCore({ home: path.join(dir, 'pier'), keychain: memoryKeychain() })
  recordHarnessServer(core, host, 'bench')
  const engine = core.docker.engines.get('bench')
  const modemSsh = new Docker({
    protocol: 'ssh',
    host: host.sshHost,
    port: host.sshPort,
    username: host.username,
    sshOptions: { privateKey: fs.readFileSync(host.privateKeyPath) }
  })
  const local = new Docker({ socketPath: host.dockerSocket })
  const containers = await Promise.all(
    Array.from({ length: STATS_CONTAINERS }, async () => {
      const c = await local.createContainer({
        Image: 'busybox:local',
        Cmd: ['sleep', '3600'],
        Labels: { 'pier.bench': 'docker' }
      })
      await c.start()
      return c.id
    })
  )
  // Warm the tunnel and the stats sampler (its first refresh samples twice).
  await core.docker.stats('bench')
  setup = { host, dir, env, core, engine, modemSsh, local, containers }
}, 180_000)
afterAll(async () => {
  if (!setup) return
  await Promise.all(
    setup.containers.map((id) => setup?.local.getContainer(id).remove({ force: true }))
  )
  setup.core.close()
  fs.rmSync(setup.dir, { recursive: true, force: true })
}, 120_000)

const once = { time: 0, iterations: 1, warmupIterations: 0 }
const few = { time: 0, iterations: 3, warmupIterations: 1 }
const dockerCli = fs.existsSync('/usr/bin/docker') ? '/usr/bin/docker' : 'docker'
const sshUrl = (h: TestHost): string => `ssh://${h.username}@${h.sshHost}:${h.sshPort}`

describe.skipIf(noHosts)('100 sequential listContainers', () => {
  bench(
    'docker -H ssh:// ps (baseline)',
    async () => {
      const { host, env } = s()
      for (let i = 0; i < 100; i++) await run(dockerCli, ['-H', sshUrl(host), 'ps', '-q'], { env })
    },
    once
  )
  bench(
    "docker-modem protocol 'ssh'",
    async () => {
      for (let i = 0; i < 100; i++) await s().modemSsh.listContainers()
    },
    once
  )
  bench(
    'Pier: dockerode over streamlocal channels on the pooled link',
    async () => {
      for (let i = 0; i < 100; i++) await s().engine.docker.listContainers()
    },
    few
  )
  bench(
    'engine local unix socket (floor)',
    async () => {
      for (let i = 0; i < 100; i++) await s().local.listContainers()
    },
    few
  )
})

describe.skipIf(noHosts)(`stats of ${STATS_CONTAINERS} containers, one refresh`, () => {
  bench(
    'docker -H ssh:// stats --no-stream (baseline)',
    async () => {
      const { host, env } = s()
      await run(dockerCli, ['-H', sshUrl(host), 'stats', '--no-stream'], { env })
    },
    few
  )
  bench(
    'Pier docker.stats: one-shot samples, all at once, over the pooled link',
    async () => {
      const r = await s().core.docker.stats('bench')
      if (r.containers.length < STATS_CONTAINERS) throw new Error('missing containers')
    },
    { time: 0, iterations: 10, warmupIterations: 1 }
  )
})
