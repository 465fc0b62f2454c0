// Runs in: renderer.
// Deploy a pasted compose file and env file as a stack on one server.
import { useState, type FormEvent, type JSX } from 'react'
import { stackActions } from '../../actions'

export function DeployStackForm({
  servers,
  busy
}: {
  servers: string[]
  busy: boolean
}): JSX.Element {
  const [name, setName] = useState('')
  const [server, setServer] = useState('')
  const [compose, setCompose] = useState('')
  const [env, setEnv] = useState('')
  const target = server || servers[0] || ''
  const submit = (e: FormEvent) => {
    e.preventDefault()
    void stackActions.deploy({ name, server: target, compose, env })
  }
  return (
    <form className="stack-form" aria-label="Deploy a stack" onSubmit={submit}>
      <h3>Deploy a stack</h3>
      <div className="field-row">
        <label className="field field-grow">
          <span className="field-label">Name</span>
          <input
            className="input mono"
            name="stack-name"
            value={name}
            onChange={(e) => setName(e.target.value)}
            placeholder="shop"
            required
          />
        </label>
        <label className="field">
          <span className="field-label">Server</span>
          <select
            className="input"
            name="stack-server"
            value={target}
            onChange={(e) => setServer(e.target.value)}
          >
            {servers.map((s) => (
              <option key={s}>{s}</option>
            ))}
          </select>
        </label>
      </div>
      <label className="field">
        <span className="field-label">Compose file</span>
        <textarea
          className="input mono stack-textarea"
          name="stack-compose"
          value={compose}
          onChange={(e) => setCompose(e.target.value)}
          rows={10}
          spellCheck={false}
          required
        />
      </label>
      <label className="field">
        <span className="field-label">Env file</span>
        <textarea
          className="input mono stack-textarea"
          name="stack-env"
          value={env}
          onChange={(e) => setEnv(e.target.value)}
          rows={4}
          spellCheck={false}
          placeholder="KEY=value (literal to the end of the line)"
        />
      </label>
      <div className="actions">
        <button type="submit" className="button button-primary" disabled={busy || !target}>
          Deploy
        </button>
      </div>
    </form>
  )
}
