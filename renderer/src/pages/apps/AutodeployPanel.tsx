// Runs in: renderer.
// A git app's auto-deploy: the server's own cron polls the repository every N minutes and
// deploys new commits, with or without this laptop. Shows the interval and the server's last
// poll, and turns it on, changes the interval, or off (the same app.autodeploy the CLI calls).
import { useEffect, useState, type JSX } from 'react'
import type { OutputOf } from '../../../../main/api/contract'
import { api, describeError } from '../../api'
import { ErrorBanner } from '../../components/ErrorBanner'
import type { UiError } from '../../lib/errors'
import { exactTime } from '../../lib/time'

type Setting = OutputOf<'app.autodeploy'>

/** The interval field's problem, in the words the API would use; null when it is fine. */
export function intervalProblem(text: string): string | null {
  if (!/^\d+$/.test(text.trim())) return 'Minutes: a whole number, 1 to 1440.'
  const n = Number(text)
  if (n < 1 || n > 1440) return 'Minutes: 1 to 1440.'
  return null
}

export function AutodeployPanel({ app }: { app: string }): JSX.Element {
  const [setting, setSetting] = useState<Setting | null>(null)
  const [minutes, setMinutes] = useState('5')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<UiError | null>(null)

  const apply = async (input: { every?: number; off?: boolean }): Promise<void> => {
    setBusy(true)
    setError(null)
    try {
      const next = await api.call('app.autodeploy', { name: app, ...input })
      setSetting(next)
      if (next.everyMin !== null) setMinutes(String(next.everyMin))
    } catch (err) {
      setError(describeError(err))
    } finally {
      setBusy(false)
    }
  }
  useEffect(() => {
    let live = true
    api.call('app.autodeploy', { name: app }).then(
      (next) => {
        if (!live) return
        setSetting(next)
        if (next.everyMin !== null) setMinutes(String(next.everyMin))
      },
      (err: unknown) => {
        if (live) setError(describeError(err))
      }
    )
    return () => {
      live = false
    }
  }, [app])

  const problem = intervalProblem(minutes)
  const poll = setting?.lastPoll ?? null
  return (
    <section
      className="app-section"
      aria-labelledby="autodeploy-title"
      data-testid="autodeploy"
      data-autodeploy={setting === null ? 'loading' : setting.everyMin === null ? 'off' : 'on'}
    >
      <div className="section-header">
        <h3 id="autodeploy-title" className="section-title">
          Auto-deploy
        </h3>
      </div>
      <p className="muted">
        {setting?.everyMin
          ? `${setting.server} polls ${setting.tagPattern ? `the newest tag matching ${setting.tagPattern}` : (setting.ref ?? 'the default branch')} every ${setting.everyMin} min and deploys new commits, also while this computer is off.`
          : 'Off. When on, the server polls the repository by its own cron and deploys new commits; the secret values it needs are then kept on the server (0600 files).'}
      </p>
      {poll && (
        <p className="muted" data-testid="autodeploy-last-poll">
          Last poll {exactTime(new Date(poll.at * 1000).toISOString())}: {poll.result}
          {poll.commit ? ` at ${poll.commit.slice(0, 12)}` : ''}
          {poll.error ? ` – ${poll.error}` : ''}
        </p>
      )}
      <div className="actions">
        <label>
          Every{' '}
          <input
            aria-label="Minutes between polls"
            inputMode="numeric"
            size={5}
            value={minutes}
            onChange={(e) => setMinutes(e.target.value)}
            aria-invalid={problem !== null}
          />{' '}
          min
        </label>
        <button
          type="button"
          className="button button-secondary button-small"
          disabled={busy || problem !== null}
          onClick={() => void apply({ every: Number(minutes) })}
        >
          {setting?.everyMin ? 'Change' : 'Turn on'}
        </button>
        {setting?.everyMin ? (
          <button
            type="button"
            className="button button-secondary button-small"
            disabled={busy}
            onClick={() => void apply({ off: true })}
          >
            Turn off
          </button>
        ) : null}
      </div>
      {problem && <p className="field-error">{problem}</p>}
      {error && <ErrorBanner title="Auto-deploy was not changed." error={error} />}
    </section>
  )
}
