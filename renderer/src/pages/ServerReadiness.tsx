// Runs in: renderer.
// A server's last check and what to do about it: the checklist, "Run check", and "Set up Docker"
// when the engine, the user's access or the swarm is not ok. Shared by the wizard's last step and
// the server detail page, so both read the same per-server results from the store.
import type { JSX } from 'react'
import { serverOpsActions } from '../actions'
import { ErrorBanner } from '../components/ErrorBanner'
import { Readiness } from '../components/Readiness'
import { SetupProgress } from '../components/SetupProgress'
import { Spinner } from '../components/Spinner'
import { needsDockerSetup, setupBlocker, setupPlan, setupRootNote } from '../lib/check'
import { exactTime, relativeTime } from '../lib/time'
import { useNow } from '../hooks/useNow'
import { hostKeySelectors, isHostKeyCode, useHostKeys } from '../stores/host-key'
import { serverOpsSelectors, useServerOps, type ServerRef } from '../stores/server-ops'

/** `a, b and c`. */
function joinPlan(plan: string[]): string {
  if (plan.length <= 1) return plan[0] ?? 'bring Docker and the swarm up to date'
  return `${plan.slice(0, -1).join(', ')} and ${plan.at(-1)}`
}

export function ServerReadiness({ server }: { server: ServerRef }): JSX.Element {
  const check = useServerOps(serverOpsSelectors.check(server.id))
  const setup = useServerOps(serverOpsSelectors.setup(server.id))
  const now = useNow()
  // A check stopped by the host key is the verification panel's to explain, not a second banner.
  const keyPanel = useHostKeys(hostKeySelectors.showing(server.id))
  const keyBlocked = check.status === 'error' && isHostKeyCode(check.code) && keyPanel
  const checking = check.status === 'running'
  const settingUp = setup.status === 'running'
  const report = check.report
  // Offered while the checklist calls for it, and after a failed run (to try again); while a run
  // goes on its progress says so, and a run that worked leaves its progress but no button.
  const offerSetup =
    report !== null && !settingUp && (needsDockerSetup(report) || setup.status === 'error')
  const blocker = report ? setupBlocker(report) : null
  const rootNote = report ? setupRootNote(report) : null

  return (
    <section className="readiness-panel" aria-labelledby={`readiness-${server.id}`}>
      <div className="section-header">
        <h3 id={`readiness-${server.id}`} className="section-title">
          Readiness
        </h3>
        <div className="actions">
          {check.checkedAt && !checking && (
            <span className="muted small" title={exactTime(check.checkedAt)}>
              Checked {relativeTime(check.checkedAt, now).toLowerCase()}
            </span>
          )}
          <button
            type="button"
            className="button button-secondary"
            onClick={() => void serverOpsActions.check(server)}
            disabled={checking || settingUp}
          >
            {checking && <Spinner />}
            {checking ? 'Checking…' : report ? 'Run check again' : 'Run check'}
          </button>
        </div>
      </div>

      {keyBlocked && <p className="muted">The check needs the host key verified first (above).</p>}
      {check.status === 'error' && check.error && !keyBlocked && (
        <ErrorBanner
          title="The check did not finish."
          error={check.error}
          onRetry={() => serverOpsActions.check(server)}
        />
      )}
      {!report && checking && (
        <p className="loading" role="status">
          Checking the server: OS, resources, Docker, swarm, cron, ports 80 and 443, clock…
        </p>
      )}
      {!report && check.status === 'idle' && (
        <p className="muted">
          No check yet in this session. A check reads the OS, free disk and memory, Docker and its
          swarm, cron, ports 80 and 443 and the clock; it changes nothing on the server.
        </p>
      )}
      {/* What to do comes first; the checklist below says why. */}
      {report && offerSetup && (
        <div className="setup-offer">
          {setup.status === 'idle' && !blocker && (
            <p>
              Pier can fix this: it will {joinPlan(setupPlan(report))}. Steps already done are
              skipped, so it is safe to run again.
            </p>
          )}
          {blocker && <p className="muted">{blocker}</p>}
          {!blocker && rootNote && setup.status === 'idle' && <p className="muted">{rootNote}</p>}
          <button
            type="button"
            className="button button-primary"
            onClick={() => void serverOpsActions.setupDocker(server)}
            disabled={checking || blocker !== null}
          >
            {setup.status === 'idle' ? 'Set up Docker' : 'Run Docker setup again'}
          </button>
        </div>
      )}
      {setup.status !== 'idle' && <SetupProgress setup={setup} />}
      {report && <Readiness items={report.readiness} />}
    </section>
  )
}
