// Runs in: renderer.
// A database's backups as its server's manifest records them, newest first: time, status, size,
// duration, a short sha256 and, for a failed run, its error. Run now starts the cron entry's
// script as a job and follows it here; Pull copies a good backup into the local library with a
// progress bar (resumable, sha256-checked before it counts).
import { useEffect, useRef, type JSX } from 'react'
import { dbActions } from '../../actions'
import { ErrorBanner } from '../../components/ErrorBanner'
import { Spinner } from '../../components/Spinner'
import { useNow } from '../../hooks/useNow'
import {
  formatSeconds,
  formatSize,
  overdueText,
  transferPercent,
  utc,
  type BackupRecord,
  type Database
} from '../../lib/databases'
import { isActive } from '../../lib/jobs'
import { dbSelectors, useDatabases } from '../../stores/databases'
import { jobSelectors, useJobs } from '../../stores/jobs'
import { findJob, JobProgress } from '../databases/JobProgress'

function PullCell({ db, record }: { db: Database; record: BackupRecord }): JSX.Element | null {
  const op = useDatabases(dbSelectors.op(`${db.name}/${record.id}`, 'pull'))
  const transfer = useDatabases((s) =>
    s.transfers.find((t) => t.id === `pull:${db.name}:${record.id}`)
  )
  const inLibrary = useDatabases((s) =>
    s.library.some((e) => e.db === db.name && e.record.id === record.id && e.intact)
  )
  if (record.status !== 'ok') return null
  const pulling = op?.status === 'running'
  return (
    <div className="backup-pull">
      {pulling ? (
        <>
          <progress
            className="progress"
            max={100}
            value={transfer ? (transferPercent(transfer) ?? undefined) : undefined}
            aria-label={`Pulling ${record.id}`}
          />
          <span className="muted small">
            {transfer ? `${formatSize(transfer.bytes)} of ${formatSize(transfer.total)}` : '…'}
          </span>
        </>
      ) : (
        <button
          type="button"
          className="button button-secondary small"
          data-action="pull"
          onClick={() => void dbActions.pull(db.name, record.id)}
        >
          {inLibrary ? 'Pull again' : 'Pull'}
        </button>
      )}
      {inLibrary && !pulling && (
        <span className="tag" data-testid="in-library">
          in library
        </span>
      )}
      {op?.status === 'error' && op.error && (
        <span className="field-error" role="alert" title={op.error.hint}>
          {op.error.message}
        </span>
      )}
    </div>
  )
}

function RunNow({ db }: { db: Database }): JSX.Element {
  const op = useDatabases(dbSelectors.op(db.name, 'run'))
  const started = useDatabases(dbSelectors.runJob(db.name))
  const jobs = useJobs(jobSelectors.jobs)
  const job = started ? findJob(jobs, { server: started.server, jobId: started.jobId }) : null
  const running = op?.status === 'running' || (job !== null && isActive(job.state))
  // The history gains a row when the run ends: read the manifest again then.
  const endedFor = useRef<string | null>(null)
  useEffect(() => {
    if (job && !isActive(job.state) && endedFor.current !== job.id) {
      endedFor.current = job.id
      void dbActions.loadBackups(db.name)
    }
  }, [job, db.name])
  return (
    <div className="backup-run">
      <button
        type="button"
        className="button button-primary"
        data-action="run-now"
        disabled={running}
        onClick={() => void dbActions.run(db.name)}
      >
        {running && <Spinner />}
        {running ? 'Backing up…' : 'Run now'}
      </button>
      {started && (
        <JobProgress server={started.server} jobId={started.jobId} label={`Backup of ${db.name}`} />
      )}
      {op?.status === 'error' && op.error && (
        <ErrorBanner title="The backup did not start." error={op.error} />
      )}
    </div>
  )
}

export function BackupHistory({ db }: { db: Database }): JSX.Element {
  const entry = useDatabases(dbSelectors.backups(db.name))
  const now = useNow()
  useEffect(() => void dbActions.loadBackups(db.name), [db.name])
  const overdue = entry.status === 'ready' ? overdueText(db, entry.list, new Date(now)) : null
  return (
    <section className="backup-history" aria-labelledby="backup-history-title">
      <div className="section-header">
        <h3 id="backup-history-title" className="section-title">
          Backups on {db.server}
        </h3>
        <span className="actions-gap" />
        <button
          type="button"
          className="button button-secondary small"
          onClick={() => void dbActions.loadBackups(db.name)}
        >
          Refresh
        </button>
      </div>
      {overdue && (
        <div className="banner banner-warning backup-overdue" role="alert">
          <div className="banner-body">
            <p className="banner-title">Backups are late</p>
            <p className="banner-message">{overdue}</p>
          </div>
        </div>
      )}
      <RunNow db={db} />
      {entry.status === 'error' && entry.error && (
        <ErrorBanner
          title="Pier could not read the backups."
          error={entry.error}
          onRetry={() => void dbActions.loadBackups(db.name)}
        />
      )}
      {entry.status === 'loading' && entry.list.length === 0 ? (
        <p className="loading" role="status">
          Reading the manifest…
        </p>
      ) : entry.list.length === 0 ? (
        <p className="muted" data-testid="no-backups">
          No backups yet. Run one now, or save a schedule.
        </p>
      ) : (
        <div className="table-wrap">
          <table className="table backups-table" aria-label={`Backups of ${db.name}`}>
            <thead>
              <tr>
                <th scope="col">Time</th>
                <th scope="col">Status</th>
                <th scope="col">Size</th>
                <th scope="col">Took</th>
                <th scope="col">sha256</th>
                <th scope="col">By</th>
                <th scope="col">Local copy</th>
              </tr>
            </thead>
            <tbody>
              {entry.list.map((r) => (
                <tr key={r.id} data-backup-id={r.id} data-status={r.status}>
                  <td className="mono">{utc(r.time)}</td>
                  <td>
                    <span className={`backup-status backup-status-${r.status}`}>{r.status}</span>
                    {r.error && (
                      <span className="backup-error" data-testid="backup-error">
                        {' '}
                        {r.error}
                      </span>
                    )}
                  </td>
                  <td data-testid="backup-size">{formatSize(r.size)}</td>
                  <td>{formatSeconds(r.durationSec)}</td>
                  <td className="mono" title={r.sha256 ?? undefined}>
                    {r.sha256 ? r.sha256.slice(0, 12) : '–'}
                  </td>
                  <td className="muted">
                    {r.trigger === 'cron' ? 'schedule' : (r.trigger ?? '–')}
                  </td>
                  <td>
                    <PullCell db={db} record={r} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  )
}
