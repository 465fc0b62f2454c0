// With the server out of reach, a job's log comes from this laptop's copy instead of failing.
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { PierError } from '../../main/core/errors'
import { EventBus } from '../../main/core/events'
import type { JobRepository } from '../../main/core/jobs/repository'
import { JobsService } from '../../main/core/jobs/service'
import type { ServersService } from '../../main/core/servers/service'
import type { SshPool } from '../../main/core/ssh/pool'
import { tmpDir } from '../support/tmp'

const ID = '20261128000000-abcdef'

function service(error: PierError, local: string | null) {
  const servers = { get: () => ({ id: 'srv-1', name: 'web' }) } as unknown as ServersService
  const link = {
    // eslint-disable-next-line require-yield
    async *execChunks() {
      throw error
    },
    client: () => Promise.reject(error)
  }
  const pool = { link: () => link } as unknown as SshPool
  return new JobsService({
    servers,
    pool,
    repo: {} as JobRepository,
    bus: new EventBus(),
    localLog: () => local ?? '/nonexistent/pier-log'
  })
}

async function read(jobs: JobsService, offset = 0): Promise<string> {
  let text = ''
  for await (const c of jobs.logs('web', ID, { offset })) text += c.data
  return text
}

describe('job logs offline', () => {
  const down = new PierError('connection_refused', 'refused', 'start sshd')

  it('serves the local copy from the asked offset when the server is unreachable', async () => {
    const file = path.join(tmpDir('pier-joblog-'), `${ID}.log`)
    fs.writeFileSync(file, '2026-11-28T00:00:00Z one ✓\n2026-11-28T00:00:01Z two\n')
    expect(await read(service(down, file))).toBe(fs.readFileSync(file, 'utf8'))
    const first = Buffer.byteLength('2026-11-28T00:00:00Z one ✓\n')
    expect(await read(service(down, file), first)).toBe('2026-11-28T00:00:01Z two\n')
  })

  it('still fails without a local copy, or for errors a copy cannot stand in for', async () => {
    await expect(read(service(down, null))).rejects.toMatchObject({ code: 'connection_refused' })
    const file = path.join(tmpDir('pier-joblog-'), `${ID}.log`)
    fs.writeFileSync(file, 'x\n')
    const gone = new PierError('host_key_changed', 'changed', 'verify it')
    await expect(read(service(gone, file))).rejects.toMatchObject({ code: 'host_key_changed' })
  })
})
