// Restoring a PostgreSQL backup from the laptop, on a real test host (the image built from
// Debian's packages, single-node swarm): Pier's `backup restore --yes` (sha256 check of the local
// file, a safety backup on the server, upload over an exec channel of the pooled connection,
// pg_restore as a durable job, a sanity count) against what a person would type with OpenSSH:
// `cat file | ssh host 'zstd -dc | docker exec -i CID pg_restore …'`, with the same file and the
// same pg_restore flags. The table has PIER_BENCH_RESTORE_ROWS rows (default 1,000,000).
import { execFile } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, bench, describe, inject } from 'vitest'
import { createCore, type Core } from '../../main/core/core'
import type { ServerLink } from '../../main/core/ssh/link'
import { ensureDbImage } from '../hosts/harness'
import { memoryKeychain } from '../support/memory-keychain'
import { ensureSwarm } from '../integration/apps-support'
import { hostsOrSkip, type TestHost, recordHarnessServer } from '../integration/support'
import { openSshFor } from './openssh'

const run = promisify(execFile)
const noHosts = hostsOrSkip().length === 0
if (noHosts && process.env.CI === 'true') {
  throw new Error(`bench needs a test host on CI: ${inject('hostsSkipReason') || 'no hosts'}`)
}

const ROWS = Number(process.env.PIER_BENCH_RESTORE_ROWS ?? 1_000_000)
const DB = 'pgbench'
const CID = `"$(docker ps -q --filter label=com.docker.swarm.service.name=db-${DB}_db)"`
// The flags of Pier's own restore snippet (remote-scripts/lib/db.sh), so both do the same work.
const PG_RESTORE = `pg_restore -U pier -d ${DB} --clean --if-exists --no-owner --single-transaction --exit-on-error`

interface Setup {
  host: TestHost
  dir: string
  sshConfig: string
  core: Core
  link: ServerLink
  file: string
}
let setup: Setup | undefined
function s(): Setup {
  if (!setup) throw new Error('no test host set up')
  return setup
}

async function rowsBack(): Promise<void> {
  const r = await s().link.exec(
    `docker exec ${CID} psql -U pier -d ${DB} -tAc 'select count(*) from t'`
  )
  if (r.code !== 0 || r.stdout.trim() !== String(ROWS))
    throw new Error(`after the restore: ${r.stdout.trim()} rows, ${r.stderr.trim()}`)
}

beforeAll(async () => {
  const host = hostsOrSkip()[0]
  if (!host) return
  await ensureSwarm(host)
  const image = await ensureDbImage(host.name, 'postgres')
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pier-bench-restore-'))
  const { sshConfig } = openSshFor(host, dir)
  const core = createCore({ home: path.join(dir, 'pier'), keychain: memoryKeychain() })
  const server = recordHarnessServer(core, host, 'bench')
  const link = core.pool.link(server.id)
  await core.databases.create({
    name: DB,
    server: 'bench',
    engine: 'postgres',
    version: '15',
    image
  })
  const fill = await link.exec(
    `docker exec ${CID} psql -U pier -d ${DB} -v ON_ERROR_STOP=1 -qc 'create table t as select g as id, md5(g::text) || md5((g * 7)::text) as note, now() as at from generate_series(1, ${ROWS}) g; alter table t add primary key (id)'`
  )
  if (fill.code !== 0) throw new Error(`cannot fill the table: ${fill.stderr}`)
  const b = await core.backups.run(DB, { wait: true })
  if (b.state !== 'succeeded') throw new Error(`the backup failed: ${b.reason}`)
  const pulled = await core.backups.pull(DB, { latest: true })
  console.log(
    `[bench] restore: ${ROWS} rows, backup file ${(pulled.size / 1024 / 1024).toFixed(1)} MB (pg_dump -Fc, then zstd)`
  )
  setup = { host, dir, sshConfig, core, link, file: pulled.path }
}, 900_000)

afterAll(async () => {
  await setup?.core.databases.remove(DB, { deleteData: true }).catch(() => undefined)
  setup?.core.close()
  if (setup) fs.rmSync(setup.dir, { recursive: true, force: true })
}, 300_000)

const few = { time: 0, iterations: 3, warmupIterations: 0 }

describe.skipIf(noHosts)(`restore a PostgreSQL backup (${ROWS} rows) from the laptop`, () => {
  bench(
    "OpenSSH: cat file | ssh host 'zstd -dc | docker exec -i … pg_restore' (baseline)",
    async () => {
      const { host, sshConfig, file } = s()
      await run('sh', [
        '-c',
        'cat "$5" | /usr/bin/ssh -F "$1" -p "$2" "$3" "$4"',
        'sh',
        sshConfig,
        String(host.sshPort),
        host.sshHost,
        `zstd -q -d -c | docker exec -i ${CID} ${PG_RESTORE}`,
        file
      ])
      await rowsBack()
    },
    few
  )
  bench(
    'Pier: backup restore --yes (sha256 check, safety backup, upload, pg_restore job)',
    async () => {
      const r = await s().core.backups.restore(DB, { from: s().file, yes: true })
      if (!/restored into pgbench: 1 tables/.test(r.summary)) throw new Error(r.summary)
      await rowsBack()
    },
    few
  )
  // Not a contender: the part of Pier's figure that the baseline does not do at all.
  bench(
    'of which: the safety backup alone (backup run --wait)',
    async () => {
      const r = await s().core.backups.run(DB, { wait: true })
      if (r.state !== 'succeeded') throw new Error(`the backup failed: ${r.reason}`)
    },
    few
  )
})
