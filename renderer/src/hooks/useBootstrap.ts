// Runs in: renderer.
// The first questions the app asks, and the two live streams: the server list and the servers'
// connection statuses. Each watch restarts whenever its store bumps `watchEpoch` (Retry after
// updates stopped).
import { useEffect } from 'react'
import { serverActions, serverStatusActions, systemActions } from '../actions'
import { serverSelectors, useServers } from '../stores/servers'
import { serverStatusSelectors, useServerStatus } from '../stores/server-status'

export function useBootstrap(): void {
  useEffect(() => {
    void systemActions.load()
    void serverActions.load()
  }, [])

  const epoch = useServers(serverSelectors.watchEpoch)
  useEffect(() => serverActions.watch(), [epoch])

  const statusEpoch = useServerStatus(serverStatusSelectors.watchEpoch)
  useEffect(() => serverStatusActions.watch(), [statusEpoch])
}
