// Runs in: renderer.
import type { JSX } from 'react'
import { serverActions } from '../actions'
import { ErrorBanner } from '../components/ErrorBanner'
import { serverSelectors, useServers, type LiveStatus } from '../stores/servers'
import { ServersEmpty } from './ServersEmpty'
import { ServerTable } from './ServerTable'

const LIVE_TEXT: Record<LiveStatus, string> = {
  idle: '',
  connecting: 'Connecting…',
  live: 'Live',
  stopped: 'Updates stopped'
}

export function ServersPage(): JSX.Element {
  const servers = useServers(serverSelectors.servers)
  const status = useServers(serverSelectors.status)
  const error = useServers(serverSelectors.error)
  const live = useServers(serverSelectors.live)
  const liveError = useServers(serverSelectors.liveError)

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
      {servers.length === 0 ? (
        <ServersEmpty />
      ) : (
        <section aria-labelledby="server-list-title">
          <div className="section-header">
            <h2 id="server-list-title" className="section-title">
              {servers.length === 1 ? '1 server' : `${servers.length} servers`}
            </h2>
            {LIVE_TEXT[live] && (
              <span className={`live live-${live}`} role="status">
                <span className="live-dot" aria-hidden="true" />
                {LIVE_TEXT[live]}
              </span>
            )}
          </div>
          <ServerTable servers={servers} />
        </section>
      )}
    </>
  )
}
