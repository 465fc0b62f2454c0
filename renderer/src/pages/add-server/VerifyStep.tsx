// Runs in: renderer.
// Step 3: the server's identity. Its fingerprint is shown whole, in ssh-keygen's format, with the
// command that prints the same line on the server. Trusting is a deliberate act: focus lands on
// the heading, not on the button, so a reflexive Enter accepts nothing.
import { useEffect, useRef, type JSX } from 'react'
import { addServerActions } from '../../actions'
import { AlertIcon } from '../../components/icons'
import { Spinner } from '../../components/Spinner'
import { formatAddress, hostKeyFile, keyBits, keyTypeLabel } from '../../lib/format'
import { useAddServer, type HostKeyMismatch } from '../../stores/add-server'
import { StepError } from './StepError'

function KeyChanged({ mismatch }: { mismatch: HostKeyMismatch }): JSX.Element {
  return (
    <div className="wizard-step">
      <div className="hardstop" role="alert" data-testid="host-key-changed">
        <p className="hardstop-title">
          <AlertIcon size={18} /> Stop: the server answered with a different key
        </p>
        <p>
          Between the first connection and this one, a different host key answered. Someone may be
          intercepting the connection, or the server’s keys were regenerated in between. Nothing was
          saved, and your key or password was not sent.
        </p>
        <dl className="fingerprints">
          <dt>You accepted</dt>
          <dd>
            <code className="mono fingerprint-inline">{mismatch.accepted}</code>
          </dd>
          <dt>The server now shows</dt>
          <dd>
            <code className="mono fingerprint-inline">{mismatch.presented}</code>{' '}
            <span className="tag">{keyTypeLabel(mismatch.keyType) || mismatch.keyType}</span>
          </dd>
        </dl>
        <p>
          Find out why on the server itself before you try again, for example with{' '}
          <code className="mono">{`ssh-keygen -lf ${hostKeyFile(mismatch.keyType)}`}</code> from
          your provider’s console.
        </p>
      </div>
      <footer className="wizard-footer">
        <button
          type="button"
          className="button button-secondary"
          onClick={() => addServerActions.close()}
        >
          Cancel
        </button>
      </footer>
    </div>
  )
}

export function VerifyStep(): JSX.Element | null {
  const offer = useAddServer((s) => s.offer)
  const mismatch = useAddServer((s) => s.mismatch)
  const busy = useAddServer((s) => s.busy)
  const error = useAddServer((s) => s.error)
  const heading = useRef<HTMLHeadingElement>(null)
  useEffect(() => heading.current?.focus(), [])

  if (mismatch) return <KeyChanged mismatch={mismatch} />
  if (!offer) return null
  const adding = busy === 'adding'
  const type = keyTypeLabel(offer.keyType) || offer.keyType
  const command = `ssh-keygen -lf ${hostKeyFile(offer.keyType)}`
  return (
    <form
      className="wizard-step"
      aria-busy={adding}
      onSubmit={(e) => {
        e.preventDefault()
        void addServerActions.accept()
      }}
    >
      <h3 className="step-heading" ref={heading} tabIndex={-1}>
        Is this your server?
      </h3>
      <p>
        This is Pier’s first connection to{' '}
        <code className="mono">{formatAddress(offer.host, offer.port)}</code>. The server proved
        that it holds this {type} host key:
      </p>
      <pre
        className="fingerprint"
        data-testid="host-key-fingerprint"
        aria-label="Host key fingerprint"
      >
        {offer.fingerprint}
      </pre>
      <p>
        Anything between this computer and the server could answer in its place, so compare it with
        what the server itself says. On the server, from a console you already trust (your
        provider’s web console, or an SSH session whose key you checked), run:
      </p>
      <pre className="codeblock">
        <code>{command}</code>
      </pre>
      <p className="muted">
        It prints a line such as{' '}
        <code className="mono">{`${keyBits(offer.keyType) || 'bits'} SHA256:… root@host (${type})`}</code>
        . The part that starts with <code className="mono">SHA256:</code> must match the one above
        exactly, every character. Nothing secret has been sent yet.
      </p>
      {error && <StepError here="verify" />}
      <footer className="wizard-footer">
        <button
          type="button"
          className="button button-secondary"
          onClick={() => addServerActions.close()}
          disabled={adding}
        >
          Cancel
        </button>
        <button type="submit" className="button button-primary" disabled={adding}>
          {adding && <Spinner />}
          {adding ? 'Signing in and adding…' : 'The fingerprints match — trust and add'}
        </button>
      </footer>
    </form>
  )
}
