// Runs in: renderer.
// An app's public addresses: the domains its server's Caddy proxy routes to it, each opened in
// the system browser, and a form to add one (or a preview sslip.io name) or remove one. The
// same domain.add / domain.remove the CLI calls; the form checks names and paths with the
// proxy's own rules first, so most mistakes are caught before a round trip to the server.
import { useEffect, useState, type FormEvent, type JSX } from 'react'
import { domainProblem, pathProblem, type Domain } from '../../../../main/core/proxy/model'
import { api, describeError } from '../../api'
import { ErrorBanner } from '../../components/ErrorBanner'
import type { UiError } from '../../lib/errors'

type Tls = 'auto' | 'internal'

/** The name as the proxy stores it: lowercase, an internationalized name as punycode. */
export function asciiDomain(text: string): string {
  const name = text.trim().toLowerCase()
  if (/^[\x21-\x7e]*$/.test(name)) return name
  try {
    return new URL(`http://${name}`).hostname
  } catch {
    return name
  }
}

/** What is wrong with the form's domain and path; null when the API may be asked. */
export function domainFormProblem(domain: string, path: string): string | null {
  if (domain.trim() !== '') {
    const problem = domainProblem(asciiDomain(domain))
    if (problem) return problem
  }
  if (path.trim() !== '' && path.trim() !== '/') return pathProblem(path.trim())
  return null
}

export function domainUrl(d: Pick<Domain, 'domain' | 'path'>): string {
  return `https://${d.domain}${d.path === '/' ? '/' : d.path}`
}

async function openUrl(url: string): Promise<void> {
  const { opened } = await api.call('system.openExternal', { url })
  // Served to a browser (pier serve) there is no system shell: a new tab does the same.
  if (!opened) window.open(url, '_blank', 'noopener,noreferrer')
}

export function AppDomainsPanel({ app }: { app: string }): JSX.Element {
  const [domains, setDomains] = useState<Domain[] | null>(null)
  const [domain, setDomain] = useState('')
  const [path, setPath] = useState('')
  const [tls, setTls] = useState<Tls>('auto')
  const [busy, setBusy] = useState<string | null>(null)
  const [error, setError] = useState<{ title: string; error: UiError } | null>(null)

  // Bumped after a change, to read the list again.
  const [version, setVersion] = useState(0)
  useEffect(() => {
    let live = true
    api.call('domain.list', { app }).then(
      (list) => live && setDomains(list),
      (err: unknown) =>
        live && setError({ title: 'The domains could not be read.', error: describeError(err) })
    )
    return () => {
      live = false
    }
  }, [app, version])

  const problem = domainFormProblem(domain, path)
  const add = async (e: FormEvent): Promise<void> => {
    e.preventDefault()
    if (problem) return
    setBusy('add')
    setError(null)
    try {
      await api.call('domain.add', {
        app,
        ...(domain.trim() ? { domain: domain.trim() } : {}),
        ...(path.trim() && path.trim() !== '/' ? { path: path.trim() } : {}),
        tls
      })
      setDomain('')
      setPath('')
      setVersion((v) => v + 1)
    } catch (err) {
      setError({ title: 'The domain was not added.', error: describeError(err) })
    } finally {
      setBusy(null)
    }
  }
  const remove = async (d: Domain): Promise<void> => {
    setBusy(d.id)
    setError(null)
    try {
      await api.call('domain.remove', { app, domain: d.domain, path: d.path })
      setVersion((v) => v + 1)
    } catch (err) {
      setError({ title: `${d.domain} was not removed.`, error: describeError(err) })
    } finally {
      setBusy(null)
    }
  }

  return (
    <section
      className="app-section app-domains"
      aria-labelledby="app-domains-title"
      data-testid="app-domains"
      aria-busy={busy !== null}
    >
      <div className="section-header">
        <h3 id="app-domains-title" className="section-title">
          Domains
        </h3>
      </div>
      {domains === null ? (
        <p className="muted">Reading domains…</p>
      ) : domains.length === 0 ? (
        <p className="muted">
          No domain yet. Add one and the server&apos;s proxy (Caddy) serves the app on it over
          HTTPS; leave the name empty for a preview name on the server&apos;s address.
        </p>
      ) : (
        <ul className="domain-list">
          {domains.map((d) => (
            <li key={d.id} data-domain={d.domain} data-path={d.path}>
              <a
                href={domainUrl(d)}
                onClick={(e) => {
                  e.preventDefault()
                  void openUrl(domainUrl(d))
                }}
              >
                {domainUrl(d)}
              </a>
              <span className="muted">
                {' '}
                → port {d.targetPort} · TLS {d.tls === 'auto' ? 'automatic (ACME)' : d.tls}
                {d.preview ? ' · preview' : ''}
              </span>
              <button
                type="button"
                className="button button-secondary button-small"
                disabled={busy !== null}
                aria-label={`Remove ${d.domain}${d.path === '/' ? '' : d.path}`}
                onClick={() => void remove(d)}
              >
                Remove
              </button>
            </li>
          ))}
        </ul>
      )}
      <form className="actions domain-form" onSubmit={(e) => void add(e)}>
        <input
          aria-label="Domain"
          placeholder="app.example.com"
          value={domain}
          onChange={(e) => setDomain(e.target.value)}
          aria-invalid={problem !== null}
        />
        <input
          aria-label="Path prefix"
          placeholder="/ (whole site)"
          size={12}
          value={path}
          onChange={(e) => setPath(e.target.value)}
        />
        <select aria-label="TLS" value={tls} onChange={(e) => setTls(e.target.value as Tls)}>
          <option value="auto">Automatic HTTPS (ACME)</option>
          <option value="internal">Internal CA (local, test)</option>
        </select>
        <button
          type="submit"
          className="button button-secondary button-small"
          disabled={busy !== null || problem !== null}
        >
          {busy === 'add' ? 'Adding…' : domain.trim() ? 'Add domain' : 'Add preview domain'}
        </button>
      </form>
      {problem && <p className="field-error">{problem}</p>}
      {error && <ErrorBanner title={error.title} error={error.error} />}
    </section>
  )
}
