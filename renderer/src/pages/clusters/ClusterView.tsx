// Runs in: renderer.
// One cluster, live: the view owns its `cluster.watch` (the nodes now and after each node or
// service event, at least every 5 s) and stops it when it goes or the cluster changes; the
// services are asked again after each snapshot and every few seconds in between, since task
// failures produce no node event.
import { useEffect, useState, type JSX } from 'react'
import { clusterActions } from '../../actions'
import { ErrorBanner } from '../../components/ErrorBanner'
import { AlertIcon, InfoIcon } from '../../components/icons'
import { Spinner } from '../../components/Spinner'
import type { Cluster, ClusterNode } from '../../../../main/core/clusters/model'
import { warningTone } from '../../lib/clusters'
import { clusterSelectors, useClusters } from '../../stores/clusters'
import { LabelsDialog } from './LabelsDialog'
import { LeaveClusterDialog } from './LeaveClusterDialog'
import { NodeTable } from './NodeTable'
import { ServicesSection } from './ServicesSection'

const SERVICES_EVERY_MS = 5_000

export function ClusterView({ cluster }: { cluster: Cluster }): JSX.Element {
  const name = cluster.name
  const epoch = useClusters(clusterSelectors.watchEpoch)
  const view = useClusters(clusterSelectors.view)
  const live = useClusters(clusterSelectors.live)
  const liveError = useClusters(clusterSelectors.liveError)
  const [labels, setLabels] = useState<ClusterNode | null>(null)
  const [leaving, setLeaving] = useState<ClusterNode | null>(null)

  useEffect(() => clusterActions.watch(name), [name, epoch])
  useEffect(() => {
    const timer = setInterval(() => void clusterActions.loadServices(name), SERVICES_EVERY_MS)
    return () => clearInterval(timer)
  }, [name])

  const shown = view?.cluster === name ? view : null
  const member = (n: ClusterNode) => cluster.members.find((m) => m.server === n.server)
  return (
    <div className="cluster-view" data-cluster={name} data-live={live}>
      {liveError && (
        <ErrorBanner
          title={shown ? 'Live updates stopped; the nodes below may be stale.' : undefined}
          error={liveError}
          onRetry={clusterActions.retry}
        />
      )}
      {shown && shown.warnings.length > 0 && (
        <ul className="cluster-warnings" aria-label="Warnings">
          {shown.warnings.map((w) => {
            const tone = warningTone(w)
            return (
              <li key={w} className={`cluster-warning cluster-warning-${tone}`} data-tone={tone}>
                <span className="banner-icon" aria-hidden="true">
                  {tone === 'info' ? <InfoIcon size={16} /> : <AlertIcon size={16} />}
                </span>
                <span>{w}</span>
              </li>
            )
          })}
        </ul>
      )}
      <section className="cluster-nodes" aria-labelledby="cluster-nodes-title">
        <div className="section-header">
          <h2 id="cluster-nodes-title" className="section-title">
            Nodes
          </h2>
          <span className={`live live-${live}`} data-testid="cluster-live">
            <span className="live-dot" aria-hidden="true" />
            {live === 'live' ? 'Live' : live === 'connecting' ? 'Connecting…' : 'Not live'}
          </span>
        </div>
        <p className="cluster-images" data-testid="cluster-images">
          {cluster.distribution === 'registry'
            ? `Release images: pushed to Pier’s registry on the manager; each node pulls them through 127.0.0.1 (change: pier cluster set ${name} --images stream).`
            : `Release images: streamed over SSH from this computer during each deploy (change: pier cluster set ${name} --images registry).`}
        </p>
        {shown ? (
          <NodeTable cluster={name} nodes={shown.nodes} onLabels={setLabels} onLeave={setLeaving} />
        ) : (
          !liveError && (
            <p className="loading" role="status">
              <Spinner /> Asking the manager for the nodes…
            </p>
          )
        )}
      </section>
      <ServicesSection cluster={name} />
      {labels && <LabelsDialog cluster={name} node={labels} onClose={() => setLabels(null)} />}
      {leaving?.server && (
        <LeaveClusterDialog
          cluster={name}
          server={leaving.server}
          role={member(leaving)?.role ?? leaving.role}
          last={cluster.members.length <= 1}
          onClose={() => setLeaving(null)}
        />
      )}
    </div>
  )
}
