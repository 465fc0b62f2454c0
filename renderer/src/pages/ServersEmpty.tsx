// Runs in: renderer.
// First run: what Pier needs from a server, and the steps to get there.
import type { JSX } from 'react'
import { addServerActions, importActions } from '../actions'
import { ServersIcon } from '../components/icons'

export function ServersEmpty(): JSX.Element {
  return (
    <section
      className="onboarding"
      aria-labelledby="servers-empty-title"
      data-testid="servers-empty"
    >
      <div className="empty-icon">
        <ServersIcon size={22} />
      </div>
      <h2 id="servers-empty-title" className="empty-title">
        Add your first server
      </h2>
      <p className="lead">
        Pier deploys and looks after apps, databases and backups on servers you already have. All it
        needs on a server is <strong>SSH access</strong> and <strong>Docker</strong>. This computer
        is the control panel: Pier connects over SSH, so no dashboard runs on your server.
      </p>
      <ol className="steps">
        <li className="step">
          <span className="step-number" aria-hidden="true">
            1
          </span>
          <div className="step-body">
            <h3 className="step-title">Have a server with SSH and Docker</h3>
            <p>
              Any Linux machine you can reach with <code className="mono">ssh</code>, where your
              user can run Docker. To check, run this in a terminal on this computer:
            </p>
            <pre className="codeblock">
              <code>ssh user@your-server docker version</code>
            </pre>
            <p className="muted">It should print both a Client and a Server section.</p>
          </div>
        </li>
        <li className="step">
          <span className="step-number" aria-hidden="true">
            2
          </span>
          <div className="step-body">
            <h3 className="step-title">Add it to Pier</h3>
            <p>
              Pier asks where the server is and how to sign in, shows you the server’s host-key
              fingerprint to compare before it trusts it, then checks what the server still needs
              (and can install Docker on Debian and Ubuntu).
            </p>
            <div className="actions">
              <button
                type="button"
                className="button button-primary"
                onClick={() => addServerActions.open()}
              >
                Add server…
              </button>
              <button
                type="button"
                className="button button-secondary"
                onClick={() => importActions.open()}
              >
                Import from ~/.ssh/config
              </button>
            </div>
            <p className="muted small">
              Already reach your servers with <code className="mono">ssh</code>? Import the hosts of
              your SSH config, with the host keys your known_hosts already trusts.
            </p>
          </div>
        </li>
      </ol>
    </section>
  )
}
