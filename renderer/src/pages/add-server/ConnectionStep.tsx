// Runs in: renderer.
// Step 1: where the server is and who Pier signs in as. Nothing is contacted yet; Enter (the
// form's submit) moves on when every field is valid.
import type { JSX } from 'react'
import { addServerActions } from '../../actions'
import { Field } from '../../components/Field'
import { SERVER_NAME_RULE } from '../../lib/validate'
import { useAddServer, visibleProblem } from '../../stores/add-server'
import { StepError } from './StepError'

export function ConnectionStep(): JSX.Element {
  const state = useAddServer()
  const { form } = state
  const edit = addServerActions.edit
  return (
    <form
      className="wizard-step"
      noValidate
      onSubmit={(e) => {
        e.preventDefault()
        addServerActions.next()
      }}
    >
      <p className="step-intro">
        Where the server is and which account Pier uses there. Nothing is sent to the server in this
        step.
      </p>
      <StepError here="connection" />
      <Field
        label="Name"
        name="name"
        value={form.name}
        onValue={(name) => edit({ name })}
        placeholder="web-1"
        autoFocus
        autoComplete="off"
        maxLength={200}
        error={visibleProblem(state, 'name')}
        help={
          <>
            {SERVER_NAME_RULE}. It names the server in Pier and in{' '}
            <code className="mono">pier server …</code> commands.
          </>
        }
      />
      <div className="field-row">
        <Field
          label="Host"
          name="host"
          className="field-grow"
          value={form.host}
          onValue={(host) => edit({ host })}
          placeholder="server.example.com or 203.0.113.7"
          autoComplete="off"
          error={visibleProblem(state, 'host')}
        />
        <Field
          label="SSH port"
          name="port"
          className="field-port"
          value={form.port}
          onValue={(port) => edit({ port })}
          inputMode="numeric"
          autoComplete="off"
          error={visibleProblem(state, 'port')}
        />
      </div>
      <Field
        label="User"
        name="user"
        value={form.user}
        onValue={(user) => edit({ user })}
        placeholder="root or deploy"
        autoComplete="off"
        error={visibleProblem(state, 'user')}
        help={
          <>
            The account Pier signs in as. To run apps it must be able to use Docker: root, or a
            member of the <code className="mono">docker</code> group. The check at the end tells
            you, and can set it up.
          </>
        }
      />
      <footer className="wizard-footer">
        <button
          type="button"
          className="button button-secondary"
          onClick={() => addServerActions.close()}
        >
          Cancel
        </button>
        <button type="submit" className="button button-primary">
          Next
        </button>
      </footer>
    </form>
  )
}
