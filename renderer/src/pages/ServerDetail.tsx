// Runs in: renderer.
// One server: who and where, its connection status and host key (with the verification panel
// when that key changed or was never verified), a ping, the readiness checklist with Docker
// setup, its jobs with their logs, editing and removal; a second tab holds its monitoring charts.
// Server-provided text (names, reasons, details) is text only.
import { useEffect, useState, type JSX, type KeyboardEvent } from 'react'
import type { ServerSummary } from '../../../main/api/contract'
import { editServerActions, hostKeyActions, serverOpsActions } from '../actions'
import { ErrorBanner } from '../components/ErrorBanner'
import { BackIcon, TerminalsIcon } from '../components/icons'
import { Spinner } from '../components/Spinner'
import { StatusDot } from '../components/StatusDot'
import { useNow } from '../hooks/useNow'
import { osSummary } from '../lib/check'
import { authLabel, formatKb, formatLatency, formatLogin, keyTypeLabel } from '../lib/format'
import { exactTime, relativeTime } from '../lib/time'
import { editServerSelectors, useEditServer } from '../stores/edit-server'
import { hostKeySelectors, isHostKeyCode, useHostKeys } from '../stores/host-key'
import { serverOpsSelectors, useServerOps } from '../stores/server-ops'
import { serverStatusSelectors, useServerStatus } from '../stores/server-status'
import { terminalActions } from '../stores/terminals'
import {
  closeServer,
  setPage,
  setServerTab,
  uiSelectors,
  useUi,
  type ServerTab
} from '../stores/ui'
import { DomainsPanel } from './domains/DomainsPanel'
import { EditServerDialog } from './EditServerDialog'
import { HostKeyPanel } from './HostKeyPanel'
import { JobsPanel } from './jobs/JobsPanel'
import { ServerMonitoring } from './monitoring/ServerMonitoring'
import { RemoveServerDialog } from './RemoveServerDialog'
import { ServerReadiness } from './ServerReadiness'

function Ping({ server }: { server: ServerSummary }): JSX.Element {
  const ping = useServerOps(serverOpsSelectors.ping(server.id))
  const running = ping.status === 'running'
  return (
    <>
      <button
        type="button"
        className="button button-secondary"
        onClick={() => void serverOpsActions.ping(server)}
        disabled={running}
        title="Runs a no-op command over Pier’s SSH connection and times the round trip"
      >
        {running && <Spinner />}
        {running ? 'Pinging…' : 'Ping'}
      </button>
      {ping.status === 'ready' && ping.latencyMs !== null && (
        <span className="ping-result" role="status" data-testid="ping-latency">
          {formatLatency(ping.latencyMs)}
        </span>
      )}
    </>
  )
}

function HostKey({ server }: { server: ServerSummary }): JSX.Element {
  const type = keyTypeLabel(server.hostKeyType)
  const entry = useHostKeys(hostKeySelectors.entry(server.id))
  if (!server.hostKeyFingerprint) {
    const reading = entry?.step === 'probing'
    return (
      <p className="muted detail-hostkey">
        No host key pinned yet: Pier shows it to you to compare on the first connection.
        {(!entry || entry.dismissed) && (
          <button
            type="button"
            className="link-button"
            onClick={() => void hostKeyActions.probe(server, 'unknown')}
            disabled={reading}
          >
            Verify it now…
          </button>
        )}
      </p>
    )
  }
  return (
    <p className="detail-hostkey" title="The host key Pier accepted; it refuses any other">
      <span className="muted">Host key</span>
      {type && <span className="tag">{type}</span>}
      <code className="mono" data-testid="detail-fingerprint">
        {server.hostKeyFingerprint}
      </code>
    </p>
  )
}

function Facts({ server }: { server: ServerSummary }): JSX.Element {
  const report = useServerOps(serverOpsSelectors.report(server.id))
  const now = useNow()
  const status = useServerStatus(serverStatusSelectors.of(server.id))
  return (
    <dl className="facts detail-facts">
      <dt>Sign-in</dt>
      <dd>
        {authLabel(server.authMethod)}
        {server.keyPath && (
          <>
            {' '}
            <code className="mono">{server.keyPath}</code>
          </>
        )}
      </dd>
      <dt>Last seen</dt>
      <dd title={exactTime(server.lastSeenAt)}>
        {status?.state === 'ready' ? 'Now (connected)' : relativeTime(server.lastSeenAt, now)}
      </dd>
      {report && (
        <>
          <dt>System</dt>
          <dd>
            {osSummary(report)} · {report.arch} · kernel {report.kernel}
            {report.cpus !== null && ` · ${report.cpus} CPU${report.cpus === 1 ? '' : 's'}`}
            {report.memory.totalKb !== null && ` · ${formatKb(report.memory.totalKb)} RAM`}
          </dd>
          <dt>Docker</dt>
          <dd>
            {report.docker.version
              ? `Docker ${report.docker.version}${report.docker.apiVersion ? ` (API ${report.docker.apiVersion})` : ''}`
              : 'No version reported'}
            {report.swarm.state !== 'unknown' && ` · swarm ${report.swarm.state}`}
          </dd>
        </>
      )}
    </dl>
  )
}

