// Runs in: renderer.
// Every server's jobs in one place. Before any server exists there is nothing to run a job on,
// so the page says to add one first.
import type { JSX } from 'react'
import { EmptyState } from '../components/EmptyState'
import { JobsIcon } from '../components/icons'
import { serverSelectors, useServers } from '../stores/servers'
import { setPage } from '../stores/ui'
import { JobsPanel } from './jobs/JobsPanel'
import { PAGES } from './pages'

export function JobsPage(): JSX.Element {
  const empty = useServers(serverSelectors.isEmpty)
  if (empty) {
    const info = PAGES.jobs
    return (
      <EmptyState
        icon={<JobsIcon size={22} />}
        title={info.emptyTitle}
        labelledBy="jobs-empty-title"
      >
        <p className="lead">{info.about}</p>
        <div className="callout">
          <p>Jobs run on one of your servers, so add a server first.</p>
          <button
            type="button"
            className="button button-primary"
            onClick={() => setPage('servers')}
          >
            Go to Servers
          </button>
        </div>
      </EmptyState>
    )
  }
  return (
    <JobsPanel emptyText="No jobs yet. Deploys, backups and scripts you run on your servers show up here, with their logs." />
  )
}
