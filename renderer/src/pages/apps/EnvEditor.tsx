// Runs in: renderer.
// An app's environment: plain values edited in place; secret values never come back from Pier,
// so each secret shows as a mask with Replace (a password field for the new value) and Remove.
// Saving changes what the next deploy runs; the running release keeps its env until then.
import { useMemo, useState, type JSX } from 'react'
import { appActions } from '../../actions'
import { ErrorBanner } from '../../components/ErrorBanner'
import { CloseIcon, PlusIcon } from '../../components/icons'
import { Spinner } from '../../components/Spinner'
import { envChange, envRowProblems, type EnvRow } from '../../lib/app-form'
import type { AppRecord } from '../../lib/apps'
import { appSelectors, useApps } from '../../stores/apps'

interface SecretRow {
  key: string
  /** null: keep the value the keychain has (never shown); a string: the new value. */
  value: string | null
  /** Already stored: its name is fixed (remove and add to rename). */
  stored: boolean
}

export const SECRET_MASK = '••••••••'

export function EnvEditor({ app }: { app: AppRecord }): JSX.Element {
  const op = useApps(appSelectors.op(app.name, 'env'))
  const [plain, setPlain] = useState<EnvRow[]>(() =>
    Object.entries(app.spec.env).map(([key, value]) => ({ key, value }))
  )
  const [secrets, setSecrets] = useState<SecretRow[]>(() =>
    app.spec.secretKeys.map((key) => ({ key, value: null, stored: true }))
  )
  const [saved, setSaved] = useState(false)
  const [tried, setTried] = useState(false)
  const plainErrors = useMemo(() => envRowProblems(plain), [plain])
  const secretErrors = useMemo(
    () =>
      envRowProblems(
        secrets.map((s) => ({ key: s.key, value: s.value ?? 'kept' })),
        plain.map((r) => r.key),
        true
      ),
    [secrets, plain]
  )
  const invalid = Object.keys(plainErrors).length + Object.keys(secretErrors).length > 0
  const saving = op?.status === 'running'
  const edit = (): void => {
    setSaved(false)
  }

  const save = async (): Promise<void> => {
    setTried(true)
    if (invalid) return
    const change = envChange(app.spec, plain, secrets)
    const err = await appActions.saveEnv({ name: app.name, ...change })
    if (!err) {
      setSaved(true)
      setTried(false)
      setSecrets((rows) => rows.map((r) => ({ ...r, value: null, stored: true })))
    }
  }

  return (
    <section className="app-section" aria-labelledby="env-title" data-testid="env-editor">
      <div className="section-header">
        <h3 id="env-title" className="section-title">
          Environment
        </h3>
      </div>
      <form
        className="env-editor"
        noValidate
        onSubmit={(e) => {
          e.preventDefault()
          void save()
        }}
      >
        {plain.length === 0 && secrets.length === 0 && <p className="muted">No variables yet.</p>}
        {plain.map((row, i) => (
          <div key={`p${i}`} className="env-row" data-env-key={row.key}>
            <input
              className="input mono env-key"
              aria-label={`Name of variable ${i + 1}`}
              value={row.key}
              spellCheck={false}
              onChange={(e) => {
                edit()
                setPlain(plain.map((r, j) => (j === i ? { ...r, key: e.target.value } : r)))
              }}
            />
            <input
              className="input mono env-value"
              aria-label={`Value of ${row.key || `variable ${i + 1}`}`}
              value={row.value}
              spellCheck={false}
              onChange={(e) => {
                edit()
                setPlain(plain.map((r, j) => (j === i ? { ...r, value: e.target.value } : r)))
              }}
            />
            <button
              type="button"
              className="icon-button"
              aria-label={`Remove ${row.key || `variable ${i + 1}`}`}
              onClick={() => {
                edit()
                setPlain(plain.filter((_, j) => j !== i))
              }}
            >
              <CloseIcon />
            </button>
            {(tried || row.key !== '') && plainErrors[i] && (
              <p className="field-error env-row-error" role="alert">
                {plainErrors[i]}
              </p>
            )}
          </div>
        ))}
        {secrets.map((row, i) => (
          <div key={`s${i}`} className="env-row env-row-secret" data-secret-key={row.key}>
            <input
              className="input mono env-key"
              aria-label={`Name of secret ${i + 1}`}
              value={row.key}
              readOnly={row.stored}
              spellCheck={false}
              onChange={(e) => {
                edit()
                setSecrets(secrets.map((r, j) => (j === i ? { ...r, key: e.target.value } : r)))
              }}
            />
            {row.value === null ? (
              <span className="input mono env-value env-masked" aria-label={`${row.key} is secret`}>
                {SECRET_MASK}
              </span>
            ) : (
              <input
                className="input mono env-value"
                type="password"
                autoComplete="new-password"
                aria-label={`New value of ${row.key || `secret ${i + 1}`}`}
                value={row.value}
                onChange={(e) => {
                  edit()
                  setSecrets(secrets.map((r, j) => (j === i ? { ...r, value: e.target.value } : r)))
                }}
              />
            )}
            {row.value === null && (
              <button
                type="button"
                className="button button-secondary button-small"
                aria-label={`Replace the value of ${row.key}`}
                onClick={() => {
                  edit()
                  setSecrets(secrets.map((r, j) => (j === i ? { ...r, value: '' } : r)))
                }}
              >
                Replace
              </button>
            )}
            <button
              type="button"
              className="icon-button"
              aria-label={`Remove ${row.key || `secret ${i + 1}`}`}
              onClick={() => {
                edit()
                setSecrets(secrets.filter((_, j) => j !== i))
              }}
            >
              <CloseIcon />
            </button>
            {(tried || (!row.stored && row.key !== '')) && secretErrors[i] && (
              <p className="field-error env-row-error" role="alert">
                {secretErrors[i]}
              </p>
            )}
          </div>
        ))}
        <div className="actions">
          <button
            type="button"
            className="button button-secondary button-small"
            onClick={() => {
              edit()
              setPlain([...plain, { key: '', value: '' }])
            }}
          >
            <PlusIcon /> Add variable
          </button>
          <button
            type="button"
            className="button button-secondary button-small"
            onClick={() => {
              edit()
              setSecrets([...secrets, { key: '', value: '', stored: false }])
            }}
          >
            <PlusIcon /> Add secret
          </button>
          <span className="actions-gap" />
          {saved && (
            <span className="muted" role="status">
              Saved. The next deploy runs it.
            </span>
          )}
          <button type="submit" className="button button-primary button-small" disabled={saving}>
            {saving && <Spinner />}
            {saving ? 'Saving…' : 'Save environment'}
          </button>
        </div>
        {op?.status === 'error' && op.error && (
          <ErrorBanner title="The environment was not saved." error={op.error} />
        )}
      </form>
    </section>
  )
}
