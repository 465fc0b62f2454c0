// Runs in: renderer.
// A server's domains, read-only: which URL reaches which app or stack service (STACK/SERVICE)
// through the server's proxy. Shown
// on the server's overview only when it has any; adding and removing is `pier domain …` for now.
import { Fragment, useEffect, useState, type JSX } from 'react'
import type { Domain } from '../../../../main/core/proxy/model'
import { api, describeError } from '../../api'

export function DomainsPanel({ server }: { server: string }): JSX.Element | null {
  const [domains, setDomains] = useState<Domain[] | null>(null)
  const [error, setError] = useState<string | null>(null)

  useEffect(() => {
    let live = true
    api
      .call('domain.list', {})
      .then((all) => live && setDomains(all.filter((d) => d.server === server)))
      .catch((err: unknown) => live && setError(describeError(err).message))
    return () => {
      live = false
    }
  }, [server])

  if (error) return <p className="muted">Domains could not be read: {error}</p>
  if (!domains || domains.length === 0) return null
  return (
    <section className="domains-panel" aria-labelledby="domains-title">
      <div className="section-header">
        <h2 id="domains-title" className="section-title">
          Domains
        </h2>
      </div>
      <dl className="facts">
        {domains.map((d) => (
          <Fragment key={d.id}>
            <dt>
              https://{d.domain}
              {d.path === '/' ? '/' : d.path}
            </dt>
            <dd>
              {d.stack !== null ? `stack ${d.stack}, service ${d.service ?? ''}` : d.app} · port{' '}
              {d.targetPort} · TLS {d.tls}
              {d.preview ? ' · preview' : ''}
            </dd>
          </Fragment>
        ))}
      </dl>
    </section>
  )
}
