// Runs in: renderer.
// Step 2: how Pier proves who it is. Submitting makes the first contact, which stops at the host
// key: main refuses the unknown key during the key exchange, before any credential is offered.
import { KeyFileFields } from '../../components/KeyFileFields'
import type { JSX, ReactNode } from 'react'
import { addServerActions } from '../../actions'
import { Field } from '../../components/Field'
import { Spinner } from '../../components/Spinner'
import { formatLogin } from '../../lib/format'
import { useAddServer, visibleProblem, type SignInMethod } from '../../stores/add-server'
import { StepError } from './StepError'

const METHODS: Array<{ id: SignInMethod; title: string; about: ReactNode }> = [
  {
    id: 'keyfile',
    title: 'Key file',
    about: (
      <>
        A private key on this computer, such as <code className="mono">~/.ssh/id_ed25519</code>.
        Pier reads it when it connects; the file stays where it is.
      </>
    )
  },
  {
    id: 'agent',
    title: 'SSH agent',
    about: (
      <>
        The keys loaded in the ssh-agent that Pier was started with (
        <code className="mono">SSH_AUTH_SOCK</code>). Your keys never leave the agent.
      </>
    )
  },
  {
    id: 'password',
    title: 'Password',
    about: (
      <>
        Used once: Pier signs in with it, adds its own key to{' '}
        <code className="mono">~/.ssh/authorized_keys</code> for this user, proves that the key
        works, then forgets the password. From then on it signs in with its key, which stays in your
        system keychain.
      </>
    )
  }
]

export function SignInStep(): JSX.Element {
  const state = useAddServer()
  const { form, busy } = state
  const edit = addServerActions.edit
  const contacting = busy === 'contacting'
  return (
    <form
      className="wizard-step"
      noValidate
      aria-busy={contacting}
      onSubmit={(e) => {
        e.preventDefault()
        void addServerActions.contact()
      }}
    >
      <p className="step-intro">
        How Pier signs in as{' '}
        <code className="mono">{formatLogin(form.user, form.host, Number(form.port))}</code>.
      </p>
      <StepError here="signin" />
      <fieldset className="choices" disabled={contacting}>
        <legend className="visually-hidden">Sign-in method</legend>
        {METHODS.map((m) => (
          <label key={m.id} className="choice" data-method={m.id}>
            <input
              type="radio"
              name="method"
              value={m.id}
              checked={form.method === m.id}
              onChange={() => edit({ method: m.id })}
              autoFocus={form.method === m.id}
              // Named by the title alone, described by the rest: the radio reads "Key file",
              // not the whole paragraph.
              aria-labelledby={`method-${m.id}-title`}
              aria-describedby={`method-${m.id}-about`}
            />
            <span className="choice-body">
              <span className="choice-title" id={`method-${m.id}-title`}>
                {m.title}
              </span>
              <span className="choice-about" id={`method-${m.id}-about`}>
                {m.about}
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
          disabled={contacting}
          keyPathError={visibleProblem(state, 'keyPath')}
          passphraseError={visibleProblem(state, 'passphrase')}
        />
      )}
      {form.method === 'password' && (
        <div className="method-fields">
          <Field
            label={`Password for ${form.user}`}
            name="password"
            type="password"
            value={form.password}
            onValue={(password) => edit({ password })}
            autoComplete="off"
            disabled={contacting}
            error={visibleProblem(state, 'password')}
            help="The server must allow password logins for this user, at least this once."
          />
        </div>
      )}

      <p className="muted small">
        Next, Pier connects to read the server’s host key and shows it to you. Nothing secret is
        sent to the server until you have confirmed that key.
      </p>
      <footer className="wizard-footer">
        <button
          type="button"
          className="button button-secondary"
          onClick={() => addServerActions.goTo('connection')}
          disabled={contacting}
        >
          Back
        </button>
        <span className="wizard-footer-gap" />
        <button
          type="button"
          className="button button-secondary"
          onClick={() => addServerActions.close()}
          disabled={contacting}
        >
          Cancel
        </button>
        <button type="submit" className="button button-primary" disabled={contacting}>
          {contacting && <Spinner />}
          {contacting ? 'Contacting the server…' : 'Connect'}
        </button>
      </footer>
    </form>
  )
}
