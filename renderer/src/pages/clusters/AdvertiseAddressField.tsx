// Runs in: renderer.
// The advertise address, behind "Advanced" in the form and join dialogs: most users never need
// it (Pier picks a sensible address), so it stays folded away until asked for.
import { useState, type JSX } from 'react'
import { Field } from '../../components/Field'
import { advertiseProblem } from '../../lib/clusters'

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

/** The dialog's address state: what was typed, its problem, and the field's props. */
export function useAdvertiseAddress(): {
  addr: string
  problem: string | null
  field: Pick<AdvertiseAddressFieldProps, 'value' | 'onValue' | 'error' | 'open' | 'onToggle'>
} {
  const [advanced, setAdvanced] = useState(false)
  const [addr, setAddr] = useState('')
  const problem = advertiseProblem(addr)
  return {
    addr,
    problem,
    field: {
      value: addr,
      onValue: setAddr,
      error: problem,
      open: advanced,
      onToggle: () => setAdvanced(!advanced)
    }
  }
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
