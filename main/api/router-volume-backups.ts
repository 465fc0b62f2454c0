// Runs in: main, CLI, headless server.
// Binds the backup.volume* methods to core.volumeBackups.
import type { Core } from '../core/core'
import { PierError } from '../core/errors'
import type { ParsedInputOf } from './contract'

export function volumeBackupHandlers(core: Core) {
  const v = () => core.volumeBackups
  return {
    'backup.volumeSchedule': (i: ParsedInputOf<'backup.volumeSchedule'>) =>
      v().schedule(i.server, i.volume, i),
    'backup.volumeUnschedule': (i: ParsedInputOf<'backup.volumeUnschedule'>) =>
      v().unschedule(i.server, i.volume),
    'backup.volumeRun': async (
      i: ParsedInputOf<'backup.volumeRun'>,
      ctx: { signal: AbortSignal }
    ) => {
      const r = await v().run(i.server, i.volume, { ...i, signal: ctx.signal })
      if (i.wait && r.state !== 'succeeded')
        throw new PierError(
          'remote_failed',
          `The backup of ${r.volume} ${r.state}: ${r.reason ?? 'see the job log'}`,
          `Full log: pier job logs ${r.server} ${r.jobId}`,
          { details: { jobId: r.jobId, state: r.state } }
        )
      return r
    },
    'backup.volumeList': (i: ParsedInputOf<'backup.volumeList'>) => v().list(i.server, i.volume),
    'backup.volumePull': (i: ParsedInputOf<'backup.volumePull'>, ctx: { signal: AbortSignal }) =>
      v().pull(i.server, i.volume, { id: i.id, latest: i.latest, to: i.to, signal: ctx.signal }),
    'backup.volumeRestore': (
      i: ParsedInputOf<'backup.volumeRestore'>,
      ctx: { signal: AbortSignal }
    ) => v().restore(i.server, i.volume, { ...i, signal: ctx.signal })
  }
}
