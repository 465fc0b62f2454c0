// Runs in: renderer.
// The empty state of a page whose contents live on servers, shown while Pier has none: what the
// page is for, and the way to the Servers page.
import type { JSX, ReactNode } from 'react'
import { PAGES, type PageId } from '../pages/pages'
import { setPage } from '../stores/ui'
import { EmptyState } from './EmptyState'

export function NoServersState({
  page,
  icon,
  what
}: {
  page: PageId
  icon: ReactNode
  /** e.g. "Apps run": completes "… on one of your servers, so add a server first." */
  what: string
}): JSX.Element {
  const info = PAGES[page]
  return (
    <EmptyState icon={icon} title={info.emptyTitle} labelledBy={`${page}-empty-title`}>
      <p className="lead">{info.about}</p>
      <div className="callout">
        <p>{what} on one of your servers, so add a server first.</p>
        <button type="button" className="button button-primary" onClick={() => setPage('servers')}>
          Go to Servers
        </button>
      </div>
    </EmptyState>
  )
}
