// Runs in: renderer.
// The key-file sign-in fields (path and optional passphrase), shared by the add-server wizard
// and the edit dialog so both ask the same way and say the same about where the passphrase goes.
import type { JSX } from 'react'
import { Field } from './Field'

export function KeyFileFields(props: {
  keyPath: string
  passphrase: string
  onKeyPath: (value: string) => void
  onPassphrase: (value: string) => void
  disabled: boolean
  keyPathError?: string | null
  passphraseError?: string | null
}): JSX.Element {
  return (
    <div className="method-fields">
      <Field
        label="Private key file"
        name="keyPath"
        value={props.keyPath}
        onValue={props.onKeyPath}
        placeholder="~/.ssh/id_ed25519"
        autoComplete="off"
        disabled={props.disabled}
        error={props.keyPathError}
        help="The path on this computer; ~ means your home folder."
      />
      <Field
        label="Passphrase"
        aside="only if the key has one"
        name="passphrase"
        type="password"
        value={props.passphrase}
        onValue={props.onPassphrase}
        autoComplete="off"
        disabled={props.disabled}
        error={props.passphraseError}
        help="Kept in your system keychain, so Pier can reconnect without asking."
      />
    </div>
  )
}
