// Runs in: renderer.
// A labelled input with its help text and its error, tied together with aria-describedby so a
// screen reader reads the rule and the problem with the field.
import { useId, type InputHTMLAttributes, type JSX, type ReactNode } from 'react'

export interface FieldProps extends Omit<InputHTMLAttributes<HTMLInputElement>, 'onChange'> {
  label: string
  value: string
  onValue: (value: string) => void
  help?: ReactNode
  error?: string | null
  /** Shown after the label, e.g. "optional". */
  aside?: string
}

export function Field({
  label,
  value,
  onValue,
  help,
  error,
  aside,
  className,
  ...input
}: FieldProps): JSX.Element {
  const id = useId()
  const helpId = `${id}-help`
  const errorId = `${id}-error`
  const describedBy = [error ? errorId : null, help ? helpId : null].filter(Boolean).join(' ')
  return (
    <div className={`field ${className ?? ''}`}>
      <label className="field-label" htmlFor={id}>
        {label}
        {aside && <span className="field-aside">{aside}</span>}
      </label>
      <input
        id={id}
        className="input"
        value={value}
        onChange={(e) => onValue(e.target.value)}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy || undefined}
        data-autofocus={input.autoFocus ? true : undefined}
        spellCheck={false}
        autoCapitalize="off"
        autoCorrect="off"
        {...input}
      />
      {error && (
        <p id={errorId} className="field-error" role="alert">
          {error}
        </p>
      )}
      {help && (
        <p id={helpId} className="field-help">
          {help}
        </p>
      )}
    </div>
  )
}
