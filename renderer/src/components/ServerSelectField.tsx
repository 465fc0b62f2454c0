// Runs in: renderer.
// "Which server": the select the create dialogs (an app, a database) open with, listing the
// servers Pier knows by name, with the field's error once the user tried to submit.
import type { JSX } from 'react'

export interface ServerSelectFieldProps {
  id: string
  /** The form field's name, where the form has one. */
  name?: string
  /** The wrapper's classes ("field", "field field-grow"). */
  className?: string
  servers: readonly { id: string; name: string }[]
  value: string
  onChange: (server: string) => void
  disabled?: boolean
  /** Shown under the select; null or '' shows nothing. */
  error?: string | null | false
}

export function ServerSelectField({
  id,
  name,
  className = 'field',
  servers,
  value,
  onChange,
  disabled,
  error
}: ServerSelectFieldProps): JSX.Element {
  return (
    <div className={className}>
      <label className="field-label" htmlFor={id}>
        Server
      </label>
      <select
        id={id}
        name={name}
        className="input"
        value={value}
        disabled={disabled}
        onChange={(e) => onChange(e.target.value)}
      >
        {servers.map((s) => (
          <option key={s.id} value={s.name}>
            {s.name}
          </option>
        ))}
      </select>
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
    </div>
  )
}
