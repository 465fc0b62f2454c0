// Runs in: renderer.
// Clusters: several servers as one Docker Swarm. With none yet, what a cluster is and how to form
// one (or that it takes servers first); with some, a tab per cluster, its live view, and the
// buttons to join a server or form another cluster. Servers already in a cluster are offered
// nowhere: a server is in one swarm at a time.
import { useEffect, useMemo, useState, type JSX } from 'react'
import { clusterActions } from '../actions'
import { EmptyState } from '../components/EmptyState'
import { ErrorBanner } from '../components/ErrorBanner'
import { ClustersIcon, PlusIcon } from '../components/icons'
import { Spinner } from '../components/Spinner'
import { freeServers } from '../lib/clusters'
import { clusterSelectors, useClusters } from '../stores/clusters'
import { serverSelectors, useServers } from '../stores/servers'
import { setPage } from '../stores/ui'
import { ClusterView } from './clusters/ClusterView'
import { FormClusterDialog } from './clusters/FormClusterDialog'
import { JoinServerDialog } from './clusters/JoinServerDialog'
import { PAGES } from './pages'

export function ClustersPage(): JSX.Element {
  const servers = useServers(serverSelectors.servers)
  const clusters = useClusters(clusterSelectors.clusters)
  const status = useClusters(clusterSelectors.status)
  const error = useClusters(clusterSelectors.error)
  const current = useClusters(clusterSelectors.current)
  const [dialog, setDialog] = useState<'form' | 'join' | null>(null)
  const serverKey = servers.map((s) => s.name).join('\n')
  const free = useMemo(() => freeServers(servers, clusters).map((s) => s.name), [servers, clusters])

  // Again when servers change: a renamed server is a renamed member.
  useEffect(() => {
    void clusterActions.load()
  }, [serverKey])

  const dialogs = (
    <>
      {dialog === 'form' && <FormClusterDialog servers={free} onClose={() => setDialog(null)} />}
      {dialog === 'join' && current && (
        <JoinServerDialog cluster={current.name} servers={free} onClose={() => setDialog(null)} />
      )}
    </>
  )

  if (status === 'loading' && clusters.length === 0)
    return (
      <p className="loading" role="status">
        <Spinner /> Loading clusters…
      </p>
    )
  if (status === 'error' && error && clusters.length === 0)
    return (
      <ErrorBanner
        title="Pier could not list its clusters."
        error={error}
        onRetry={clusterActions.load}
      />
    )

  if (clusters.length === 0) {
    const info = PAGES.clusters
    return (
      <EmptyState
        icon={<ClustersIcon size={22} />}
        title={info.emptyTitle}
        labelledBy="clusters-empty-title"
      >
        <p className="lead">{info.about}</p>
        {servers.length < 2 ? (
          <div className="callout" data-testid="clusters-need-servers">
            <p>
              A cluster needs servers: add at least two first (you have {servers.length}), then form
              one from them here.
            </p>
            <button
              type="button"
              className="button button-primary"
              onClick={() => setPage('servers')}
            >
              Go to Servers
            </button>
          </div>
        ) : (
          <div className="callout">
            <p>
              Pick a manager among your {servers.length} servers; join the others as workers or
              managers.
            </p>
            <button
              type="button"
              className="button button-primary"
              onClick={() => setDialog('form')}
            >
              Form a cluster
            </button>
          </div>
        )}
        {dialogs}
      </EmptyState>
    )
  }

  return (
    <div className="clusters-page">
      <div className="page-tabs-row">
        <div className="page-tabs" role="tablist" aria-label="Clusters">
          {clusters.map((c) => (
            <button
              key={c.id}
              type="button"
              role="tab"
              aria-selected={current?.name === c.name}
              className="page-tab"
              data-tab={c.name}
              onClick={() => clusterActions.select(c.name)}
            >
              {c.name}
              <span className="muted small"> · {c.members.length}</span>
            </button>
          ))}
        </div>
        <span className="actions">
          <button
            type="button"
            className="button button-primary"
            onClick={() => setDialog('join')}
            disabled={!current}
          >
            <PlusIcon size={14} /> Join server
          </button>
          <button
            type="button"
            className="button button-secondary"
            onClick={() => setDialog('form')}
          >
            Form a cluster
          </button>
        </span>
      </div>
      {current && <ClusterView key={current.name} cluster={current} />}
      {dialogs}
    </div>
  )
}
