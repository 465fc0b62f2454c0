// Runs in: renderer.
// Docker setup as it happens: a progress bar over the script's steps, then each step with its
// state and the script's own words (text from the server, shown as text).
import type { JSX } from 'react'
import { setupProgress, setupRows, type SetupRowStatus } from '../lib/check'
import type { SetupEntry } from '../stores/server-ops'
import { ErrorBanner } from './ErrorBanner'
import { CheckCircleIcon, FailIcon } from './icons'
import { Spinner } from './Spinner'

const WORD: Record<SetupRowStatus, string> = {
  pending: 'Waiting',
  running: 'Running',
  ok: 'Done',
  skip: 'Already done',
  fail: 'Failed'
}

function RowIcon({ status }: { status: SetupRowStatus }): JSX.Element {
  if (status === 'running') return <Spinner />
  if (status === 'ok' || status === 'skip') return <CheckCircleIcon />
  if (status === 'fail') return <FailIcon />
  return <span className="setup-pending-dot" />
}

export function SetupProgress({ setup }: { setup: SetupEntry }): JSX.Element {
  const rows = setupRows(setup.events)
  const { done, total } = setupProgress(setup.events)
  const running = setup.status === 'running'
  return (
    <section
      className={`setup setup-is-${setup.status}`}
      aria-label="Docker setup progress"
      aria-busy={running}
    >
      <div className="setup-head">
        <p className="setup-title" role="status">
          {running && 'Setting up Docker…'}
          {setup.status === 'done' &&
            (setup.result?.changed
              ? 'Docker setup finished.'
              : 'Docker setup finished: everything was already in place, nothing changed.')}
          {setup.status === 'error' && 'Docker setup stopped.'}
        </p>
        <span className="setup-count">
          {done} of {total} steps
        </span>
      </div>
      <progress className="progress" max={total} value={done} aria-label="Steps finished" />
      <ol className="setup-steps">
        {rows.map((row) => (
          <li key={row.step} className={`setup-step setup-${row.status}`} data-step={row.step}>
            <span className="setup-icon" aria-hidden="true">
              <RowIcon status={row.status} />
            </span>
            <span className="setup-label">{row.label}</span>
            <span className="setup-word">{WORD[row.status]}</span>
            {row.detail && <span className="setup-detail">{row.detail}</span>}
          </li>
        ))}
      </ol>
      {running && (
        <p className="muted setup-note">
          This can take a few minutes while packages download. It keeps running if you close this
          view; stopping it half-way is not offered, because a half-installed Docker helps nobody.
        </p>
      )}
      {setup.status === 'error' && setup.error && <ErrorBanner error={setup.error} />}
    </section>
  )
}
