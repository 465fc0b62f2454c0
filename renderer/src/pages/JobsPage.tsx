// Runs in: renderer.
// Every server's jobs in one place. Before any server exists there is nothing to run a job on,
// so the page says to add one first.
import type { JSX } from 'react'
import { NoServersState } from '../components/NoServersState'
import { JobsIcon } from '../components/icons'
import { serverSelectors, useServers } from '../stores/servers'
import { JobsPanel } from './jobs/JobsPanel'

export function JobsPage(): JSX.Element {
  const empty = useServers(serverSelectors.isEmpty)
  if (empty) {
    return <NoServersState page="jobs" icon={<JobsIcon size={22} />} what="Jobs run" />
  }
  return (
    <JobsPanel emptyText="No jobs yet. Deploys, backups and scripts you run on your servers show up here, with their logs." />
  )
}
