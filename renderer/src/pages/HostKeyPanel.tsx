// Runs in: renderer.
// The host key of a saved server, when it needs the user: changed since Pier pinned it (a red
// hard stop: both fingerprints side by side, and trusting takes a second, explicit step) or never
// verified (an imported server's first contact, compared like the wizard's). The flow lives in
// stores/host-key.ts; fingerprints and names are server-provided text, rendered as text only.
import { useEffect, useRef, type JSX } from 'react'
import type { ServerSummary } from '../../../main/api/contract'
import { hostKeyActions } from '../actions'
import { ErrorBanner } from '../components/ErrorBanner'
import { AlertIcon, CheckCircleIcon, KeyIcon } from '../components/icons'
import { Modal } from '../components/Modal'
import { Spinner } from '../components/Spinner'
import {
  formatAddress,
  formatLatency,
  hostKeyFile,
  keyBits,
  keyTypeLabel,
  shortenFingerprint
} from '../lib/format'
import {
  hostKeySelectors,
  oldFingerprint,
  useHostKeys,
  type HostKeyEntry
} from '../stores/host-key'
import { serverOpsSelectors, useServerOps } from '../stores/server-ops'

const typeName = (keyType: string | null | undefined): string =>
  keyTypeLabel(keyType ?? null) || keyType || ''

function CompareCommand({ keyType }: { keyType: string | null }): JSX.Element {
  return (
    <pre className="codeblock">
      <code>{`ssh-keygen -lf ${hostKeyFile(keyType)}`}</code>
    </pre>
  )
}

/** The fingerprint being read, or the reason it could not be. */
function Presented({ entry }: { entry: HostKeyEntry }): JSX.Element {
  if (entry.presented) {
    return (
      <code className="mono keycard-fingerprint" data-testid="host-key-new">
        {entry.presented.fingerprint}
      </code>
    )
  }
  if (entry.step === 'probing') {
    return (
      <span className="muted keycard-fingerprint" role="status">
        <Spinner /> Asking the server for its key…
      </span>
    )
  }
  return <span className="muted keycard-fingerprint">Not known: the server did not answer.</span>
}

function ReadError({
  entry,
  server
}: {
  entry: HostKeyEntry
  server: ServerSummary
}): JSX.Element | null {
  if (!entry.error) return null
  return (
    <ErrorBanner
      title={entry.step === 'failed' ? 'Pier could not read the server’s key.' : undefined}
      error={entry.error}
      onRetry={entry.step === 'failed' ? () => hostKeyActions.probe(server) : undefined}
    />
  )
}

function Changed({ server, entry }: { server: ServerSummary; entry: HostKeyEntry }): JSX.Element {
  const old = oldFingerprint(entry, server)
  const newType = entry.presented?.keyType ?? null
  const busy = entry.step === 'probing' || entry.step === 'trusting'
  return (
    <section
      className="hardstop hostkey-panel"
      role="alert"
      aria-labelledby="hostkey-title"
      data-testid="host-key-panel"
      data-kind="changed"
      data-step={entry.step}
    >
      <h3 id="hostkey-title" className="hardstop-title">
        <AlertIcon size={18} /> The host key of {server.name} has changed
      </h3>
      <p>
        <code className="mono">{formatAddress(server.host, server.port)}</code> answered with a
        different host key than the one Pier pinned. Someone may be intercepting the connection, or
        the server was reinstalled or its keys regenerated. Pier will not connect to it, and has
        sent no key or password, until you decide.
      </p>
      <div className="keypair">
        <div className="keycard">
          <span className="keycard-label">
            Pinned before{' '}
            {server.hostKeyType && <span className="tag">{typeName(server.hostKeyType)}</span>}
          </span>
          <code className="mono keycard-fingerprint" data-testid="host-key-old">
            {old ?? 'none recorded'}
          </code>
        </div>
        <div className="keycard keycard-new">
          <span className="keycard-label">
            The server shows now {newType && <span className="tag">{typeName(newType)}</span>}
          </span>
          <Presented entry={entry} />
        </div>
      </div>
      <p>
        Find out why on the server itself, from a console that does not go through this connection
        (your provider’s web console, say):
      </p>
      <CompareCommand keyType={newType ?? server.hostKeyType} />
      <p className="muted">
        Only if the <code className="mono">SHA256:</code> line it prints matches the new key above
        exactly, every character, is the change yours. If it does not, do not trust it.
      </p>
      {entry.step !== 'confirming' && <ReadError entry={entry} server={server} />}
      <footer className="hostkey-actions">
        <button
          type="button"
          className="button button-secondary"
          onClick={() => hostKeyActions.dismiss(server.id)}
          disabled={busy}
        >
          Cancel
        </button>
        <button
          type="button"
          className="button button-danger"
          onClick={() => hostKeyActions.requestTrust(server.id)}
          disabled={!entry.presented || busy}
        >
          I have verified the change…
        </button>
      </footer>
    </section>
  )
}

