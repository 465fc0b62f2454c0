// Runs in: renderer.
// Saved commands beside the terminal: the active tab's server's and the global ones. "Paste"
// types a snippet into the active terminal; "Run" also presses Enter. Snippets are keystrokes
// for the shell the user is looking at, never a command Pier runs by itself.
import { useEffect, useState, type JSX } from 'react'
import type { SnippetView } from '../../../../main/core/snippets/model'
import { snippetActions } from '../../actions'
import { ErrorBanner } from '../../components/ErrorBanner'
import { CloseIcon, PlusIcon } from '../../components/icons'
import { snippetSelectors, useSnippets, type SnippetDraft } from '../../stores/snippets'
import { terminalSelectors, useTerminals } from '../../stores/terminals'
import { sendToTerminal, terminalRegistry } from '../../terminal/registry'

function SnippetForm({
  draft,
  server,
  onDone
}: {
  draft: SnippetDraft
  server: string | null
  onDone: () => void
}): JSX.Element {
  const [name, setName] = useState(draft.name)
  const [command, setCommand] = useState(draft.command)
  const [scope, setScope] = useState<string | null>(draft.server)
  const [saving, setSaving] = useState(false)
  const valid = name.trim().length > 0 && command.length > 0
  return (
    <form
      className="snippet-form"
      aria-label={draft.id ? 'Edit snippet' : 'New snippet'}
      onSubmit={(e) => {
        e.preventDefault()
        if (!valid) return
        setSaving(true)
        void snippetActions
          .save({ id: draft.id, name: name.trim(), command, server: scope })
          .then((ok) => {
            setSaving(false)
            if (ok) onDone()
          })
      }}
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.stopPropagation()
          onDone()
        }
      }}
    >
      <input
        className="input"
        aria-label="Snippet name"
        placeholder="Name"
        value={name}
        maxLength={200}
        autoFocus
        onChange={(e) => setName(e.target.value)}
      />
      <textarea
        className="input snippet-command"
        aria-label="Command"
        placeholder="Command"
        value={command}
        rows={3}
        spellCheck={false}
        onChange={(e) => setCommand(e.target.value)}
      />
      <div className="snippet-scope" role="radiogroup" aria-label="Available on">
        {server && (
          <label className="checkbox">
            <input
              type="radio"
              name="snippet-scope"
              checked={scope === server}
              onChange={() => setScope(server)}
            />{' '}
            {server} only
          </label>
        )}
        <label className="checkbox">
          <input
            type="radio"
            name="snippet-scope"
            checked={scope === null}
            onChange={() => setScope(null)}
          />{' '}
          All servers
        </label>
      </div>
      <div className="snippet-form-actions">
        <button type="button" className="button button-secondary" onClick={onDone}>
          Cancel
        </button>
        <button type="submit" className="button button-primary" disabled={!valid || saving}>
          Save snippet
        </button>
      </div>
    </form>
  )
}

function SnippetRow({
  snippet,
  canSend,
  onSend,
  onEdit
}: {
  snippet: SnippetView
  canSend: boolean
  onSend: (run: boolean) => void
  onEdit: () => void
}): JSX.Element {
  return (
    <li className="snippet" data-snippet-name={snippet.name}>
      <div className="snippet-head">
        <span className="snippet-name">{snippet.name}</span>
        <span className="tag">{snippet.server ?? 'global'}</span>
      </div>
      <pre className="snippet-preview" title={snippet.command}>
        {snippet.command}
      </pre>
      <div className="snippet-actions">
        <button
          type="button"
          className="button button-secondary"
          disabled={!canSend}
          onClick={() => onSend(false)}
          title="Type it into the terminal without pressing Enter"
        >
          Paste
        </button>
        <button
          type="button"
          className="button button-primary"
          disabled={!canSend}
          onClick={() => onSend(true)}
          title="Type it into the terminal and press Enter"
        >
          Run
        </button>
        <span className="actions-gap" />
        <button type="button" className="link-button" onClick={onEdit}>
          Edit
        </button>
        <button
          type="button"
          className="link-button link-danger"
          onClick={() => void snippetActions.remove(snippet.id)}
          aria-label={`Delete ${snippet.name}`}
        >
          Delete
        </button>
      </div>
    </li>
  )
}

export function SnippetsPanel({ onClose }: { onClose: () => void }): JSX.Element {
  const server = useTerminals(terminalSelectors.active)?.target.server ?? null
  // A form half-filled for one server must not be saved for another: a new server, a new body.
  return <SnippetsBody key={server ?? ''} server={server} onClose={onClose} />
}

function SnippetsBody({
  server,
  onClose
}: {
  server: string | null
  onClose: () => void
}): JSX.Element {
  const active = useTerminals(terminalSelectors.active)
  const snippets = useSnippets(snippetSelectors.snippets)
  const status = useSnippets(snippetSelectors.status)
  const error = useSnippets(snippetSelectors.error)
  const [editing, setEditing] = useState<SnippetDraft | null>(null)
  useEffect(() => {
    void snippetActions.load(server)
  }, [server])
  const canSend = active?.status === 'open'
  const send = (s: SnippetView, run: boolean): void => {
    const live = terminalRegistry.get(active?.id ?? null)
    if (live) sendToTerminal(live, s.command, run)
  }
  return (
    <aside className="snippets" aria-labelledby="snippets-title" data-testid="snippets">
      <header className="snippets-header">
        <h2 id="snippets-title" className="section-title">
          Snippets{server && <span className="muted"> · {server}</span>}
        </h2>
        <button
          type="button"
          className="icon-button"
          aria-label="New snippet"
          title="New snippet"
          onClick={() => setEditing({ name: '', command: '', server })}
        >
          <PlusIcon />
        </button>
        <button type="button" className="icon-button" aria-label="Close snippets" onClick={onClose}>
          <CloseIcon />
        </button>
      </header>
      {error && <ErrorBanner error={error} />}
      {editing && !editing.id && (
        <SnippetForm draft={editing} server={server} onDone={() => setEditing(null)} />
      )}
      {status === 'ready' && snippets.length === 0 && !editing && (
        <p className="muted snippets-empty">
          Save commands you type often, for {server ?? 'all servers'} or for every server, and send
          them to the terminal with one click.
        </p>
      )}
      <ul className="snippet-list">
        {snippets.map((s) =>
          editing?.id === s.id ? (
            <li key={s.id} className="snippet">
              <SnippetForm draft={editing} server={server} onDone={() => setEditing(null)} />
            </li>
          ) : (
            <SnippetRow
              key={s.id}
              snippet={s}
              canSend={canSend}
              onSend={(run) => send(s, run)}
              onEdit={() =>
                setEditing({ id: s.id, name: s.name, command: s.command, server: s.server })
              }
            />
          )
        )}
      </ul>
    </aside>
  )
}
