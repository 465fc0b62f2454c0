// Runs in: renderer.
// The log of an app's containers (all its replicas, through its swarm service), followed live by
// default, with the last N lines to start from. stderr lines are marked apart (LogView).
import { useState, type JSX } from 'react'
import { ErrorBanner } from '../../components/ErrorBanner'
import { LogView } from '../../components/LogView'
import { Spinner } from '../../components/Spinner'
import { useAppLog } from '../../hooks/useAppLog'
import type { ContainerLogState } from '../../hooks/useContainerLog'

const TAILS = [100, 500, 1000, 5000] as const

const STATE_TEXT: Record<ContainerLogState, string> = {
  loading: 'Loading…',
  following: 'Following',
  ended: 'End of log',
  error: 'Stopped'
}

function Stream({
  name,
  follow,
  tail
}: {
  name: string
  follow: boolean
  tail: number
}): JSX.Element {
  const log = useAppLog(name, follow, tail)
  return (
    <>
      {log.error && (
        <ErrorBanner title="The log stopped updating." error={log.error} onRetry={log.retry} />
      )}
      <LogView
        buffer={log.buffer}
        label={`Log of ${name}'s containers`}
        fileName={`${name}.log`}
        emptyText={log.state === 'loading' ? 'Loading the log…' : 'Nothing logged yet.'}
        fitContent
        status={
          <span className={`log-state log-state-${log.state}`} data-log-state={log.state}>
            {log.state === 'loading' && <Spinner size={12} />}
            {STATE_TEXT[log.state]}
          </span>
        }
      />
    </>
  )
}

export function AppLogs({ name }: { name: string }): JSX.Element {
  const [follow, setFollow] = useState(true)
  const [tail, setTail] = useState<number>(500)
  return (
    <section className="app-section" aria-labelledby="app-logs-title" data-testid="app-logs">
      <div className="section-header">
        <h3 id="app-logs-title" className="section-title">
          Container logs
        </h3>
        <span className="actions-gap" />
        <label className="toggle-check">
          <input type="checkbox" checked={follow} onChange={(e) => setFollow(e.target.checked)} />
          Follow
        </label>
        <label className="log-option">
          <span className="muted">Last</span>
          <select
            className="input"
            aria-label="Lines from the end"
            value={String(tail)}
            onChange={(e) => setTail(Number(e.target.value))}
          >
            {TAILS.map((t) => (
              <option key={t} value={String(t)}>
                {t} lines
              </option>
            ))}
          </select>
        </label>
      </div>
      <Stream key={`${name}:${follow}:${tail}`} name={name} follow={follow} tail={tail} />
    </section>
  )
}
