// Runs in: renderer.
// "Import from ~/.ssh/config": which files to read (the defaults as placeholders), then what came
// of it: the servers added, each with where its host key stands, the aliases skipped and why, and
// the parser's warnings. Every value is text from the user's files, rendered as text.
import { useEffect, useRef, type JSX } from 'react'
import { importActions } from '../actions'
import { ErrorBanner } from '../components/ErrorBanner'
import { Field } from '../components/Field'
import { CheckCircleIcon, CloseIcon } from '../components/icons'
import { Modal } from '../components/Modal'
import { Spinner } from '../components/Spinner'
import {
  DEFAULT_CONFIG,
  DEFAULT_KNOWN_HOSTS,
  importHeadline,
  importRow,
  pathProblem,
  unverifiedCount,
  useImport,
  type ImportResult
} from '../stores/import-ssh-config'
import { useServers } from '../stores/servers'
import { openServer } from '../stores/ui'

/** Closes the dialog on that server's page, once the list has it. */
function openImported(name: string): void {
  const server = useServers.getState().servers.find((s) => s.name === name)
  if (importActions.close() && server) openServer(server.id)
}

function ImportForm(): JSX.Element {
  const { form, busy, error } = useImport()
  return (
    <form
      className="modal-body import-body"
      noValidate
      aria-busy={busy}
      onSubmit={(e) => {
        e.preventDefault()
        void importActions.run()
      }}
    >
      <div className="modal-text">
        <p>
          Pier adds each concrete <code className="mono">Host</code> of your SSH config as a server,
          with its HostName, User, Port, IdentityFile and ProxyJump. Host keys already in
          known_hosts are pinned; for the others, the first connection shows you the key to compare.
          Nothing is contacted now.
        </p>
      </div>
      <Field
        label="SSH config file"
        aside="optional"
        name="file"
        value={form.file}
        onValue={(file) => importActions.edit({ file })}
        placeholder={DEFAULT_CONFIG}
        autoComplete="off"
        autoFocus
        disabled={busy}
        error={pathProblem(form.file)}
        help="On the computer Pier runs on; leave empty for the default."
      />
      <Field
        label="known_hosts file"
        aside="optional"
        name="knownHosts"
        value={form.knownHosts}
        onValue={(knownHosts) => importActions.edit({ knownHosts })}
        placeholder={DEFAULT_KNOWN_HOSTS}
        autoComplete="off"
        disabled={busy}
        error={pathProblem(form.knownHosts)}
        help="Where Pier looks for the host keys you already trust."
      />
      {error && <ErrorBanner title="Nothing was imported." error={error} />}
      <footer className="wizard-footer">
        <button
          type="button"
          className="button button-secondary"
          onClick={() => importActions.close()}
          disabled={busy}
        >
          Cancel
        </button>
        <button type="submit" className="button button-primary" disabled={busy}>
          {busy && <Spinner />}
          {busy ? 'Importing…' : 'Import'}
        </button>
      </footer>
    </form>
  )
}

function ImportOutcome({ result }: { result: ImportResult }): JSX.Element {
  const unverified = unverifiedCount(result)
  // The form that had focus is gone; land on Done, so Enter or Escape finishes.
  const done = useRef<HTMLButtonElement>(null)
  useEffect(() => done.current?.focus(), [])
  return (
    <div className="modal-body import-body" data-testid="import-result">
      <div className="success" role="status">
        <CheckCircleIcon size={18} />
        <div>
          <p className="success-title">{importHeadline(result)}</p>
          {unverified > 0 && (
            <p className="muted">
              {unverified === 1
                ? 'One server has no host key pinned yet: its first connection stops at the key and shows you the fingerprint to compare, on the server’s page.'
                : `${unverified} servers have no host key pinned yet: the first connection to each stops at the key and shows you the fingerprint to compare, on the server’s page.`}
            </p>
          )}
        </div>
      </div>
      {result.imported.length > 0 && (
        <section aria-labelledby="import-imported">
          <h3 id="import-imported" className="section-title import-heading">
            Imported
          </h3>
          <ul className="import-list">
            {result.imported.map((s) => {
              const row = importRow(s)
              return (
                <li key={row.name} className="import-item" data-server-name={row.name}>
                  <div className="import-item-main">
                    <button
                      type="button"
                      className="link-button import-name"
                      title="Open this server"
                      onClick={() => openImported(s.name)}
                    >
                      {row.name}
                    </button>
                    {row.alias && <span className="muted small">from Host {row.alias}</span>}
                    <span
                      className={`tag ${row.pinned ? 'tag-ok' : 'tag-warn'}`}
                      data-pinned={row.pinned}
                    >
                      {row.keyNote}
                    </span>
                  </div>
                  <div className="import-item-facts muted small">
                    <span className="mono">{row.login}</span>
                    <span>{row.signIn}</span>
                    {row.proxyJump && (
                      <span>
                        via <span className="mono">{row.proxyJump}</span>
                      </span>
                    )}
                  </div>
                </li>
              )
            })}
          </ul>
        </section>
      )}
      {result.skipped.length > 0 && (
        <section aria-labelledby="import-skipped">
          <h3 id="import-skipped" className="section-title import-heading">
            Skipped
          </h3>
          <ul className="import-list">
            {result.skipped.map((s) => (
              <li key={s.alias} className="import-item import-skipped">
                <span className="mono">{s.alias}</span>
                <span className="muted"> — {s.reason}</span>
              </li>
            ))}
          </ul>
        </section>
      )}
      {result.warnings.length > 0 && (
        <section aria-labelledby="import-warnings">
          <h3 id="import-warnings" className="section-title import-heading">
            Warnings
          </h3>
          <ul className="import-warnings">
            {result.warnings.map((w, i) => (
              <li key={i}>{w}</li>
            ))}
          </ul>
        </section>
      )}
      <footer className="wizard-footer">
        <button
          type="button"
          className="button button-secondary"
          onClick={() => importActions.again()}
        >
          Import another file
        </button>
        <button
          type="button"
          className="button button-primary"
          ref={done}
          onClick={() => importActions.close()}
        >
          Done
        </button>
      </footer>
    </div>
  )
}

export function ImportSshConfigDialog(): JSX.Element | null {
  const open = useImport((s) => s.open)
  const busy = useImport((s) => s.busy)
  const result = useImport((s) => s.result)
  if (!open) return null
  return (
    <Modal labelledBy="import-title" onCancel={() => importActions.close()} className="wizard">
      <header className="modal-header">
        <h2 id="import-title" className="modal-title">
          Import from ~/.ssh/config
        </h2>
        <button
          type="button"
          className="icon-button"
          aria-label="Close"
          title={busy ? 'Wait for the import to finish' : 'Close (Esc)'}
          disabled={busy}
          onClick={() => importActions.close()}
        >
          <CloseIcon />
        </button>
      </header>
      {result ? <ImportOutcome result={result} /> : <ImportForm />}
    </Modal>
  )
}
