// Runs in: renderer.
// The Add Server wizard: a modal over the Servers page. The flow and its rules live in
// stores/add-server.ts; this file only lays out the current step. Escape and the close button
// cancel, except while a request runs whose answer would change what happened (an add).
import type { JSX } from 'react'
import { addServerActions } from '../actions'
import { CloseIcon } from '../components/icons'
import { Modal } from '../components/Modal'
import { STEP_LABELS, useAddServer, WIZARD_STEPS, type AddServerState } from '../stores/add-server'
import { CheckStep } from './add-server/CheckStep'
import { ConnectionStep } from './add-server/ConnectionStep'
import { SignInStep } from './add-server/SignInStep'
import { VerifyStep } from './add-server/VerifyStep'

function Stepper({ current }: { current: AddServerState['step'] }): JSX.Element {
  const at = WIZARD_STEPS.indexOf(current)
  return (
    <ol className="stepper" aria-label="Steps">
      {WIZARD_STEPS.map((step, i) => (
        <li
          key={step}
          className={`stepper-item ${i < at ? 'stepper-done' : ''}`}
          aria-current={step === current ? 'step' : undefined}
        >
          <span className="stepper-number" aria-hidden="true">
            {i + 1}
          </span>
          {STEP_LABELS[step]}
        </li>
      ))}
    </ol>
  )
}

function CurrentStep({ step }: { step: AddServerState['step'] }): JSX.Element {
  switch (step) {
    case 'connection':
      return <ConnectionStep />
    case 'signin':
      return <SignInStep />
    case 'verify':
      return <VerifyStep />
    case 'check':
      return <CheckStep />
  }
}

export function AddServerWizard(): JSX.Element | null {
  const open = useAddServer((s) => s.open)
  const step = useAddServer((s) => s.step)
  const busy = useAddServer((s) => s.busy)
  if (!open) return null
  return (
    <Modal
      labelledBy="add-server-title"
      onCancel={() => addServerActions.close()}
      className="wizard"
    >
      <div className="wizard-frame" data-testid="add-server-wizard" data-step={step}>
        <header className="modal-header">
          <h2 id="add-server-title" className="modal-title">
            Add a server
          </h2>
          <button
            type="button"
            className="icon-button"
            aria-label="Close"
            title={busy ? 'Wait for the server to answer' : 'Close (Esc)'}
            disabled={busy !== null}
            onClick={() => addServerActions.close()}
          >
            <CloseIcon />
          </button>
        </header>
        <Stepper current={step} />
        <CurrentStep step={step} />
      </div>
    </Modal>
  )
}
