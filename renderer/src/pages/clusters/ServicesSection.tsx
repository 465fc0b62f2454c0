// Runs in: renderer.
// The cluster's services: replicas running against desired, where they run, why tasks failed on
// which node (the latest error per node, e.g. "No such image"), and the placement constraints.
// A service whose tasks lack their image on some node offers to copy it there from the node that
// has it, streamed over SSH without a registry.
import type { JSX } from 'react'
import { clusterActions } from '../../actions'
import { ErrorBanner } from '../../components/ErrorBanner'
import { Spinner } from '../../components/Spinner'
import type { ClusterService } from '../../../../main/core/clusters/tasks'
import { lacksImage, replicasText, replicasTone, settled } from '../../lib/clusters'
import { formatBytes } from '../../lib/docker-format'
import { clusterSelectors, useClusters } from '../../stores/clusters'

function Distribute({
  cluster,
  svc
}: {
  cluster: string
  svc: ClusterService
}): JSX.Element | null {
  const entry = useClusters(clusterSelectors.distribution(svc.name))
  const offer = lacksImage(svc) && !settled(svc)
  if (!entry && !offer) return null
  if (entry?.status === 'running')
    return (
      <p className="service-distribute" role="status">
        <Spinner size={12} /> Copying {svc.image} to the nodes that lack it…
      </p>
    )
  return (
    <div className="service-distribute">
      {entry?.status === 'done' && (
        <p role="status" data-testid="distribute-result">
          {entry.loaded.length
            ? `Copied ${svc.image} (${formatBytes(entry.bytes)}) to ${entry.loaded.join(', ')}.`
            : 'Every node already had the image.'}
          {entry.skipped.length > 0 && entry.loaded.length > 0
            ? ` ${entry.skipped.join(', ')} already had it.`
            : ''}
        </p>
      )}
      {entry?.status === 'error' && entry.error && (
        <ErrorBanner title={`${svc.image} was not copied.`} error={entry.error} />
      )}
      {offer && (
        <button
          type="button"
          className="button button-secondary button-small"
          aria-label={`Copy image ${svc.image} to all nodes`}
          onClick={() => void clusterActions.distribute(cluster, svc.name, svc.image)}
        >
          Copy image to all nodes
        </button>
      )}
    </div>
  )
}

export function ServicesSection({ cluster }: { cluster: string }): JSX.Element {
  const services = useClusters(clusterSelectors.services)
  const status = useClusters(clusterSelectors.servicesStatus)
  const error = useClusters(clusterSelectors.servicesError)
  return (
    <section className="cluster-services" aria-labelledby="cluster-services-title">
      <div className="section-header">
        <h2 id="cluster-services-title" className="section-title">
          Services
        </h2>
        {status === 'ready' && <span className="muted small">{services.length} in the swarm</span>}
      </div>
      {error && (
        <ErrorBanner
          title="The services could not be read."
          error={error}
          onRetry={() => clusterActions.loadServices(cluster)}
        />
      )}
      {status === 'loading' && !error && (
        <p className="loading" role="status">
          <Spinner /> Reading the services…
        </p>
      )}
      {status === 'ready' && services.length === 0 && (
        <p className="muted" data-testid="no-services">
          No services yet. Apps deployed to this cluster run here, spread over its nodes.
        </p>
      )}
      {services.length > 0 && (
        <ul className="service-list">
          {services.map((svc) => (
            <li key={svc.id} className="service-card" data-service={svc.name}>
              <div className="service-head">
                <span className="service-name">{svc.name}</span>
                {svc.app && (
                  <span className="chip" data-testid="service-app" title="The Pier app">
                    app {svc.app}
                  </span>
                )}
                <span
                  className={`status status-${replicasTone(svc)}`}
                  data-testid="service-replicas"
                  title="Running / desired replicas"
                >
                  <span className="status-dot" aria-hidden="true" />
                  <span className="status-text">{replicasText(svc)} running</span>
                </span>
                <code className="mono muted small service-image">{svc.image}</code>
              </div>
              <div
                className="service-nodes"
                role="group"
                aria-label={`Replicas of ${svc.name} per node`}
              >
                {Object.keys(svc.perNode).length === 0 ? (
                  <span className="muted small">No task running.</span>
                ) : (
                  Object.entries(svc.perNode)
                    .sort(([a], [b]) => a.localeCompare(b))
                    .map(([node, n]) => (
                      <span key={node} className="chip" data-node={node}>
                        {node} × {n}
                      </span>
                    ))
                )}
              </div>
              {svc.constraints.length > 0 && (
                <p className="small service-constraints">
                  <span className="muted">Placement: </span>
                  {svc.constraints.map((c) => (
                    <code key={c} className="chip mono">
                      {c}
                    </code>
                  ))}
                </p>
              )}
              {svc.errors.length > 0 && (
                <ul
                  className={`service-errors${settled(svc) ? ' service-errors-past' : ''}`}
                  aria-label={
                    settled(svc)
                      ? `Earlier task errors of ${svc.name}`
                      : `Task errors of ${svc.name}`
                  }
                >
                  {settled(svc) && <li className="muted">Earlier, before every replica ran:</li>}
                  {svc.errors.map((e) => (
                    <li key={e.node} className="service-error" data-node={e.node}>
                      <strong>{e.node}</strong> {e.state}: {e.error || 'no message'}
                    </li>
                  ))}
                </ul>
              )}
              <Distribute cluster={cluster} svc={svc} />
            </li>
          ))}
        </ul>
      )}
    </section>
  )
}
