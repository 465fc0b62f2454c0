// Runs in: renderer.
// A page's list of things it manages (apps, databases), drawn the same way on each page: a
// loading line, the empty state that explains the page and offers Create, or the titled list
// with Create in its header and a quiet line when the live status could not be refreshed.
import type { JSX, ReactNode } from 'react'
import type { UiError } from '../lib/errors'
import { EmptyState } from './EmptyState'

export interface ListSectionProps {
  /** The page: its id names the element ids and the section's class, its title heads the list. */
  page: { id: string; title: string; emptyTitle: string; about: string }
  icon: ReactNode
  create: ReactNode
  list: {
    status: 'loading' | 'ready' | 'error'
    empty: boolean
    statusError: UiError | null
  }
  children: ReactNode
}

export function ListSection({ page, icon, create, list, children }: ListSectionProps): JSX.Element {
  const { id, title } = page
  const { status, empty, statusError } = list
  if (status === 'loading')
    return (
      <p className="loading" role="status">
        {`Loading ${id}…`}
      </p>
    )
  if (status === 'ready' && empty)
    return (
      <EmptyState icon={icon} title={page.emptyTitle} labelledBy={`${id}-empty-title`}>
        <p className="lead">{page.about}</p>
        <div className="callout">{create}</div>
      </EmptyState>
    )
  return (
    <section className={`${id}-list`} aria-labelledby={`${id}-title`}>
      <div className="section-header">
        <h2 id={`${id}-title`} className="section-title">
          {title}
        </h2>
        <span className="actions-gap" />
        {create}
      </div>
      {statusError && (
        <p className="muted" role="status">
          Status not updated: {statusError.message}
        </p>
      )}
      {children}
    </section>
  )
}
