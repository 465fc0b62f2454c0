// Runs in: renderer.
// The cluster's nodes as the swarm reports them: name (the Pier server, else the engine's
// hostname), status in a dot and a word, availability, role with the manager's standing,
// address, engine, CPUs, memory and labels. A change in flight shows on its row; a refused one
// stays on the row with its hint until dismissed.
import type { JSX } from 'react'
import { clusterActions } from '../../actions'
import { Spinner } from '../../components/Spinner'
import type { ClusterNode } from '../../../../main/core/clusters/model'
import {
  availabilityTone,
  nodeLabel,
  nodeStatusView,
  roleText,
  roleTone,
  type NodeChoice
} from '../../lib/clusters'
import { formatBytes } from '../../lib/docker-format'
import { clusterSelectors, useClusters } from '../../stores/clusters'
import { NodeMenu } from './NodeMenu'

function NodeRow({
  cluster,
  node,
  managers,
  onLabels,
  onLeave
}: {
  cluster: string
  node: ClusterNode
  managers: number
  onLabels: (node: ClusterNode) => void
  onLeave: (node: ClusterNode) => void
}): JSX.Element {
  const op = useClusters(clusterSelectors.nodeOp(node.id))
  const status = nodeStatusView(node.status)
  const name = nodeLabel(node)
  const labels = Object.entries(node.labels).sort(([a], [b]) => a.localeCompare(b))
  const choose = (c: NodeChoice): void =>
    void clusterActions.updateNode(cluster, node, c.patch, c.busy)
  return (
    <>
      <tr
        className="node-row"
        data-node={name}
        data-status={node.status}
        data-availability={node.availability}
        data-role={node.role}
      >
        <th scope="row" className="cell-name">
          <span className="node-name">{name}</span>
          {node.server && node.hostname !== node.server && (
            <span className="muted small node-host">{node.hostname}</span>
          )}
        </th>
        <td>
          <span className={`status status-${status.tone}`} data-testid="node-status">
            <span className="status-dot" aria-hidden="true" />
            <span className="status-text">{status.text}</span>
          </span>
        </td>
        <td>
          <span
            className={`tag node-availability tone-${availabilityTone(node.availability)}`}
            data-testid="node-availability"
          >
            {node.availability}
          </span>
        </td>
        <td className={`tone-${roleTone(node)}`} data-testid="node-role">
          {roleText(node)}
        </td>
        <td className="mono">{node.addr}</td>
        <td className="mono">{node.engineVersion}</td>
        <td className="num">{node.cpus}</td>
        <td className="num">{node.memoryBytes ? formatBytes(node.memoryBytes) : '—'}</td>
        <td className="node-labels" data-testid="node-labels">
          {labels.length === 0 ? (
            <span className="muted">—</span>
          ) : (
            labels.map(([k, v]) => (
              <span key={k} className="chip mono" title={`${k}=${v}`}>
                {k}={v}
              </span>
            ))
          )}
        </td>
        <td className="node-actions">
          {op?.status === 'running' ? (
            <span className="node-busy" role="status">
              <Spinner size={12} /> {op.busy}
            </span>
          ) : (
            <NodeMenu
              node={node}
              managers={managers}
              disabled={false}
              onChoice={choose}
              onLabels={() => onLabels(node)}
              onLeave={node.server ? () => onLeave(node) : undefined}
            />
          )}
        </td>
      </tr>
      {op?.status === 'error' && op.error && (
        <tr className="node-error-row">
          <td colSpan={10}>
            <div className="action-error node-error" role="alert">
              <span>
                <strong>{name}:</strong> {op.error.message}
                {op.error.hint && <span className="muted"> {op.error.hint}</span>}
              </span>
              <button
                type="button"
                className="button button-secondary button-small"
                aria-label={`Dismiss the error for ${name}`}
                onClick={() => clusterActions.dismissNodeError(node.id)}
              >
                Dismiss
              </button>
            </div>
          </td>
        </tr>
      )}
    </>
  )
}

export function NodeTable({
  cluster,
  nodes,
  onLabels,
  onLeave
}: {
  cluster: string
  nodes: ClusterNode[]
  onLabels: (node: ClusterNode) => void
  onLeave: (node: ClusterNode) => void
}): JSX.Element {
  const managers = nodes.filter((n) => n.role === 'manager').length
  return (
    <div className="table-wrap">
      <table className="table node-table" aria-label="Nodes">
        <thead>
          <tr>
            <th scope="col">Node</th>
            <th scope="col">Status</th>
            <th scope="col">Availability</th>
            <th scope="col">Role</th>
            <th scope="col">Address</th>
            <th scope="col">Engine</th>
            <th scope="col" className="num">
              CPUs
            </th>
            <th scope="col" className="num">
              Memory
            </th>
            <th scope="col">Labels</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {nodes.map((n) => (
            <NodeRow
              key={n.id}
              cluster={cluster}
              node={n}
              managers={managers}
              onLabels={onLabels}
              onLeave={onLeave}
            />
          ))}
        </tbody>
      </table>
    </div>
  )
}