function Unknown({ server, entry }: { server: ServerSummary; entry: HostKeyEntry }): JSX.Element {
  const keyType = entry.presented?.keyType ?? null
  const type = typeName(keyType)
  const trusting = entry.step === 'trusting'
  return (
    <section
      className="verify-panel hostkey-panel"
      aria-labelledby="hostkey-title"
      data-testid="host-key-panel"
      data-kind="unknown"
      data-step={entry.step}
    >
      <h3 id="hostkey-title" className="verify-title">
        <KeyIcon size={18} /> Verify the host key of {server.name}
      </h3>
      <p>
        Pier has no host key pinned for{' '}
        <code className="mono">{formatAddress(server.host, server.port)}</code> yet (an imported
        server whose key was not in known_hosts, say), so it has not signed in there.
        {entry.presented ? ` The server presented this ${type} host key:` : ''}
      </p>
      {entry.presented ? (
        <pre className="fingerprint" data-testid="host-key-new" aria-label="Host key fingerprint">
          {entry.presented.fingerprint}
        </pre>
      ) : (
        <Presented entry={entry} />
      )}
      <p>
        Anything between this computer and the server could answer in its place, so compare it with
        what the server itself says. On the server, from a console you already trust, run:
      </p>
      <CompareCommand keyType={keyType} />
      <p className="muted">
        It prints a line such as{' '}
        <code className="mono">{`${keyBits(keyType) || 'bits'} SHA256:… root@host (${type || 'type'})`}</code>
        . The part that starts with <code className="mono">SHA256:</code> must match the one above
        exactly. Nothing secret has been sent yet.
      </p>
      <ReadError entry={entry} server={server} />
      <footer className="hostkey-actions">
        <button
          type="button"
          className="button button-secondary"
          onClick={() => hostKeyActions.dismiss(server.id)}
          disabled={trusting}
        >
          Cancel
        </button>
        <button
          type="button"
          className="button button-primary"
          onClick={() => void hostKeyActions.trust(server)}
          disabled={!entry.presented || trusting || entry.step === 'probing'}
        >
          {trusting && <Spinner />}
          {trusting ? 'Trusting…' : 'The fingerprints match — trust'}
        </button>
      </footer>
    </section>
  )
}

/** The second step for a changed key: names the exact key on the button that trusts it. */
function ConfirmTrust({
  server,
  entry
}: {
  server: ServerSummary
  entry: HostKeyEntry
}): JSX.Element | null {
  if (!entry.presented) return null
  const trusting = entry.step === 'trusting'
  const old = oldFingerprint(entry, server)
  const cancel = (): void => {
    if (!trusting) hostKeyActions.cancelTrust(server.id)
  }
  return (
    <Modal labelledBy="trust-title" describedBy="trust-what" onCancel={cancel}>
      <form
        className="modal-body"
        data-testid="trust-confirm"
        onSubmit={(e) => {
          e.preventDefault()
          void hostKeyActions.trust(server)
        }}
      >
        <h2 id="trust-title" className="modal-title">
          Trust the new host key of {server.name}?
        </h2>
        <div id="trust-what" className="modal-text">
          <p>
            Pier will forget {old ? <code className="mono">{old}</code> : 'the old key'} and, from
            now on, accept only this {typeName(entry.presented.keyType)} key:
          </p>
          <pre className="fingerprint">{entry.presented.fingerprint}</pre>
          <p>
            Continue only if <code className="mono">ssh-keygen -lf</code> on the server printed
            exactly this fingerprint. If the server shows any other key by the time Pier connects,
            nothing is trusted.
          </p>
        </div>
        {entry.error && <ErrorBanner title="The key was not trusted." error={entry.error} />}
        <footer className="wizard-footer">
          <button
            type="button"
            className="button button-secondary"
            onClick={cancel}
            disabled={trusting}
            data-autofocus
          >
            Cancel
          </button>
          <button
            type="submit"
            className="button button-danger"
            disabled={trusting}
            title={entry.presented.fingerprint}
          >
            {trusting && <Spinner />}
            {trusting ? 'Trusting…' : `Trust ${shortenFingerprint(entry.presented.fingerprint)}`}
          </button>
        </footer>
      </form>
    </Modal>
  )
}

function Trusted({ server, entry }: { server: ServerSummary; entry: HostKeyEntry }): JSX.Element {
  const ping = useServerOps(serverOpsSelectors.ping(server.id))
  const done = useRef<HTMLButtonElement>(null)
  useEffect(() => done.current?.focus(), [])
  return (
    <section
      className="success hostkey-panel"
      role="status"
      data-testid="host-key-panel"
      data-kind={entry.kind}
      data-step="trusted"
    >
      <CheckCircleIcon size={18} />
      <div>
        <p className="success-title">
          {server.name} now trusts <code className="mono fingerprint-inline">{entry.trusted}</code>.
        </p>
        <p className="muted">
          Pier pinned this key and refuses any other. {ping.status === 'running' && 'Connecting…'}
          {ping.status === 'ready' &&
            ping.latencyMs !== null &&
            `Connected: ready (${formatLatency(ping.latencyMs)}).`}
          {ping.status === 'error' && 'The key is trusted, but the connection failed; see below.'}
        </p>
      </div>
      <button
        type="button"
        className="button button-secondary hostkey-done"
        ref={done}
        onClick={() => hostKeyActions.dismiss(server.id)}
      >
        Close
      </button>
    </section>
  )
}

export function HostKeyPanel({ server }: { server: ServerSummary }): JSX.Element | null {
  const entry = useHostKeys(hostKeySelectors.entry(server.id))
  if (!entry || entry.dismissed) return null
  if (entry.step === 'trusted') return <Trusted server={server} entry={entry} />
  if (entry.kind === 'unknown') return <Unknown server={server} entry={entry} />
  return (
    <>
      <Changed server={server} entry={entry} />
      {(entry.step === 'confirming' || (entry.step === 'trusting' && entry.kind === 'changed')) && (
        <ConfirmTrust server={server} entry={entry} />
      )}
    </>
  )
}
