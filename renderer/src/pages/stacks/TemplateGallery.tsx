// Runs in: renderer.
// The template gallery: Pier's own templates and those in a folder the user names, as cards.
// Choosing one opens a form with its variables (empty keeps the template's own value, often a
// generated password), a preview of the render, and Deploy.
import { useEffect, useState, type FormEvent, type JSX } from 'react'
import { stackActions } from '../../actions'
import { ErrorBanner } from '../../components/ErrorBanner'
import { stackSelectors, useStacks } from '../../stores/stacks'
import type { TemplateListing } from '../../../../main/core/templates/service'

function TemplateForm({
  template,
  servers,
  busy,
  onClose
}: {
  template: TemplateListing
  servers: string[]
  busy: boolean
  onClose: () => void
}): JSX.Element {
  const preview = useStacks(stackSelectors.preview)
  const [name, setName] = useState(template.id.replace(/[^a-z0-9-]/g, '-'))
  const [server, setServer] = useState(servers[0] ?? '')
  const [values, setValues] = useState<Record<string, string>>({})
  const draft = { dir: template.dir, name, server, values }
  const submit = (e: FormEvent) => {
    e.preventDefault()
    void stackActions.deployTemplate(draft).then((ok) => ok && onClose())
  }
  return (
    <form
      className="stack-form template-form"
      aria-label={`Deploy ${template.title}`}
      onSubmit={submit}
    >
      <h3>{template.title}</h3>
      <div className="field-row">
        <label className="field field-grow">
          <span className="field-label">Stack name</span>
          <input
            className="input mono"
            name="template-stack"
            value={name}
            onChange={(e) => setName(e.target.value)}
            required
          />
        </label>
        <label className="field">
          <span className="field-label">Server</span>
          <select
            className="input"
            name="template-server"
            value={server}
            onChange={(e) => setServer(e.target.value)}
          >
            {servers.map((s) => (
              <option key={s}>{s}</option>
            ))}
          </select>
        </label>
      </div>
      <fieldset className="template-vars">
        <legend>Variables</legend>
        {Object.entries(template.variables).map(([k, def]) => (
          <label key={k} className="field">
            <span className="field-label mono">{k}</span>
            <input
              className="input mono"
              name={`var-${k}`}
              value={values[k] ?? ''}
              placeholder={def}
              onChange={(e) => setValues({ ...values, [k]: e.target.value })}
            />
          </label>
        ))}
      </fieldset>
      <div className="actions">
        <button type="button" className="button" onClick={onClose}>
          Close
        </button>
        <button
          type="button"
          className="button"
          disabled={busy}
          onClick={() => void stackActions.preview(draft)}
        >
          Preview
        </button>
        <button type="submit" className="button button-primary" disabled={busy || !server}>
          Deploy
        </button>
      </div>
      {preview && (
        <pre className="template-preview mono" aria-label="Rendered template">
          {[
            preview.compose.trimEnd(),
            '',
            '# .env',
            ...Object.entries(preview.env).map(([k, v]) => `${k}=${v}`),
            ...preview.mounts.map((m) => `\n# files/${m.filePath}\n${m.content.trimEnd()}`),
            ...preview.domains.map((d) => `\n# domain ${d.host}${d.path} → ${d.service}:${d.port}`)
          ].join('\n')}
        </pre>
      )}
    </form>
  )
}

export function TemplateGallery({
  servers,
  busy
}: {
  servers: string[]
  busy: boolean
}): JSX.Element {
  const templates = useStacks(stackSelectors.templates)
  const error = useStacks(stackSelectors.templatesError)
  const dir = useStacks(stackSelectors.templateDir)
  const [folder, setFolder] = useState(dir)
  const [open, setOpen] = useState<TemplateListing | null>(null)
  useEffect(() => {
    void stackActions.loadTemplates(dir || undefined)
  }, [dir])
  return (
    <div className="template-gallery">
      <form
        className="field-inline template-folder"
        onSubmit={(e) => {
          e.preventDefault()
          void stackActions.loadTemplates(folder.trim() || undefined)
        }}
      >
        <label className="field field-grow">
          <span className="field-label">Your templates folder (on this computer)</span>
          <input
            className="input mono"
            name="template-dir"
            value={folder}
            onChange={(e) => setFolder(e.target.value)}
            placeholder="/home/me/templates"
          />
        </label>
        <button type="submit" className="button">
          Load
        </button>
      </form>
      {error && <ErrorBanner title="Templates could not be read." error={error} />}
      <ul className="template-cards" aria-label="Templates">
        {templates.map((t) => (
          <li key={`${t.builtin}:${t.dir}`}>
            <button
              type="button"
              className="template-card"
              data-template={t.id}
              aria-pressed={open?.dir === t.dir}
              onClick={() => {
                stackActions.clearPreview()
                setOpen(t)
              }}
            >
              <span className="template-card-title">{t.title}</span>
              <span className="template-card-text">{t.description}</span>
              <span className="template-card-meta mono">
                {t.builtin ? 'Pier' : t.dir} · {Object.keys(t.variables).length} variables
              </span>
            </button>
          </li>
        ))}
      </ul>
      {open && (
        <TemplateForm
          key={open.dir}
          template={open}
          servers={servers}
          busy={busy}
          onClose={() => setOpen(null)}
        />
      )}
    </div>
  )
}
