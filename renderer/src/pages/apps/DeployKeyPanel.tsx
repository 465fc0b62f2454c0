// Runs in: renderer.
// A git app's deploy key: the public half, to add as a read-only deploy key on GitHub, GitLab or
// Gitea. The private half never leaves the keychain except as a job secret on the server.
import { useState, type JSX } from 'react'

export function DeployKeyPanel({
  publicKey,
  url
}: {
  publicKey: string
  url: string
}): JSX.Element {
  const [copied, setCopied] = useState(false)
  return (
    <section className="app-section" aria-labelledby="deploy-key-title">
      <div className="section-header">
        <h3 id="deploy-key-title" className="section-title">
          Deploy key
        </h3>
        <span className="actions-gap" />
        <button
          type="button"
          className="button button-secondary"
          onClick={() =>
            void navigator.clipboard.writeText(publicKey).then(
              () => setCopied(true),
              () => setCopied(false)
            )
          }
        >
          {copied ? 'Copied' : 'Copy key'}
        </button>
      </div>
      <p className="muted">
        Add this key to {url} as a read-only deploy key, so the server can clone it over SSH.
      </p>
      <pre className="deploy-key" data-testid="deploy-key">
        {publicKey}
      </pre>
    </section>
  )
}
