// Runs in: renderer.
// The create-app wizard: a modal with the source (image, git repository or a folder on this
// computer), the server, the name, ports, env, secret env (typed into password fields, sent once
// in `secretValues`, never shown again), replicas and an optional healthcheck. The form checks
// with the API's own rules (lib/app-form.ts) as the user types; the API's refusal, if any, is
// shown in the wizard as it said it.
import { useMemo, useState, type JSX } from 'react'
import { appActions } from '../../actions'
import { ErrorBanner } from '../../components/ErrorBanner'
import { Field } from '../../components/Field'
import { CloseIcon, PlusIcon } from '../../components/icons'
import { Modal } from '../../components/Modal'
import { Spinner } from '../../components/Spinner'
import {
  createInput,
  emptyForm,
  hasErrors,
  SOURCE_LABELS,
  SOURCE_TABS,
  validateForm,
  type AppForm,
  type EnvRow
} from '../../lib/app-form'
import type { UiError } from '../../lib/errors'
import { serverSelectors, useServers } from '../../stores/servers'
import { ServerSelectField } from '../../components/ServerSelectField'
import { openApp } from '../../stores/ui'

function EnvRows({
  title,
  rows,
  errors,
  secret,
  onChange,
  showErrors
}: {
  title: string
  rows: EnvRow[]
  errors: Record<number, string>
  secret: boolean
  onChange: (rows: EnvRow[]) => void
  showErrors: boolean
}): JSX.Element {
  const what = secret ? 'secret' : 'variable'
  return (
    <fieldset className="env-rows" data-testid={secret ? 'wizard-secrets' : 'wizard-env'}>
      <legend className="field-label">{title}</legend>
      {rows.map((row, i) => (
        <div key={i} className="env-row">
          <input
            className="input mono env-key"
            aria-label={`Name of ${what} ${i + 1}`}
            placeholder="NAME"
            value={row.key}
            spellCheck={false}
            aria-invalid={showErrors && errors[i] ? true : undefined}
            onChange={(e) =>
              onChange(rows.map((r, j) => (j === i ? { ...r, key: e.target.value } : r)))
            }
          />
          <input
            className="input mono env-value"
            aria-label={`Value of ${what} ${i + 1}`}
            placeholder={secret ? 'secret value' : 'value'}
            type={secret ? 'password' : 'text'}
            autoComplete={secret ? 'new-password' : 'off'}
            value={row.value}
            spellCheck={false}
            onChange={(e) =>
              onChange(rows.map((r, j) => (j === i ? { ...r, value: e.target.value } : r)))
            }
          />
          <button
            type="button"
            className="icon-button"
            aria-label={`Remove ${what} ${i + 1}`}
            onClick={() => onChange(rows.filter((_, j) => j !== i))}
          >
            <CloseIcon />
          </button>
          {showErrors && errors[i] && (
            <p className="field-error env-row-error" role="alert">
              {errors[i]}
            </p>
          )}
        </div>
      ))}
      <button
        type="button"
        className="button button-secondary button-small"
        onClick={() => onChange([...rows, { key: '', value: '' }])}
      >
        <PlusIcon /> Add {what}
      </button>
    </fieldset>
  )
}

