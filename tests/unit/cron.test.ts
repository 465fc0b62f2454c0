// Cron schedules and Pier's crontab block: what may reach a crontab, how the block is written,
// and how the server's report is read back.
import { describe, expect, it } from 'vitest'
import { cronBlock, parseCronList } from '../../main/core/jobs/cron'
import { CronExprError, normalizeCronExpr } from '../../main/core/jobs/cron-expr'
import { HOSTILE } from '../support/hostile'

describe('normalizeCronExpr', () => {
  it('accepts the five-field forms and macros cron understands, in one spelling', () => {
    expect(normalizeCronExpr('*/5 * * * *')).toBe('*/5 * * * *')
    expect(normalizeCronExpr('  0\t3 * *   mon-fri ')).toBe('0 3 * * mon-fri')
    expect(normalizeCronExpr('0,30 8-18/2 1,15 jan-jun 0')).toBe('0,30 8-18/2 1,15 jan-jun 0')
    expect(normalizeCronExpr('0 0 * * 7')).toBe('0 0 * * 7')
    expect(normalizeCronExpr('@Daily')).toBe('@daily')
  })

  it.each([
    ['* * * *', /five fields/],
    ['* * * * * *', /five fields/],
    ['60 * * * *', /minute 60 is out of range/],
    ['* 24 * * *', /hour 24/],
    ['* * 0 * *', /day of month 0/],
    ['* * * 13 *', /month 13/],
    ['* * * * 8', /day of week 8/],
    ['*/0 * * * *', /step/],
    ['5-1 * * * *', /backwards/],
    ['* * * foo *', /not a valid month/],
    ['@every5m', /Unknown schedule/],
    ['* * * * * echo hi', /five fields/],
    ['0 0 * * * %', /%/],
    ['* * * * *\n* * * * * id', /one line/]
  ])('refuses %j with a message that says why', (expr, message) => {
    expect(() => normalizeCronExpr(expr)).toThrow(message)
  })

  it('refuses every hostile string from the corpus', () => {
    for (const bad of HOSTILE) expect(() => normalizeCronExpr(bad)).toThrow(CronExprError)
  })
})

describe('cronBlock', () => {
  it('writes one sorted line per entry between the markers, and nothing for no entries', () => {
    const block = cronBlock([
      { name: 'metrics', schedule: '* * * * *' },
      { name: 'backup-db', schedule: '0  3 * * *' }
    ])
    expect(block.split('\n')).toEqual([
      '# BEGIN pier',
      expect.stringMatching(/^# Managed by Pier/),
      '0 3 * * * sh "$HOME/.pier/cron/run.sh" backup-db',
      '* * * * * sh "$HOME/.pier/cron/run.sh" metrics',
      '# END pier',
      ''
    ])
    expect(cronBlock([])).toBe('')
    expect(() => cronBlock([{ name: 'x;id', schedule: '* * * * *' }])).toThrow()
  })
})

describe('parseCronList', () => {
  it('joins the block lines with each entry status, ignoring lines Pier did not write', () => {
    const out = [
      '{"line":"# Managed by Pier"}',
      '{"line":"*/5 * * * * sh \\"$HOME/.pier/cron/run.sh\\" metrics"}',
      '{"line":"@daily sh \\"$HOME/.pier/cron/run.sh\\" prune"}',
      '{"line":"* * * * * rm -rf ~"}',
      '{"name":"metrics","running":false,"startedAt":100,"endedAt":103,"exitCode":2,"durationSec":3,"runs":7}',
      '{"name":"metrics","skipped":2}',
      '{"name":"orphan","skipped":0}',
      '{"done":true}'
    ].join('\n')
    expect(parseCronList(out)).toEqual([
      {
        name: 'metrics',
        schedule: '*/5 * * * *',
        running: false,
        lastStartedAt: 100,
        lastEndedAt: 103,
        lastExitCode: 2,
        lastDurationSec: 3,
        runs: 7,
        skipped: 2
      },
      {
        name: 'prune',
        schedule: '@daily',
        running: false,
        lastStartedAt: null,
        lastEndedAt: null,
        lastExitCode: null,
        lastDurationSec: null,
        runs: 0,
        skipped: 0
      }
    ])
    expect(() => parseCronList('{"line":"x"}\n')).toThrow(/cut off/)
  })
})
