// The architecture's bet, measured on a real test host: one multiplexed ssh2 connection per
// server against what other tools do, a fresh OpenSSH login per command and `docker -H ssh://`
// (a login plus `docker system dial-stdio` per request). Baselines run in the same process.
// Without test hosts (not Linux, not root) the benchmarks are skipped with the reason printed;
// with CI=true that is an error instead.
import { execFile } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import type Docker from 'dockerode'
import type { Client } from 'ssh2'
import { afterAll, beforeAll, bench, describe, inject } from 'vitest'
import { shJoin } from '../../main/core/ssh/quote'
import { createCore, type Core } from '../../main/core/core'
import { connect } from '../../main/core/ssh/connect'
import type { ServerLink } from '../../main/core/ssh/link'
import { memoryKeychain } from '../support/memory-keychain'
import { openSshFor } from './openssh'
import {
  dockerOverSsh,
  hostsOrSkip,
  type TestHost,
  recordHarnessServer
} from '../integration/support'

const run = promisify(execFile)
const noHosts = hostsOrSkip().length === 0
// Global setup already throws on CI without hosts; this keeps the rule should that ever change.
if (noHosts && process.env.CI === 'true') {
  throw new Error(`bench needs a test host on CI: ${inject('hostsSkipReason') || 'no hosts'}`)
}

interface Setup {
  host: TestHost
  dir: string
  sshConfig: string
  /** PATH with an `ssh` wrapper that uses sshConfig, for `docker -H ssh://`. */
  env: NodeJS.ProcessEnv
  conn: Client
  docker: Docker
  core: Core
  /** Pier's own pooled connection to the host, as the product uses it. */
  link: ServerLink
}

let setup: Setup | undefined
function s(): Setup {
  if (!setup) throw new Error('no test host set up')
  return setup
}

// Nested describes break vitest's bench reporting, so the hooks stay at file level and do
// nothing without hosts (the describes below are skipped then).
beforeAll(async () => {
  const host = hostsOrSkip()[0]
  if (!host) return
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pier-bench-ssh-'))
  const { sshConfig, env } = openSshFor(host, dir)
  const core = createCore({ home: path.join(dir, 'pier'), keychain: memoryKeychain() })
  const server = recordHarnessServer(core, host, 'bench')
  const link = core.pool.link(server.id)
  const conn = await link.client()
  setup = { host, dir, sshConfig, env, conn, docker: dockerOverSsh(conn), core, link }
})
afterAll(() => {
  setup?.core.close()
  if (setup) fs.rmSync(setup.dir, { recursive: true, force: true })
})

const slow = { time: 3000, iterations: 5, warmupIterations: 1 }
const dockerCli = fs.existsSync('/usr/bin/docker') ? '/usr/bin/docker' : 'docker'

describe.skipIf(noHosts)('run `true` on a server', () => {
  bench(
    'OpenSSH client, new login per command (baseline)',
    async () => {
      const { host, sshConfig } = s()
      await run('/usr/bin/ssh', ['-F', sshConfig, '-p', String(host.sshPort), host.sshHost, 'true'])
    },
    slow
  )
  bench("exec channel on Pier's pooled connection (ServerLink)", async () => {
    const r = await s().link.exec(shJoin(['true']))
    if (r.code !== 0) throw new Error('exec failed')
  })
})

describe.skipIf(noHosts)('connect to ready', () => {
  bench(
    'OpenSSH client: ssh -o BatchMode=yes host true (baseline)',
    async () => {
      const { host, sshConfig } = s()
      await run('/usr/bin/ssh', [
        '-F',
        sshConfig,
        '-o',
        'BatchMode=yes',
        '-p',
        String(host.sshPort),
        host.sshHost,
        'true'
      ])
    },
    slow
  )
  bench(
    'Pier connect(): host key verified, key auth, ready',
    async () => {
      const { host } = s()
      const c = await connect({
        host: host.sshHost,
        port: host.sshPort,
        username: host.username,
        auth: { privateKey: fs.readFileSync(host.privateKeyPath) },
        pinned: [{ keyType: 'ssh-ed25519', fingerprint: host.hostKeyFingerprint }],
        acceptUnknown: () => false
      })
      c.client.end()
    },
    slow
  )
})

describe.skipIf(noHosts)('100 sequential small commands', () => {
  const once = { time: 0, iterations: 1, warmupIterations: 0 }
  bench(
    '100 × ssh host true (baseline)',
    async () => {
      const { host, sshConfig } = s()
      for (let i = 0; i < 100; i++) {
        await run('/usr/bin/ssh', [
          '-F',
          sshConfig,
          '-p',
          String(host.sshPort),
          host.sshHost,
          'true'
        ])
      }
    },
    once
  )
  bench(
    '100 × exec on the pooled connection',
    async () => {
      for (let i = 0; i < 100; i++) await s().link.exec('true')
    },
    { time: 0, iterations: 3, warmupIterations: 0 }
  )
})

describe.skipIf(noHosts)('list containers on a server', () => {
  bench(
    'docker -H ssh:// CLI (baseline)',
    async () => {
      const { host, env } = s()
      await run(
        dockerCli,
        ['-H', `ssh://${host.username}@${host.sshHost}:${host.sshPort}`, 'ps', '-q'],
        { env }
      )
    },
    slow
  )
  bench('dockerode over a streamlocal tunnel on the pooled connection', async () => {
    await s().docker.listContainers()
  })
})
