// Runs in: renderer.
// An app's releases as its server recorded them (newest first): number, image, commit, when,
// which one serves now, and Rollback for every kept earlier one, after a confirmation that says
// what will run. A pruned release's image is gone from the server, so it cannot be a target.
import { useState, type JSX } from 'react'
import { appActions } from '../../actions'
import { ConfirmDialog } from '../../components/ConfirmDialog'
import { ErrorBanner } from '../../components/ErrorBanner'
import { useNow } from '../../hooks/useNow'
import { commitOf, rollbackTargets, type ReleaseRecord } from '../../lib/apps'
import { isoOf } from '../../lib/jobs'
import { exactTime, relativeTime } from '../../lib/time'
import { appSelectors, useApps } from '../../stores/apps'

const shortId = (id: string): string => id.replace(/^sha256:/, '').slice(0, 12)

export function ReleasesPanel({ app, busy }: { app: string; busy: boolean }): JSX.Element {
  const entry = useApps(appSelectors.releases(app))
  const [target, setTarget] = useState<ReleaseRecord | null>(null)
  const now = useNow()
  const targets = rollbackTargets(entry.list)
  return (
    <section className="app-section" aria-labelledby="releases-title" data-releases={entry.status}>
      <div className="section-header">
        <h3 id="releases-title" className="section-title">
          Releases
        </h3>
        <span className="actions-gap" />
        <button
          type="button"
          className="button button-secondary button-small"
          onClick={() => void appActions.loadReleases(app)}
          disabled={entry.status === 'loading'}
        >
          Refresh
        </button>
      </div>
      {entry.error && (
        <ErrorBanner
          title="Pier could not read the releases."
          error={entry.error}
          onRetry={() => appActions.loadReleases(app)}
        />
      )}
      {entry.status === 'ready' && entry.list.length === 0 && (
        <p className="muted" data-testid="releases-empty">
          No releases yet: each successful deploy makes one.
        </p>
      )}
      {entry.list.length > 0 && (
        <div className="table-wrap">
          <table className="table releases-table">
            <thead>
              <tr>
                <th scope="col">Release</th>
                <th scope="col">Image</th>
                <th scope="col">Commit</th>
                <th scope="col">Deployed</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {entry.list.map((r) => {
                const when = isoOf(r.createdAt)
                return (
                  <tr key={r.number} data-release={r.number} data-current={r.current || undefined}>
                    <th scope="row">
                      #{r.number}
                      {r.current && <span className="tag tag-current">serving</span>}
                      {r.pruned && <span className="tag">image pruned</span>}
                    </th>
                    <td className="cell-clip mono" title={`${r.image} (${r.imageId})`}>
                      {r.image} <span className="muted">{shortId(r.imageId)}</span>
                    </td>
                    <td className="mono">{commitOf(r) ?? <span className="muted">—</span>}</td>
                    <td title={exactTime(when)}>{relativeTime(when, now)}</td>
                    <td className="cell-actions">
                      {targets.has(r.number) && (
                        <button
                          type="button"
                          className="button button-secondary button-small"
                          aria-label={`Roll back to release ${r.number}`}
                          disabled={busy}
                          onClick={() => setTarget(r)}
                        >
                          Rollback…
                        </button>
                      )}
                    </td>
                  </tr>
                )
              })}
            </tbody>
          </table>
        </div>
      )}
      {target && (
        <ConfirmDialog
          title={`Roll ${app} back to release ${target.number}?`}
          confirmLabel={`Roll back to #${target.number}`}
          busyLabel="Starting…"
          onConfirm={() => appActions.rollback(app, target.number)}
          onClose={() => setTarget(null)}
        >
          <p>
            Pier redeploys release {target.number} (<code className="mono">{target.image}</code>)
            with the config it had then, as a job on the server. Its log shows above.
          </p>
          <p>The release serving now stays kept, so you can come back to it.</p>
        </ConfirmDialog>
      )}
    </section>
  )
}
