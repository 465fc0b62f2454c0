// Runs in: renderer.
// The pages whose features are still to come: say what each will hold, and, for a new user,
// that a server comes first. No buttons for things that do not exist yet.
import type { JSX, ReactNode } from 'react'
import { EmptyState } from '../components/EmptyState'
import { serverSelectors, useServers } from '../stores/servers'
import { setPage } from '../stores/ui'
import { PAGES, type PageId } from './pages'

export function PlaceholderPage({ page, icon }: { page: PageId; icon: ReactNode }): JSX.Element {
  const info = PAGES[page]
  const empty = useServers(serverSelectors.isEmpty)
  const hasServers = useServers(serverSelectors.hasServers)
  return (
    <EmptyState icon={icon} title={info.emptyTitle} labelledBy={`${page}-empty-title`}>
      <p className="lead">{info.about}</p>
      {empty && (
        <div className="callout">
          <p>Everything here runs on one of your servers, so add a server first.</p>
          <button
            type="button"
            className="button button-primary"
            onClick={() => setPage('servers')}
          >
            Go to Servers
          </button>
        </div>
      )}
      {hasServers && <p className="muted">This part of Pier is not in this version yet.</p>}
    </EmptyState>
  )
}
