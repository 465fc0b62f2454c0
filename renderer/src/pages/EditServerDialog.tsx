// Runs in: renderer.
// Edit a server: its name, the login user and how Pier signs in. Only what changed is sent
// (stores/edit-server.ts); a new login is proven on the server before main saves it. The address
// stays as it is: another address is another server, with its own host key to verify.
import { KeyFileFields } from '../components/KeyFileFields'
import type { JSX, ReactNode } from 'react'
import { editServerActions } from '../actions'
import { ErrorBanner } from '../components/ErrorBanner'
import { Field } from '../components/Field'
import { Modal } from '../components/Modal'
import { Spinner } from '../components/Spinner'
import { authLabel, formatAddress } from '../lib/format'
import { SERVER_NAME_RULE } from '../lib/validate'
import {
  methodChoices,
  updateInput,
  useEditServer,
  visibleEditProblem,
  type EditMethod
} from '../stores/edit-server'

export function EditServerDialog(): JSX.Element | null {
  const state = useEditServer()
  const { server, form, busy, error } = state
  if (!server) return null
  const edit = editServerActions.edit
  const input = updateInput(form, server)
  const provesLogin = !!input && (input.user !== undefined || !!input.key || !!input.agent)
  const current: ReactNode = (
    <>
      {authLabel(server.authMethod)}
      {server.keyPath && (
        <>
          {' '}
          <code className="mono">{server.keyPath}</code>
        </>
      )}
    </>
  )
  const about: Record<EditMethod, { title: string; about: ReactNode }> = {
    keep: { title: 'Keep the current sign-in', about: current },
    keyfile: {
      title: 'Key file',
      about: 'A private key on this computer; Pier reads it when it connects.'
    },
    agent: {
      title: 'SSH agent',
      about: 'The keys loaded in the ssh-agent Pier was started with (SSH_AUTH_SOCK).'
    }
  }
  return (
    <Modal labelledBy="edit-title" onCancel={() => editServerActions.close()}>
      <form
        className="modal-body"
        noValidate
        aria-busy={busy}
        data-testid="edit-server"
        onSubmit={(e) => {
          e.preventDefault()
          void editServerActions.save()
        }}
      >
        <h2 id="edit-title" className="modal-title">
          Edit {server.name}
        </h2>
        <Field
          label="Name"
          name="name"
          value={form.name}
          onValue={(name) => edit({ name })}
          autoFocus
          autoComplete="off"
          maxLength={200}
          disabled={busy}
          error={visibleEditProblem(state, 'name')}
          help={<>{SERVER_NAME_RULE}. Renaming changes nothing on the server.</>}
        />
        <Field
          label="Login user"
          name="user"
          value={form.user}
          onValue={(user) => edit({ user })}
          autoComplete="off"
          disabled={busy}
          error={visibleEditProblem(state, 'user')}
          help="Pier signs in as this user once before it saves it, to prove it works."
        />
        <fieldset className="choices" disabled={busy}>
          <legend className="field-label">Sign-in</legend>
          {methodChoices(server).map((m) => (
            <label key={m} className="choice" data-method={m}>
              <input
                type="radio"
                name="method"
                value={m}
                checked={form.method === m}
                onChange={() => edit({ method: m })}
                aria-labelledby={`edit-${m}-title`}
                aria-describedby={`edit-${m}-about`}
              />
              <span className="choice-body">
                <span className="choice-title" id={`edit-${m}-title`}>
                  {about[m].title}
                </span>
                <span className="choice-about" id={`edit-${m}-about`}>
                  {about[m].about}
                </span>
              </span>
            </label>
          ))}
        </fieldset>
        {form.method === 'keyfile' && (
          <KeyFileFields
            keyPath={form.keyPath}
            passphrase={form.passphrase}
            onKeyPath={(keyPath) => edit({ keyPath })}
            onPassphrase={(passphrase) => edit({ passphrase })}
            disabled={busy}
            keyPathError={visibleEditProblem(state, 'keyPath')}
            passphraseError={visibleEditProblem(state, 'passphrase')}
          />
        )}
        <p className="muted small" data-testid="edit-address-note">
          The address <code className="mono">{formatAddress(server.host, server.port)}</code> is not
          editable: another address is another server, so add it instead.
        </p>
        {error && (
          <div data-error-code={error.code ?? ''}>
            <ErrorBanner title={error.title} error={error} />
          </div>
        )}
        <footer className="wizard-footer">
          {!input && !busy && <span className="muted small">Nothing changed yet.</span>}
          <span className="wizard-footer-gap" />
          <button
            type="button"
            className="button button-secondary"
            onClick={() => editServerActions.close()}
            disabled={busy}
          >
            Cancel
          </button>
          <button type="submit" className="button button-primary" disabled={busy || !input}>
            {busy && <Spinner />}
            {busy ? (provesLogin ? 'Signing in to check…' : 'Saving…') : 'Save changes'}
          </button>
        </footer>
      </form>
    </Modal>
  )
}
