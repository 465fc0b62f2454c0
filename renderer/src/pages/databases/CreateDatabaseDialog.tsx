// Runs in: renderer.
// Creating a database: name, server, engine, version and an optional image, checked as typed
// with the rules the API applies. The create runs as a job on the server (pull, deploy, wait
// until the database answers); its progress shows here until it is up.
import { useState, type JSX } from 'react'
import { dbActions } from '../../actions'
import { ErrorBanner } from '../../components/ErrorBanner'
import { Field } from '../../components/Field'
import { Modal } from '../../components/Modal'
import { Spinner } from '../../components/Spinner'
import {
  createInput,
  dbFormErrors,
  emptyDbForm,
  ENGINE_LABELS,
  ENGINES,
  imageOf,
  type DbForm,
  type Engine
} from '../../lib/databases'
import { dbSelectors, useDatabases } from '../../stores/databases'
import { serverSelectors, useServers } from '../../stores/servers'
import { ServerSelectField } from '../../components/ServerSelectField'
import { JobProgress } from './JobProgress'

export function CreateDatabaseDialog(): JSX.Element {
  const servers = useServers(serverSelectors.servers)
  const taken = useDatabases((s) => s.databases.map((d) => d.name).join('\n'))
  const [form, setForm] = useState<DbForm>(() => emptyDbForm(servers[0]?.name ?? ''))
  const [submitted, setSubmitted] = useState(false)
  const [sent, setSent] = useState<string | null>(null)
  const op = useDatabases(dbSelectors.op(sent ?? '', 'create'))
  const creating = op?.status === 'running'
  const errors = dbFormErrors(form, sent ? [] : taken.split('\n').filter(Boolean))
  const show = (k: keyof DbForm): string | null =>
    (submitted || form[k] !== '') && errors[k] ? (errors[k] ?? null) : null
  const set = (p: Partial<DbForm>): void => setForm((f) => ({ ...f, ...p }))
  const cancel = (): void => {
    if (creating) return
    if (sent) dbActions.dismissOp(sent, 'create')
    dbActions.closeCreate()
  }
  return (
    <Modal labelledBy="create-db-title" onCancel={cancel} className="modal-wide">
      <form
        className="modal-body"
        aria-label="Create a database"
        onSubmit={(e) => {
          e.preventDefault()
          setSubmitted(true)
          if (creating || Object.keys(errors).length) return
          setSent(form.name)
          void dbActions.create(createInput(form))
        }}
      >
        <h2 id="create-db-title" className="modal-title">
          Create a database
        </h2>
        <Field
          label="Name"
          name="db-name"
          value={form.name}
          onValue={(name) => set({ name })}
          error={show('name')}
          help="1-30 lowercase letters, digits or -, starting with a letter."
          disabled={creating}
          autoFocus
        />
        <div className="field-row">
          <ServerSelectField
            id="create-db-server"
            name="db-server"
            className="field field-grow"
            servers={servers}
            value={form.server}
            onChange={(server) => set({ server })}
            disabled={creating}
            error={submitted && errors.server}
          />
          <div className="field field-grow">
            <label className="field-label" htmlFor="create-db-engine">
              Engine
            </label>
            <select
              id="create-db-engine"
              name="db-engine"
              className="input"
              value={form.engine}
              disabled={creating}
              onChange={(e) => set({ engine: e.target.value as Engine })}
            >
              {ENGINES.map((e) => (
                <option key={e} value={e}>
                  {ENGINE_LABELS[e]}
                </option>
              ))}
            </select>
          </div>
        </div>
        <div className="field-row">
          <Field
            className="field-grow"
            label="Version"
            aside="optional"
            name="db-version"
            value={form.version}
            onValue={(version) => set({ version })}
            error={show('version')}
            disabled={creating}
          />
          <Field
            className="field-grow"
            label="Image"
            aside="optional"
            name="db-image"
            value={form.image}
            onValue={(image) => set({ image })}
            error={show('image')}
            disabled={creating}
          />
        </div>
        <p className="field-help">
          Runs <code className="mono">{imageOf(form)}</code> as a swarm service with a named volume.
          The password is generated here and kept in your system keychain.
        </p>
        {sent && creating && (
          <JobProgress server={form.server} jobKey={`db-${sent}`} label={`Creating ${sent}`} />
        )}
        {op?.status === 'error' && op.error && (
          <ErrorBanner title={`${sent ?? 'The database'} was not created.`} error={op.error} />
        )}
        <footer className="wizard-footer">
          <button
            type="button"
            className="button button-secondary"
            onClick={cancel}
            disabled={creating}
          >
            Cancel
          </button>
          <button type="submit" className="button button-primary" disabled={creating}>
            {creating && <Spinner />}
            {creating ? 'Creating…' : 'Create'}
          </button>
        </footer>
      </form>
    </Modal>
  )
}