const TAB_LABELS: Record<ServerTab, string> = { overview: 'Overview', monitoring: 'Monitoring' }

function Tabs({ current }: { current: ServerTab }): JSX.Element {
  const tabs = Object.keys(TAB_LABELS) as ServerTab[]
  // Arrow keys move between tabs, as in any tab list; Tab leaves it.
  const onKey = (e: KeyboardEvent): void => {
    if (e.key !== 'ArrowRight' && e.key !== 'ArrowLeft') return
    const step = e.key === 'ArrowRight' ? 1 : -1
    const next = tabs[(tabs.indexOf(current) + step + tabs.length) % tabs.length] as ServerTab
    setServerTab(next)
    document.getElementById(`server-tab-${next}`)?.focus()
  }
  return (
    <div className="tabs" role="tablist" aria-label="Server" onKeyDown={onKey}>
      {tabs.map((t) => (
        <button
          key={t}
          id={`server-tab-${t}`}
          type="button"
          role="tab"
          className="tab"
          aria-selected={current === t}
          aria-controls={`server-panel-${t}`}
          tabIndex={current === t ? 0 : -1}
          data-tab={t}
          onClick={() => setServerTab(t)}
        >
          {TAB_LABELS[t]}
        </button>
      ))}
    </div>
  )
}

export function ServerDetail({ server }: { server: ServerSummary }): JSX.Element {
  const status = useServerStatus(serverStatusSelectors.of(server.id))
  const ping = useServerOps(serverOpsSelectors.ping(server.id))
  const hostKey = useHostKeys(hostKeySelectors.entry(server.id))
  const editing = useEditServer(editServerSelectors.openFor(server.id))
  const [removing, setRemoving] = useState(false)
  const tab = useUi(uiSelectors.serverTab)
  const keyProblem = isHostKeyCode(status?.code)
  // The status alone says the key changed (or was never verified) but not which key answered:
  // ask, once per status, so the panel can show it.
  const statusCode = status?.code ?? null
  const statusSince = status?.since ?? ''
  useEffect(() => {
    hostKeyActions.probeForStatus(server, { code: statusCode, since: statusSince })
  }, [server, statusCode, statusSince])
  // The panel says it all; a dismissed panel leaves the status line and a way back.
  const panelShown = !!hostKey && !hostKey.dismissed
  const pingKeyFailure = isHostKeyCode(ping.code) && !!hostKey
  return (
    <section className="detail" aria-labelledby="server-title" data-server-id={server.id}>
      <button type="button" className="back-link" onClick={closeServer}>
        <BackIcon /> All servers
      </button>
      <header className="detail-header">
        <div className="detail-heading">
          <h2 id="server-title" className="detail-title">
            {server.name}
          </h2>
          <StatusDot status={status} />
        </div>
        <p className="mono detail-login">
          {formatLogin(server.username, server.host, server.port)}
        </p>
        <HostKey server={server} />
        {status?.state === 'failed' && status.reason && !(keyProblem && panelShown) && (
          <p className="detail-reason" role="alert">
            {status.reason}
            {keyProblem && hostKey?.dismissed && (
              <>
                {' '}
                <button
                  type="button"
                  className="link-button"
                  onClick={() => hostKeyActions.show(server.id)}
                >
                  Review the host key…
                </button>
              </>
            )}
          </p>
        )}
        <div className="actions detail-actions">
          <Ping server={server} />
          <button
            type="button"
            className="button button-secondary"
            onClick={() => {
              terminalActions.open('shell', { server: server.name })
              setPage('terminals')
            }}
          >
            <TerminalsIcon /> Open terminal
          </button>
          <span className="actions-gap" />
          <button
            type="button"
            className="button button-secondary"
            onClick={() => editServerActions.open(server)}
          >
            Edit…
          </button>
          <button
            type="button"
            className="button button-danger-quiet"
            onClick={() => setRemoving(true)}
          >
            Remove…
          </button>
        </div>
      </header>
      <HostKeyPanel server={server} />
      {ping.status === 'error' && ping.error && !pingKeyFailure && (
        <ErrorBanner
          title="Ping failed."
          error={ping.error}
          onRetry={() => serverOpsActions.ping(server)}
        />
      )}
      <Tabs current={tab} />
      <div
        className="tab-panel"
        role="tabpanel"
        id={`server-panel-${tab}`}
        aria-labelledby={`server-tab-${tab}`}
      >
        {tab === 'overview' ? (
          <>
            <Facts server={server} />
            <ServerReadiness server={server} />
            <DomainsPanel server={server.name} />
            <JobsPanel
              serverId={server.id}
              emptyText={`No jobs on ${server.name} yet. Deploys, backups and scripts Pier runs there show up here, with their logs.`}
            />
          </>
        ) : (
          <ServerMonitoring server={server} />
        )}
      </div>
      {removing && <RemoveServerDialog server={server} onClose={() => setRemoving(false)} />}
      {editing && <EditServerDialog />}
    </section>
  )
}
