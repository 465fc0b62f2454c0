// Runs in: renderer.
// Copies a value to the clipboard, fetched only when clicked (a password comes from the
// keychain through the API at that moment and goes nowhere but the clipboard), and says so.
import { useEffect, useState, type JSX } from 'react'
import { describeError } from '../../api'

export function CopyButton({
  label,
  value,
  className,
  testId
}: {
  label: string
  /** The text, or how to get it when clicked. */
  value: string | (() => Promise<string>)
  className?: string
  testId?: string
}): JSX.Element {
  const [state, setState] = useState<'idle' | 'copying' | 'copied' | 'failed'>('idle')
  const [error, setError] = useState('')
  useEffect(() => {
    if (state !== 'copied') return
    const t = setTimeout(() => setState('idle'), 2_000)
    return () => clearTimeout(t)
  }, [state])
  return (
    <span className="copy-button-wrap">
      <button
        type="button"
        className={className ?? 'button button-secondary small'}
        data-testid={testId}
        data-copy-state={state}
        disabled={state === 'copying'}
        onClick={() => {
          setState('copying')
          void (async () => {
            try {
              const text = typeof value === 'string' ? value : await value()
              await navigator.clipboard.writeText(text)
              setState('copied')
            } catch (err) {
              setError(describeError(err).message)
              setState('failed')
            }
          })()
        }}
      >
        {state === 'copied' ? 'Copied' : label}
      </button>
      {state === 'failed' && (
        <span className="field-error" role="alert">
          {error || 'Could not copy.'}
        </span>
      )}
    </span>
  )
}
