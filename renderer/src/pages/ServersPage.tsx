// Runs in: renderer.
// The Servers page: the list (or the first-run steps), a server's detail when one is open, and
// the Add Server wizard and the ~/.ssh/config import over either.
import type { JSX } from 'react'
import { addServerActions, importActions, serverActions, serverStatusActions } from '../actions'
import { ErrorBanner } from '../components/ErrorBanner'
import { PlusIcon } from '../components/icons'
import { serverSelectors, useServers, type LiveStatus } from '../stores/servers'
import { serverStatusSelectors, useServerStatus } from '../stores/server-status'
import { uiSelectors, useUi } from '../stores/ui'
import { AddServerWizard } from './AddServerWizard'
import { ImportSshConfigDialog } from './ImportSshConfigDialog'
import { ServerDetail } from './ServerDetail'
import { ServersEmpty } from './ServersEmpty'
import { ServerTable } from './ServerTable'

const LIVE_TEXT: Record<LiveStatus, string> = {
  idle: '',
  connecting: 'Connecting…',
  live: 'Live',
  stopped: 'Updates stopped'
}

function ServerList(): JSX.Element {
  const servers = useServers(serverSelectors.servers)
  const live = useServers(serverSelectors.live)
  return (
    <section aria-labelledby="server-list-title">
      <div className="section-header">
        <h2 id="server-list-title" className="section-title">
          {servers.length === 1 ? '1 server' : `${servers.length} servers`}
        </h2>
        <div className="actions">
          {LIVE_TEXT[live] && (
            <span className={`live live-${live}`} role="status">
              <span className="live-dot" aria-hidden="true" />
              {LIVE_TEXT[live]}
            </span>
          )}
          <button
            type="button"
            className="button button-secondary"
            onClick={() => importActions.open()}
          >
            Import from ~/.ssh/config
          </button>
          <button
            type="button"
            className="button button-primary"
            onClick={() => addServerActions.open()}
          >
            <PlusIcon />
            Add server…
          </button>
        </div>
      </div>
      <ServerTable servers={servers} />
    </section>
  )
}

function Body(): JSX.Element {
  const servers = useServers(serverSelectors.servers)
  const serverId = useUi(uiSelectors.serverId)
  const selected = serverId ? servers.find((s) => s.id === serverId) : undefined
  if (selected) return <ServerDetail server={selected} />
  return servers.length === 0 ? <ServersEmpty /> : <ServerList />
}

export function ServersPage(): JSX.Element {
  const status = useServers(serverSelectors.status)
  const error = useServers(serverSelectors.error)
  const liveError = useServers(serverSelectors.liveError)
  const statusError = useServerStatus(serverStatusSelectors.liveError)

  if (status === 'error' && error) {
    return (
      <ErrorBanner
        title="Pier could not load your servers."
        error={error}
        onRetry={serverActions.retry}
      />
    )
  }
  if (status === 'loading') {
    return (
      <p className="loading" role="status">
        Loading servers…
      </p>
    )
  }
  return (
    <>
      {liveError && (
        <ErrorBanner
          title="Live updates to the server list stopped."
          error={liveError}
          onRetry={serverActions.retry}
        />
      )}
      {statusError && (
        <ErrorBanner
          title="Connection statuses stopped updating; the dots may be out of date."
          error={statusError}
          onRetry={serverStatusActions.retry}
        />
      )}
      <Body />
      <AddServerWizard />
      <ImportSshConfigDialog />
    </>
  )
}
