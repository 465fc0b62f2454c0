// Runs in: renderer.
// What adding a server will ask, said before the form exists so nobody is surprised later, and
// so the details can be gathered now. The form itself comes with the add-server flow.
import type { JSX } from 'react'
import { CloseIcon } from '../components/icons'

export function AddServerPanel({ onClose }: { onClose: () => void }): JSX.Element {
  return (
    <section className="panel" id="add-server-panel" aria-labelledby="add-server-title">
      <header className="panel-header">
        <h3 id="add-server-title" className="panel-title">
          What adding a server asks for
        </h3>
        <button
          type="button"
          className="icon-button"
          aria-label="Close"
          title="Close"
          onClick={onClose}
        >
          <CloseIcon />
        </button>
      </header>
      <dl className="facts">
        <dt>A name</dt>
        <dd>
          A label you choose, such as <code className="mono">web-1</code>.
        </dd>
        <dt>Host and SSH port</dt>
        <dd>A hostname or IP address; the port is 22 unless your server uses another.</dd>
        <dt>User</dt>
        <dd>
          The account Pier signs in as. It has to be able to run{' '}
          <code className="mono">docker</code>: root, or a member of the{' '}
          <code className="mono">docker</code> group.
        </dd>
        <dt>How to sign in</dt>
        <dd>
          Your SSH agent, a key file on this computer, or a password. Anything secret Pier keeps
          goes into your system keychain, never into a plain file.
        </dd>
        <dt>The server’s host key</dt>
        <dd>
          Pier connects once and shows the server’s SHA256 host-key fingerprint. On the server,{' '}
          <code className="mono">ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub</code> (or the{' '}
          <code className="mono">.pub</code> file for the key type Pier names) prints the same
          fingerprint; accept only if the two match. If the key ever changes afterwards, Pier
          refuses to connect and shows you the old and the new fingerprint.
        </dd>
      </dl>
      <p className="panel-note">
        This version of Pier lists servers but cannot add them yet: the add-server form arrives in
        the next update.
      </p>
    </section>
  )
}
