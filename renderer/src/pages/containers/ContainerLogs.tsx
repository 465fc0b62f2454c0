// Runs in: renderer.
// A container's log: follow, tail N, since/until, timestamps, and (for a swarm task) the whole
// service's log instead. Options are chosen first and applied together; applying them starts a
// fresh stream (the view is keyed by them). Lines are text with ANSI colours as styles; stderr
// lines are marked apart (LogView).
import { useState, type JSX } from 'react'
import { containerActions } from '../../actions'
import { ErrorBanner } from '../../components/ErrorBanner'
import { LogView } from '../../components/LogView'
import { Spinner } from '../../components/Spinner'
import type { ContainerRow } from '../../../../main/core/docker/model'
import {
  useContainerLog,
  type ContainerLogOptions,
  type ContainerLogState
} from '../../hooks/useContainerLog'

const TAILS = [100, 500, 1000, 5000, null] as const

const STATE_TEXT: Record<ContainerLogState, string> = {
  loading: 'Loading…',
  following: 'Following',
  ended: 'End of log',
  error: 'Stopped'
}

function Stream({ options, name }: { options: ContainerLogOptions; name: string }): JSX.Element {
  const log = useContainerLog(options)
  return (
    <>
      {log.error && (
        <ErrorBanner title="The log stopped updating." error={log.error} onRetry={log.retry} />
      )}
      <LogView
        buffer={log.buffer}
        label={`Log of ${name}`}
        fileName={`${options.server}-${name}.log`}
        emptyText={log.state === 'loading' ? 'Loading the log…' : 'Nothing logged yet.'}
        onClose={containerActions.close}
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

export function ContainerLogs({ row }: { row: ContainerRow }): JSX.Element {
  const service = row.group.swarmService
  const [options, setOptions] = useState<ContainerLogOptions>({
    server: row.server,
    target: row.id,
    service: false,
    follow: true,
    tail: 500,
    since: '',
    until: '',
    timestamps: true
  })
  const [draft, setDraft] = useState({ since: '', until: '' })
  const set = (patch: Partial<ContainerLogOptions>): void => setOptions((o) => ({ ...o, ...patch }))

  return (
    <div className="container-logs" data-testid="container-logs">
      <form
        className="log-options"
        onSubmit={(e) => {
          e.preventDefault()
          set(draft)
        }}
      >
        <label className="toggle-check">
          <input
            type="checkbox"
            checked={options.follow}
            onChange={(e) => set({ follow: e.target.checked })}
          />
          Follow
        </label>
        <label className="toggle-check">
          <input
            type="checkbox"
            checked={options.timestamps}
            onChange={(e) => set({ timestamps: e.target.checked })}
          />
          Timestamps
        </label>
        <label className="log-option">
          <span className="muted">Last</span>
          <select
            className="input"
            aria-label="Lines from the end"
            value={options.tail === null ? 'all' : String(options.tail)}
            onChange={(e) =>
              set({ tail: e.target.value === 'all' ? null : Number(e.target.value) })
            }
          >
            {TAILS.map((t) => (
              <option key={String(t)} value={t === null ? 'all' : String(t)}>
                {t === null ? 'All lines' : `${t} lines`}
              </option>
            ))}
          </select>
        </label>
        <label className="log-option">
          <span className="muted">Since</span>
          <input
            className="input log-time-input"
            placeholder="10m, 2h, 2024-05-01"
            aria-label="Since"
            value={draft.since}
            onChange={(e) => setDraft((d) => ({ ...d, since: e.target.value }))}
          />
        </label>
        <label className="log-option">
          <span className="muted">Until</span>
          <input
            className="input log-time-input"
            placeholder="now"
            aria-label="Until"
            value={draft.until}
            onChange={(e) => setDraft((d) => ({ ...d, until: e.target.value }))}
          />
        </label>
        <button type="submit" className="button button-secondary button-small">
          Apply
        </button>
        {service && (
          <label className="toggle-check">
            <input
              type="checkbox"
              checked={options.service}
              onChange={(e) =>
                set(
                  e.target.checked
                    ? { service: true, target: service }
                    : { service: false, target: row.id }
                )
              }
            />
            Whole service ({service})
          </label>
        )}
      </form>
      <Stream key={JSON.stringify(options)} options={options} name={row.name} />
    </div>
  )
}
