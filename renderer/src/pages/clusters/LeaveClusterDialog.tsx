// Runs in: renderer.
// Confirms taking a server out of its cluster, and says what that does: its tasks move to the
// other nodes, a manager is demoted first, and the server gets its own single-node swarm back
// (as Pier's Docker setup left it) so its own apps can deploy again. The last member keeps the
// swarm and its services; only Pier forgets the cluster.
import type { JSX } from 'react'
import { clusterActions } from '../../actions'
import { ConfirmDialog } from '../../components/ConfirmDialog'

export function LeaveClusterDialog({
  cluster,
  server,
  role,
  last,
  onClose
}: {
  cluster: string
  server: string
  role: 'worker' | 'manager'
  /** The cluster's only member: leaving forgets the cluster and keeps the swarm. */
  last: boolean
  onClose: () => void
}): JSX.Element {
  return (
    <ConfirmDialog
      title={`Take ${server} out of ${cluster}?`}
      confirmLabel="Leave cluster"
      busyLabel="Leaving…"
      onClose={onClose}
      onConfirm={() => clusterActions.leave(server)}
    >
      {last ? (
        <p>
          <strong>{server}</strong> is the last member: Pier forgets the cluster {cluster}, and the
          server keeps its swarm with every service on it.
        </p>
      ) : (
        <>
          <p>
            Its tasks move to the other nodes.{' '}
            {role === 'manager' ? 'It is demoted to a worker first, then ' : 'It '}leaves the swarm
            and gets its own single-node swarm back, so its own apps can deploy again.
          </p>
          <p className="muted small">Images and volumes on {server} stay.</p>
        </>
      )}
    </ConfirmDialog>
  )
}
