// Runs in: renderer.
// A failed wizard request: the API's message and hint, and when another step's fields can fix it,
// the way back to them.
import type { JSX } from 'react'
import { addServerActions } from '../../actions'
import { ErrorBanner } from '../../components/ErrorBanner'
import { STEP_LABELS, useAddServer, type EditableStep } from '../../stores/add-server'

export function StepError({ here }: { here: EditableStep | 'verify' }): JSX.Element | null {
  const error = useAddServer((s) => s.error)
  if (!error) return null
  const back = error.fixStep && error.fixStep !== here ? error.fixStep : null
  return (
    <div className="step-error" data-error-code={error.code ?? ''}>
      <ErrorBanner error={error} />
      {back && (
        <button
          type="button"
          className="button button-secondary"
          onClick={() => addServerActions.goTo(back)}
        >
          Back to {STEP_LABELS[back].toLowerCase()} to fix it
        </button>
      )}
    </div>
  )
}
