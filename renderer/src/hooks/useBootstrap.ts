// Runs in: renderer.
// The first questions the app asks, and the three live streams: the server list, the servers'
// connection statuses and the job history (which also drives the finished-job notices). Each watch restarts whenever its store bumps `watchEpoch` (Retry after
// updates stopped).
import { useEffect } from 'react'
import { jobActions, serverActions, serverStatusActions, systemActions } from '../actions'
import { jobSelectors, useJobs } from '../stores/jobs'
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

  const jobsEpoch = useJobs(jobSelectors.watchEpoch)
  useEffect(() => jobActions.watch(), [jobsEpoch])
}
