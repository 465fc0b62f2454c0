// Runs in: renderer.
// Turning metrics on for a server: how often to sample and how long the server keeps its files.
// Says where the collector runs, because it is a change on the user's server (a cron entry).
import { useState, type JSX } from 'react'
import { monitoringActions } from '../../actions'
import { ErrorBanner } from '../../components/ErrorBanner'
import { Spinner } from '../../components/Spinner'
import { monitoringSelectors, useMonitoring } from '../../stores/monitoring'
import type { ServerRef } from '../../stores/server-ops'

const INTERVALS = [2, 5, 10, 30, 60]
const RETENTIONS = [1, 3, 7, 14, 30]

export function EnableMetrics({
  server,
  compact = false
}: {
  server: ServerRef
  /** The overview card's version: the same choices in less room. */
  compact?: boolean
}): JSX.Element {
  const op = useMonitoring(monitoringSelectors.enable(server.id))
  const [interval, setIntervalSec] = useState(10)
  const [retention, setRetentionDays] = useState(7)
  const running = op?.status === 'running'
  return (
    <div className={compact ? 'enable-metrics is-compact' : 'enable-metrics'}>
      {!compact && (
        <p className="muted">
          Pier adds a small collector to {server.name}’s crontab (inside Pier’s own block). It
          samples CPU, memory, disk, network and containers and keeps the files on the server, so
          history builds up while this computer is off; Pier copies new samples over SSH.
        </p>
      )}
      <div className="enable-metrics-row">
        <label className="field-inline">
          <span>Every</span>
          <select
            className="input input-select"
            value={interval}
            onChange={(e) => setIntervalSec(Number(e.target.value))}
            disabled={running}
            aria-label="Sample interval"
          >
            {INTERVALS.map((s) => (
              <option key={s} value={s}>
                {s} s
              </option>
            ))}
          </select>
        </label>
        <label className="field-inline">
          <span>keep</span>
          <select
            className="input input-select"
            value={retention}
            onChange={(e) => setRetentionDays(Number(e.target.value))}
            disabled={running}
            aria-label="Keep samples on the server for"
          >
            {RETENTIONS.map((d) => (
              <option key={d} value={d}>
                {d === 1 ? '1 day' : `${d} days`}
              </option>
            ))}
          </select>
        </label>
        <button
          type="button"
          className="button button-primary"
          disabled={running}
          onClick={() => void monitoringActions.enable(server, { interval, retention })}
        >
          {running && <Spinner />}
          {running ? 'Enabling…' : 'Enable metrics'}
        </button>
      </div>
      {op?.status === 'error' && op.error && (
        <ErrorBanner title={`Could not enable metrics on ${server.name}.`} error={op.error} />
      )}
    </div>
  )
}
