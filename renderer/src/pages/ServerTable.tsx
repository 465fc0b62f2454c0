// Runs in: renderer.
// The known servers: connection status, login, and the OS and Docker version from this session's
// last check of each. Every value is rendered as text. A row opens the server's detail; the name
// is a real button so the keyboard gets there too.
import type { JSX } from 'react'
import type { ServerSummary } from '../../../main/api/contract'
import { StatusDot } from '../components/StatusDot'
import { useNow } from '../hooks/useNow'
import { dockerSummary, osSummary } from '../lib/check'
import { formatLogin } from '../lib/format'
import { exactTime, relativeTime } from '../lib/time'
import { serverOpsSelectors, useServerOps } from '../stores/server-ops'
import { serverStatusSelectors, useServerStatus } from '../stores/server-status'
import { openServer } from '../stores/ui'

const NOT_CHECKED = 'Not checked yet in this session: open the server and run a check.'

function Facts({ serverId }: { serverId: string }): JSX.Element {
  const report = useServerOps(serverOpsSelectors.report(serverId))
  if (!report) {
    return (
      <>
        <td className="muted" title={NOT_CHECKED}>
          —
        </td>
        <td className="muted" title={NOT_CHECKED}>
          —
        </td>
      </>
    )
  }
  const docker = dockerSummary(report)
  return (
    <>
      <td className="cell-clip" title={`${report.os} · ${report.kernel} · ${report.arch}`}>
        {osSummary(report)}
      </td>
      <td className={docker.ok ? 'mono' : 'cell-warn'}>{docker.text}</td>
    </>
  )
}

function Row({ server, now }: { server: ServerSummary; now: number }): JSX.Element {
  const status = useServerStatus(serverStatusSelectors.of(server.id))
  // While the link is up the server is being seen right now; the stored time is from its last
  // connect, which can be long ago for a link that has stayed up.
  const lastSeen = status?.state === 'ready' ? 'Now' : relativeTime(server.lastSeenAt, now)
  return (
    <tr
      data-server-id={server.id}
      data-server-name={server.name}
      onClick={() => openServer(server.id)}
    >
      <th scope="row" className="cell-name">
        <button
          type="button"
          className="link-button"
          onClick={(e) => {
            // The row handles mouse clicks anywhere; this is the keyboard's way in.
            e.stopPropagation()
            openServer(server.id)
          }}
        >
          {server.name}
        </button>
      </th>
      <td>
        <StatusDot status={status} />
      </td>
      <td>
        <span className="mono">{formatLogin(server.username, server.host, server.port)}</span>
      </td>
      <Facts serverId={server.id} />
      <td title={exactTime(server.lastSeenAt)}>{lastSeen}</td>
    </tr>
  )
}

export function ServerTable({ servers }: { servers: ServerSummary[] }): JSX.Element {
  const now = useNow()
  return (
    <div className="table-wrap">
      <table className="table table-clickable" aria-label="Servers">
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Status</th>
            <th scope="col">Login</th>
            <th scope="col">OS</th>
            <th scope="col">Docker</th>
            <th scope="col">Last seen</th>
          </tr>
        </thead>
        <tbody>
          {servers.map((s) => (
            <Row key={s.id} server={s} now={now} />
          ))}
        </tbody>
      </table>
    </div>
  )
}
