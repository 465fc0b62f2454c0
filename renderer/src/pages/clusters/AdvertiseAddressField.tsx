// Runs in: renderer.
// The advertise address, behind "Advanced" in the form and join dialogs: most users never need
// it (Pier picks a sensible address), so it stays folded away until asked for.
import type { JSX } from 'react'
import { Field } from '../../components/Field'

export interface AdvertiseAddressFieldProps {
  /** The input's name (the tests and autofill key on it). */
  name: string
  help: string
  value: string
  onValue: (value: string) => void
  error: string | null
  busy: boolean
  open: boolean
  onToggle: () => void
}

export function AdvertiseAddressField({
  name,
  help,
  value,
  onValue,
  error,
  busy,
  open,
  onToggle
}: AdvertiseAddressFieldProps): JSX.Element {
  return (
    <>
      <button type="button" className="link-button" aria-expanded={open} onClick={onToggle}>
        {open ? 'Hide advanced' : 'Advanced'}
      </button>
      {open && (
        <Field
          label="Advertise address"
          name={name}
          aside="optional"
          value={value}
          onValue={onValue}
          autoComplete="off"
          maxLength={45}
          disabled={busy}
          error={error}
          help={help}
        />
      )}
    </>
  )
}