export function CreateAppWizard(): JSX.Element {
  const servers = useServers(serverSelectors.servers)
  const [form, setForm] = useState<AppForm>(() => emptyForm(servers[0]?.name ?? ''))
  const [submitted, setSubmitted] = useState(false)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<UiError | null>(null)
  const errors = useMemo(() => validateForm(form), [form])
  const set = (patch: Partial<AppForm>): void => setForm((f) => ({ ...f, ...patch }))
  // A field's problem shows once the form was submitted, or as soon as it has text in it.
  const shown = (key: keyof AppForm, value: string): string | null =>
    submitted || value !== ''
      ? ((errors as unknown as Record<string, string | undefined>)[key] ?? null)
      : null
  const close = (): void => {
    if (!busy) appActions.closeWizard()
  }

  const submit = async (): Promise<void> => {
    setSubmitted(true)
    if (hasErrors(errors)) return
    setBusy(true)
    setError(null)
    const failure = await appActions.create(createInput(form))
    setBusy(false)
    if (failure) setError(failure)
    else openApp(form.name)
  }

  return (
    <Modal labelledBy="create-app-title" onCancel={close} className="wizard">
      <form
        className="wizard-frame create-app"
        data-testid="create-app-wizard"
        data-source={form.source}
        noValidate
        onSubmit={(e) => {
          e.preventDefault()
          void submit()
        }}
      >
        <header className="modal-header">
          <h2 id="create-app-title" className="modal-title">
            Create an app
          </h2>
          <button
            type="button"
            className="icon-button"
            aria-label="Close"
            title="Close (Esc)"
            disabled={busy}
            onClick={close}
          >
            <CloseIcon />
          </button>
        </header>
        <div className="modal-body">
          <div className="segmented" role="tablist" aria-label="Source">
            {SOURCE_TABS.map((t) => (
              <button
                key={t}
                type="button"
                role="tab"
                className="segmented-item"
                aria-selected={form.source === t}
                aria-pressed={form.source === t}
                data-source={t}
                onClick={() => set({ source: t })}
              >
                {SOURCE_LABELS[t]}
              </button>
            ))}
          </div>

          <div className="field-row">
            <Field
              label="Name"
              className="field-grow"
              value={form.name}
              onValue={(name) => set({ name })}
              error={shown('name', form.name)}
              help="Lowercase letters, digits and “-”; also the service’s name on the server."
              autoFocus
              maxLength={64}
            />
            <ServerSelectField
              id="create-app-server"
              servers={servers}
              value={form.server}
              onChange={(server) => set({ server })}
              error={submitted && errors.server}
            />
          </div>

          {form.source === 'image' && (
            <Field
              label="Image"
              value={form.image}
              onValue={(image) => set({ image })}
              error={shown('image', form.image)}
              placeholder="nginx:1.27"
              help="Pulled on the server at each deploy; a copy the server already has is used when the registry cannot be reached."
            />
          )}
          {form.source === 'git' && (
            <div className="field-row">
              <Field
                label="Repository URL"
                className="field-grow"
                value={form.gitUrl}
                onValue={(gitUrl) => set({ gitUrl })}
                error={shown('gitUrl', form.gitUrl)}
                placeholder="https://github.com/you/app.git"
              />
              <Field
                label="Branch, tag or commit"
                aside="optional"
                value={form.gitRef}
                onValue={(gitRef) => set({ gitRef })}
                error={shown('gitRef', form.gitRef)}
                placeholder="main"
              />
            </div>
          )}
          {form.source === 'dir' && (
            <Field
              label="Folder on this computer"
              value={form.dir}
              onValue={(dir) => set({ dir })}
              error={shown('dir', form.dir)}
              placeholder="/home/you/projects/app"
              help="Sent to the server as a tar (without what .dockerignore leaves out) and built there."
            />
          )}
          {form.source !== 'image' && (
            <Field
              label="Dockerfile"
              aside="optional"
              value={form.dockerfile}
              onValue={(dockerfile) => set({ dockerfile })}
              error={shown('dockerfile', form.dockerfile)}
              placeholder="Dockerfile"
              help="Relative to the source. Without one, Pier detects the stack and writes one."
            />
          )}

          <fieldset className="env-rows" data-testid="wizard-ports">
            <legend className="field-label">Ports</legend>
            {form.ports.map((p, i) => (
              <div key={i} className="env-row">
                <input
                  className="input mono env-key"
                  aria-label={`Port mapping ${i + 1}`}
                  placeholder="8080:80"
                  value={p}
                  aria-invalid={submitted && errors.ports[i] ? true : undefined}
                  onChange={(e) =>
                    set({ ports: form.ports.map((x, j) => (j === i ? e.target.value : x)) })
                  }
                />
                <button
                  type="button"
                  className="icon-button"
                  aria-label={`Remove port mapping ${i + 1}`}
                  onClick={() => set({ ports: form.ports.filter((_, j) => j !== i) })}
                >
                  <CloseIcon />
                </button>
                {(submitted || p !== '') && errors.ports[i] && (
                  <p className="field-error env-row-error" role="alert">
                    {errors.ports[i]}
                  </p>
                )}
              </div>
            ))}
            <button
              type="button"
              className="button button-secondary button-small"
              onClick={() => set({ ports: [...form.ports, ''] })}
            >
              <PlusIcon /> Add port (HOST:CONTAINER)
            </button>
          </fieldset>

          <EnvRows
            title="Environment"
            rows={form.env}
            errors={errors.env}
            secret={false}
            showErrors={submitted}
            onChange={(env) => set({ env })}
          />
          <EnvRows
            title="Secret environment (kept in your keychain, never shown again)"
            rows={form.secrets}
            errors={errors.secrets}
            secret
            showErrors={submitted}
            onChange={(secrets) => set({ secrets })}
          />

          <div className="field-row">
            <Field
              label="Replicas"
              className="field-port"
              value={form.replicas}
              onValue={(replicas) => set({ replicas })}
              error={shown('replicas', form.replicas)}
              inputMode="numeric"
            />
            <Field
              label="Healthcheck command"
              aside="optional"
              className="field-grow"
              value={form.healthCmd}
              onValue={(healthCmd) => set({ healthCmd })}
              error={shown('healthCmd', form.healthCmd)}
              placeholder="wget -q -O /dev/null http://127.0.0.1:80/"
              help="Run by /bin/sh in the container; healthy when it exits 0."
            />
            {form.healthCmd.trim() !== '' && (
              <Field
                label="Every (s)"
                className="field-port"
                value={form.healthInterval}
                onValue={(healthInterval) => set({ healthInterval })}
                error={shown('healthInterval', form.healthInterval)}
                inputMode="numeric"
              />
            )}
          </div>

          {error && <ErrorBanner title="The app was not created." error={error} />}
          <footer className="wizard-footer">
            <button
              type="button"
              className="button button-secondary"
              onClick={close}
              disabled={busy}
            >
              Cancel
            </button>
            <button type="submit" className="button button-primary" disabled={busy}>
              {busy && <Spinner />}
              {busy ? 'Creating…' : 'Create app'}
            </button>
          </footer>
        </div>
      </form>
    </Modal>
  )
}
