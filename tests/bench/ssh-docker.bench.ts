// The architecture's bet, measured on a real test host: one multiplexed ssh2 connection per
// server against what other tools do, a fresh OpenSSH login per command and `docker -H ssh://`
// (a login plus `docker system dial-stdio` per request). Baselines run in the same process.
import { execFile } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import type Docker from 'dockerode'
import type { Client } from 'ssh2'
import { afterAll, beforeAll, bench, describe, inject } from 'vitest'
import { shJoin } from '../../main/core/ssh/quote'
import { connectSsh, dockerOverSsh, execOn } from '../integration/support'

const run = promisify(execFile)
const host = inject('testHosts')[0]
if (!host) throw new Error(`bench needs a test host: ${inject('hostsSkipReason')}`)

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pier-bench-ssh-'))
const sshConfig = path.join(dir, 'ssh_config')
fs.writeFileSync(
  path.join(dir, 'known_hosts'),
  `[${host.sshHost}]:${host.sshPort} ${host.hostPublicKey}\n`
)
fs.writeFileSync(
  sshConfig,
  [
    'Host *',
    `  User ${host.username}`,
    `  IdentityFile ${host.privateKeyPath}`,
    '  IdentitiesOnly yes',
    `  UserKnownHostsFile ${path.join(dir, 'known_hosts')}`,
    '  StrictHostKeyChecking yes',
    '  BatchMode yes',
    '  LogLevel ERROR',
    ''
  ].join('\n')
)
// `docker -H ssh://` runs plain `ssh` from PATH: this wrapper hands it our config.
fs.mkdirSync(path.join(dir, 'bin'))
fs.writeFileSync(path.join(dir, 'bin/ssh'), `#!/bin/sh\nexec /usr/bin/ssh -F ${sshConfig} "$@"\n`, {
  mode: 0o755
})
const env = { ...process.env, PATH: `${path.join(dir, 'bin')}:${process.env.PATH ?? ''}` }
const dockerCli = fs.existsSync('/usr/bin/docker') ? '/usr/bin/docker' : 'docker'

let conn: Client
let docker: Docker

beforeAll(async () => {
  conn = await connectSsh(host)
  docker = dockerOverSsh(conn)
})
afterAll(() => {
  conn?.end()
  fs.rmSync(dir, { recursive: true, force: true })
})

const slow = { time: 3000, iterations: 5, warmupIterations: 1 }

describe('run `true` on a server', () => {
  bench(
    'OpenSSH client, new login per command (baseline)',
    async () => {
      await run('/usr/bin/ssh', ['-F', sshConfig, '-p', String(host.sshPort), host.sshHost, 'true'])
    },
    slow
  )
  bench('exec channel on one pooled ssh2 connection', async () => {
    const r = await execOn(conn, shJoin(['true']))
    if (r.code !== 0) throw new Error('exec failed')
  })
})

describe('list containers on a server', () => {
  bench(
    'docker -H ssh:// CLI (baseline)',
    async () => {
      await run(
        dockerCli,
        ['-H', `ssh://${host.username}@${host.sshHost}:${host.sshPort}`, 'ps', '-q'],
        { env }
      )
    },
    slow
  )
  bench('dockerode over a streamlocal tunnel on the pooled connection', async () => {
    await docker.listContainers()
  })
})
