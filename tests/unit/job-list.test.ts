import { describe, expect, it } from 'vitest'
import { newJobId } from '../../main/core/jobs/service'
import { JobListError, parseJobList } from '../../main/core/jobs/status'

const status = (id: string, state: string, queuedAt: number) =>
  JSON.stringify({
    id,
    key: 'app',
    state,
    pid: 10,
    exitCode: null,
    queuedAt,
    startedAt: null,
    endedAt: null,
    reason: null
  })

describe('parseJobList', () => {
  it('reads statuses, newest first, and fails a running job whose process is gone', () => {
    const out = [
      status('a-1', 'succeeded', 100),
      '{"id":"a-1","alive":false}',
      status('b-2', 'running', 200),
      '{"id":"b-2","alive":false}',
      status('c-3', 'running', 300),
      '{"id":"c-3","alive":true}',
      '{"done":true}'
    ].join('\n')
    const jobs = parseJobList(out)
    expect(jobs.map((j) => [j.id, j.state])).toEqual([
      ['c-3', 'running'],
      ['b-2', 'failed'],
      ['a-1', 'succeeded']
    ])
    expect(jobs[1]?.reason).toMatch(/process is gone/)
  })

  it('refuses cut-off or foreign output', () => {
    expect(() => parseJobList(status('a-1', 'running', 1))).toThrow(JobListError)
    expect(() => parseJobList('rm -rf /\n{"done":true}')).toThrow(/not JSON/)
    expect(() => parseJobList('{"id":"$(id)","state":"running"}\n{"done":true}')).toThrow(
      /not a job status/
    )
  })

  it('makes sortable, unique, safe job ids', () => {
    const a = newJobId(new Date('2026-01-02T03:04:05Z'))
    expect(a).toMatch(/^20260102030405-[0-9a-f]{6}$/)
    expect(newJobId()).not.toBe(newJobId())
  })
})
