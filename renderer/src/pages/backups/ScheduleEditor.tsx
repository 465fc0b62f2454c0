// Runs in: renderer.
// A database's backup schedule: a cron expression described in words as it is typed (the same
// words `pier backup preview` prints), the next runs, how many good backups to keep, and
// auto-pull. Saving installs the cron entry on the server.
import { useState, type JSX } from 'react'
import { dbActions } from '../../actions'
import { ErrorBanner } from '../../components/ErrorBanner'
import { Spinner } from '../../components/Spinner'
import { keepProblem, previewSchedule, utc, type Database } from '../../lib/databases'
import { dbSelectors, useDatabases } from '../../stores/databases'

/** Keyed by its owner on the stored schedule, so a save or another database starts it afresh. */
export function ScheduleEditor({ db }: { db: Database }): JSX.Element {
  const [cron, setCron] = useState(db.schedule ?? '30 3 * * *')
  const [keep, setKeep] = useState(String(db.keep))
  const op = useDatabases(dbSelectors.op(db.name, 'schedule'))
  const auto = useDatabases(dbSelectors.op(db.name, 'autoPull'))
  const preview = previewSchedule(cron)
  const keepError = keepProblem(keep)
  const saving = op?.status === 'running'
  const changed = cron.trim() !== (db.schedule ?? '') || Number(keep) !== db.keep
  return (
    <section className="backup-schedule" aria-labelledby="backup-schedule-title">
      <h3 id="backup-schedule-title" className="section-title">
        Schedule
      </h3>
      <form
        className="backup-schedule-form"
        aria-label={`Backup schedule of ${db.name}`}
        onSubmit={(e) => {
          e.preventDefault()
          if (!preview.ok || keepError || saving) return
          void dbActions.schedule(db.name, cron.trim(), Number(keep))
        }}
      >
        <div className="field-row">
          <div className="field field-grow">
            <label className="field-label" htmlFor="backup-cron">
              Cron expression <span className="field-aside">server time, usually UTC</span>
            </label>
            <input
              id="backup-cron"
              name="backup-cron"
              className="input mono"
              value={cron}
              onChange={(e) => setCron(e.target.value)}
              aria-invalid={preview.ok ? undefined : true}
              aria-describedby="backup-cron-preview"
              spellCheck={false}
              autoComplete="off"
            />
          </div>
          <div className="field field-port">
            <label className="field-label" htmlFor="backup-keep">
              Keep
            </label>
            <input
              id="backup-keep"
              name="backup-keep"
              className="input"
              inputMode="numeric"
              value={keep}
              onChange={(e) => setKeep(e.target.value)}
              aria-invalid={keepError ? true : undefined}
            />
          </div>
        </div>
        <p
          id="backup-cron-preview"
          className={preview.ok ? 'field-help cron-preview' : 'field-error cron-preview'}
          data-testid="cron-preview"
          data-valid={preview.ok}
        >
          {preview.ok ? `Runs ${preview.text}.` : preview.text}
          {preview.next.length > 0 && (
            <span className="muted"> Next: {preview.next.map(utc).join(', ')}.</span>
          )}
        </p>
        {keepError && <p className="field-error">{keepError}</p>}
        <div className="actions">
          <button
            type="submit"
            className="button button-primary"
            disabled={saving || !preview.ok || !!keepError || !changed}
          >
            {saving && <Spinner />}
            Save
          </button>
          {db.schedule && (
            <button
              type="button"
              className="button button-secondary"
              disabled={saving}
              onClick={() => void dbActions.unschedule(db.name)}
            >
              Stop scheduled backups
            </button>
          )}
          <span className="muted" data-testid="schedule-state">
            {db.schedule
              ? `Scheduled: ${db.schedule}, keeping ${db.keep} good backups.`
              : 'Not scheduled yet.'}
          </span>
        </div>
        <label className="checkbox">
          <input
            type="checkbox"
            name="auto-pull"
            checked={db.autoPull}
            disabled={auto?.status === 'running'}
            onChange={(e) => void dbActions.setAutoPull(db.name, e.target.checked)}
          />
          Pull new backups to this computer automatically when Pier connects to {db.server}
        </label>
        {op?.status === 'error' && op.error && (
          <ErrorBanner title="The schedule was not saved." error={op.error} />
        )}
        {auto?.status === 'error' && auto.error && (
          <ErrorBanner title="Auto-pull was not changed." error={auto.error} />
        )}
      </form>
    </section>
  )
}
