// Runs in: renderer.
// The first questions the app asks, and the server list's live updates. The watch restarts
// whenever the store bumps `watchEpoch` (Retry after updates stopped).
import { useEffect } from 'react'
import { serverActions, systemActions } from '../actions'
import { serverSelectors, useServers } from '../stores/servers'

export function useBootstrap(): void {
  useEffect(() => {
    void systemActions.load()
    void serverActions.load()
  }, [])

  const epoch = useServers(serverSelectors.watchEpoch)
  useEffect(() => serverActions.watch(), [epoch])
}
