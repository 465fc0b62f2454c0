// The laptop's job history: what the server reports is taken in, progress lines are read, an
// ended job never comes back to life, and a finished job is announced once.
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { openDatabase, type Db } from '../../main/core/db/open'
import { describeFinishedJob } from '../../main/core/jobs/describe'
import type { JobStatus } from '../../main/core/jobs/model'
import { JobRepository } from '../../main/core/jobs/repository'
import { parseJobList } from '../../main/core/jobs/status'
import { ServerRepository } from '../../main/core/servers/repository'
import { tmpDir } from '../support/tmp'

const base: JobStatus = {
  id: '20261128000000-abcdef',
  key: 'app',
  state: 'running',
  pid: 42,
  exitCode: null,
  queuedAt: 1000,
  startedAt: 1001,
  endedAt: null,
  reason: null,
  step: null,
  progress: null,
  title: null
}

let db: Db | undefined
afterEach(() => db?.close())

function setup(): { jobs: JobRepository; serverId: string } {
  db = openDatabase(path.join(tmpDir('pier-job-records-'), 'pier.db'))
  const server = new ServerRepository(db).insert({
    name: 'web',
    host: 'example.test',
    username: 'deploy',
    authMethod: 'agent'
  })
  return { jobs: new JobRepository(db), serverId: server.id }
}

describe('job records', () => {
  it('takes step and progress from the alive line, clamped to 0-100', () => {
    const { id: _id, ...rest } = base
    const out = [
      JSON.stringify({ id: 'j-1', ...rest }),
      '{"id":"j-1","alive":true,"step":"Build \\"x\\"","progress":140}',
      '{"done":true}'
    ].join('\n')
    expect(parseJobList(out)[0]).toMatchObject({ step: 'Build "x"', progress: 100 })
  })

  it("names a job the server started itself, and keeps the laptop's own name for its jobs", () => {
    const { id: _id, title: _title, ...rest } = base
    const out = [
      JSON.stringify({ id: 'j-1', ...rest }),
      '{"id":"j-1","alive":true,"step":null,"progress":null,"title":"Auto-deploy web at 0a1b2c3"}',
      JSON.stringify({ id: 'j-2', ...rest }),
      '{"id":"j-2","alive":true}',
      '{"done":true}'
    ].join('\n')
    const [first, second] = parseJobList(out).sort((a, b) => a.id.localeCompare(b.id))
    expect(first?.title).toBe('Auto-deploy web at 0a1b2c3')
    expect(second?.title).toBeNull()

    const { jobs, serverId } = setup()
    const fromServer = { ...base, id: 'j-server', title: 'CI deploy web at 0a1b2c3' }
    expect(jobs.upsert(serverId, fromServer)).toBe(true)
    expect(jobs.get(serverId, 'j-server')?.title).toBe('CI deploy web at 0a1b2c3')
    expect(jobs.upsert(serverId, fromServer)).toBe(false)

    jobs.insertStarted(serverId, { id: 'j-laptop', key: 'app', title: 'Deploy web' })
    jobs.upsert(serverId, { ...base, id: 'j-laptop', title: 'Auto-deploy web at 0a1b2c3' })
    expect(jobs.get(serverId, 'j-laptop')?.title).toBe('Deploy web')
    jobs.upsert(serverId, { ...base, id: 'j-laptop', state: 'succeeded', exitCode: 0, endedAt: 2 })
    expect(jobs.get(serverId, 'j-laptop')?.title).toBe('Deploy web')
  })

  it("upserts the server's word, reports changes, and never revives an ended job", () => {
    const { jobs, serverId } = setup()
    jobs.insertStarted(serverId, { id: base.id, key: 'app', title: 'Deploy web' })
    expect(jobs.upsert(serverId, base)).toBe(true)
    expect(jobs.upsert(serverId, base)).toBe(false)
    expect(jobs.active().map((j) => j.id)).toEqual([base.id])
    const ended = { ...base, state: 'succeeded' as const, exitCode: 0, endedAt: 1010 }
    expect(jobs.upsert(serverId, ended)).toBe(true)
    expect(jobs.upsert(serverId, base)).toBe(false)
    expect(jobs.get(serverId, base.id)).toMatchObject({
      state: 'succeeded',
      title: 'Deploy web',
      startedHere: true
    })
    expect(jobs.active()).toEqual([])
  })

  it("claims a finished job's notification once, and only for jobs started here", () => {
    const { jobs, serverId } = setup()
    jobs.insertStarted(serverId, { id: base.id, key: 'app', title: null })
    jobs.upsert(serverId, { ...base, id: 'other-job' })
    expect(jobs.claimNotification(serverId, base.id)).toBe(true)
    expect(jobs.claimNotification(serverId, base.id)).toBe(false)
    expect(jobs.claimNotification(serverId, 'other-job')).toBe(false)
  })

  it('describes how a job ended in one line a notification can show', () => {
    const job = { ...base, title: 'Deploy web', endedAt: 1031 }
    expect(describeFinishedJob('web', { ...job, state: 'succeeded', exitCode: 0 })).toEqual({
      title: 'Deploy web finished',
      body: 'On web after 30s.'
    })
    expect(
      describeFinishedJob('web', {
        ...job,
        title: null,
        state: 'failed',
        reason: 'timed out after 5s'
      })
    ).toEqual({ title: `Job ${base.id} failed`, body: 'On web after 30s: timed out after 5s.' })
    expect(describeFinishedJob('web', { ...job, state: 'failed', exitCode: 2 }).body).toBe(
      'On web after 30s: exit code 2.'
    )
  })
})
