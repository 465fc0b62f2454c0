// Pulling a backup to the laptop, on a real test host: Pier's download (one exec channel on the
// pooled ssh2 connection running `tail -c +1`, written to a .part file and hashed with sha256 on
// the way) against ssh2's SFTP fastGet on the same connection and against OpenSSH's
// `ssh host cat file > local`, for files of random bytes (incompressible, like a dump): 64 MB and
// 1 GB by default (PIER_BENCH_PULL_MB=64,1024 to choose; the 1 GB case takes about 3 minutes).
import { execFile } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import type { Client } from 'ssh2'
import { afterAll, beforeAll, bench, describe, inject } from 'vitest'
import { createCore, type Core } from '../../main/core/core'
import { download } from '../../main/core/databases/transfer'
import type { ServerLink } from '../../main/core/ssh/link'
import { memoryKeychain } from '../support/memory-keychain'
import { openSshFor } from './openssh'
import { hostsOrSkip, type TestHost, recordHarnessServer } from '../integration/support'

const run = promisify(execFile)
const noHosts = hostsOrSkip().length === 0
if (noHosts && process.env.CI === 'true') {
  throw new Error(`bench needs a test host on CI: ${inject('hostsSkipReason') || 'no hosts'}`)
}

const SIZES_MB = (process.env.PIER_BENCH_PULL_MB ?? '64,1024')
  .split(',')
  .map((x) => Number(x.trim()))
  .filter((n) => Number.isInteger(n) && n > 0)
const remoteFile = (mb: number): string =>
  `.pier/backups/benchdb/20260101T000000Z-bench${mb}.pgdump.zst`
const READ = 'exec tail -c +"$(($1 + 1))" "$HOME/.pier/backups/$2/$3"'

interface Setup {
  host: TestHost
  dir: string
  sshConfig: string
  core: Core
  link: ServerLink
  conn: Client
}
let setup: Setup | undefined
function s(): Setup {
  if (!setup) throw new Error('no test host set up')
  return setup
}

beforeAll(async () => {
  const host = hostsOrSkip()[0]
  if (!host) return
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pier-bench-pull-'))
  const { sshConfig } = openSshFor(host, dir)
  const core = createCore({ home: path.join(dir, 'pier'), keychain: memoryKeychain() })
  const server = recordHarnessServer(core, host, 'bench')
  const link = core.pool.link(server.id)
  const conn = await link.client()
  // Made here: vitest's bench runner does not run a describe's own beforeAll before its benches.
  for (const mb of SIZES_MB) {
    const r = await link.exec(
      `mkdir -p .pier/backups/benchdb && head -c ${mb * 1024 * 1024} /dev/urandom > ${remoteFile(mb)} && sync`
    )
    if (r.code !== 0) throw new Error(`cannot make the file: ${r.stderr}`)
  }
  setup = { host, dir, sshConfig, core, link, conn }
}, 600_000)
afterAll(async () => {
  await setup?.link.exec('rm -rf .pier/backups/benchdb')
  setup?.core.close()
  if (setup) fs.rmSync(setup.dir, { recursive: true, force: true })
})

const fresh = (name: string): string => {
  const p = path.join(s().dir, name)
  fs.rmSync(p, { force: true })
  return p
}

for (const mb of SIZES_MB) {
  const bytes = mb * 1024 * 1024
  const remote = remoteFile(mb)
  // A gigabyte takes seconds per run already: fewer runs, no warm-up.
  const few =
    mb >= 512
      ? { time: 0, iterations: 2, warmupIterations: 0 }
      : { time: 0, iterations: 3, warmupIterations: 1 }
  const local = (what: string): string => `${what}-${mb}.bin`

  describe.skipIf(noHosts)(`pull a ${mb} MB backup to the laptop`, () => {
    bench(
      'OpenSSH: ssh host cat file > local (baseline)',
      async () => {
        const { host, sshConfig } = s()
        const out = fresh(local('openssh'))
        await run('sh', [
          '-c',
          `/usr/bin/ssh -F "$1" -p "$2" "$3" cat ${remote} > "$4"`,
          'sh',
          sshConfig,
          String(host.sshPort),
          host.sshHost,
          out
        ])
        if (fs.statSync(out).size !== bytes) throw new Error('short file')
      },
      few
    )
    bench(
      'ssh2 SFTP fastGet on the pooled connection',
      async () => {
        const out = fresh(local('sftp'))
        await new Promise<void>((resolve, reject) =>
          s().conn.sftp((err, sftp) => {
            if (err) return reject(err)
            // SFTP paths are not expanded by a shell: relative to the login directory.
            sftp.fastGet(remote, out, (e) => {
              if (e) console.error('fastGet:', e)
              sftp.end()
              if (e) reject(e)
              else resolve()
            })
          })
        )
        if (fs.statSync(out).size !== bytes) throw new Error('short file')
      },
      few
    )
    bench(
      'Pier: exec channel (tail -c), .part file, sha256 included',
      async () => {
        const out = fresh(local('pier'))
        const r = await download(
          s().link,
          { script: READ, argv: ['benchdb', path.basename(remote)] },
          out
        )
        if (r.size !== bytes || r.sha256.length !== 64) throw new Error('short file')
      },
      few
    )
  })
}
