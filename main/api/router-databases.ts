// Runs in: main, CLI, headless server.
// Binds the db.* and backup.* methods to core.databases and core.backups.
import type { Core } from '../core/core'
import { describeSchedule, nextRuns } from '../core/databases/cron-preview'
import { CronExprError, normalizeCronExpr } from '../core/jobs/cron-expr'
import { PierError } from '../core/errors'
import type { ParsedInputOf } from './contract'

export function databaseHandlers(core: Core) {
  return {
    'db.list': () => core.databases.list(),
    'db.create': (i: ParsedInputOf<'db.create'>, ctx: { signal: AbortSignal }) =>
      core.databases.create({ ...i, signal: ctx.signal }),
    'db.remove': (i: ParsedInputOf<'db.remove'>) =>
      core.databases.remove(i.name, { deleteData: i.deleteData }),
    'db.password': (i: ParsedInputOf<'db.password'>) => ({
      name: i.name,
      password: core.databases.password(i.name)
    }),
    'db.tunnel': (i: ParsedInputOf<'db.tunnel'>, ctx: { signal: AbortSignal }) =>
      core.databases.tunnel(i.name, { localPort: i.localPort, signal: ctx.signal }),
    'backup.schedule': (i: ParsedInputOf<'backup.schedule'>) =>
      core.backups.schedule(i.db, i.cron, i.keep),
    'backup.unschedule': (i: ParsedInputOf<'backup.unschedule'>) => core.backups.unschedule(i.db),
    'backup.preview': (i: ParsedInputOf<'backup.preview'>) => {
      try {
        const schedule = normalizeCronExpr(i.cron)
        return {
          schedule,
          text: describeSchedule(schedule),
          next: nextRuns(schedule, new Date(), i.count ?? 3).map((d) =>
            Math.floor(d.getTime() / 1000)
          )
        }
      } catch (err) {
        if (err instanceof CronExprError)
          throw new PierError('invalid_input', err.message, 'Use five fields like "30 3 * * *".')
        throw err
      }
    },
    'backup.run': async (i: ParsedInputOf<'backup.run'>, ctx: { signal: AbortSignal }) => {
      const r = await core.backups.run(i.db, { wait: i.wait, signal: ctx.signal })
      if (i.wait && r.state !== 'succeeded')
        throw new PierError(
          'remote_failed',
          `The backup of ${r.db} ${r.state}: ${r.reason ?? 'see the job log'}`,
          `Full log: pier job logs ${r.server} ${r.jobId}`,
          { details: { jobId: r.jobId, state: r.state } }
        )
      return r
    },
    'backup.list': (i: ParsedInputOf<'backup.list'>) => core.backups.list(i.db),
    'backup.pull': (i: ParsedInputOf<'backup.pull'>, ctx: { signal: AbortSignal }) =>
      core.backups.pull(i.db, { id: i.id, latest: i.latest, to: i.to, signal: ctx.signal }),
    'backup.restore': (i: ParsedInputOf<'backup.restore'>, ctx: { signal: AbortSignal }) =>
      core.backups.restore(i.db, { from: i.from, into: i.into, yes: i.yes, signal: ctx.signal }),
    'backup.verify': async (i: ParsedInputOf<'backup.verify'>, ctx: { signal: AbortSignal }) => {
      const r = await core.backups.verify(i.file, { ...i, signal: ctx.signal })
      if (!r.ok)
        throw new PierError(
          'remote_failed',
          `Verifying ${r.file} failed: ${r.reason ?? 'see the job log'}`,
          `Full log: pier job logs ${r.server} ${r.jobId}`,
          { details: { jobId: r.jobId } }
        )
      return r
    },
    'backup.transfers': () => core.backups.activeTransfers(),
    'db.watch': (_i: ParsedInputOf<'db.watch'>, ctx: { signal: AbortSignal }) =>
      core.watch(
        'databases',
        () => ({
          databases: core.databases.known(),
          transfers: core.backups.activeTransfers(),
          library: core.backups.library()
        }),
        ctx.signal
      ),
    'backup.library': (i: ParsedInputOf<'backup.library'>) => core.backups.library(i.db),
    'backup.autoPull': (i: ParsedInputOf<'backup.autoPull'>) =>
      core.backups.setAutoPull(i.db, i.off !== true)
  }
}
