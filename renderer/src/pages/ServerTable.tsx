// Runs in: renderer.
// The known servers. Every value is rendered as text; fingerprints are shortened for scanning,
// with the full value in the tooltip for an actual comparison.
import type { JSX } from 'react'
import type { ServerSummary } from '../../../main/api/contract'
import { authLabel, formatAddress, keyTypeLabel, shortenFingerprint } from '../lib/format'

function HostKey({ server }: { server: ServerSummary }): JSX.Element {
  const fp = server.hostKeyFingerprint
  if (!fp) {
    return (
      <span className="muted" title="No host key has been accepted for this server yet.">
        Not recorded
      </span>
    )
  }
  const type = keyTypeLabel(server.hostKeyType)
  return (
    <span className="hostkey" title={`${server.hostKeyType ?? 'Host key'} ${fp}`}>
      <code className="mono">{shortenFingerprint(fp)}</code>
      {type && <span className="tag">{type}</span>}
    </span>
  )
}

export function ServerTable({ servers }: { servers: ServerSummary[] }): JSX.Element {
  return (
    <div className="table-wrap">
      <table className="table" aria-label="Servers">
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Address</th>
            <th scope="col">User</th>
            <th scope="col">Auth</th>
            <th scope="col">Host key</th>
          </tr>
        </thead>
        <tbody>
          {servers.map((s) => (
            <tr key={s.id} data-server-id={s.id}>
              <th scope="row" className="cell-name">
                {s.name}
              </th>
              <td>
                <span className="mono">{formatAddress(s.host, s.port)}</span>
              </td>
              <td>
                <span className="mono">{s.username}</span>
              </td>
              <td>{authLabel(s.authMethod)}</td>
              <td>
                <HostKey server={s} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}
