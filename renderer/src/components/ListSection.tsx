// Runs in: renderer.
// A page's list of things it manages (apps, databases), drawn the same way on each page: a
// loading line, the empty state that explains the page and offers Create, or the titled list
// with Create in its header and a quiet line when the live status could not be refreshed.
import type { JSX, ReactNode } from 'react'
import type { UiError } from '../lib/errors'
import { EmptyState } from './EmptyState'

export interface ListSectionProps {
  /** Names the element ids and the section's class: `${id}-title`, `${id}-list`. */
  id: string
  title: string
  /** Plural, for "Loading apps…". */
  noun: string
  status: 'loading' | 'ready' | 'error'
  empty: boolean
  icon: ReactNode
  /** The page's description, shown when there is nothing yet. */
  page: { emptyTitle: string; about: string }
  create: ReactNode
  statusError: UiError | null
  children: ReactNode
}

export function ListSection({
  id,
  title,
  noun,
  status,
  empty,
  icon,
  page,
  create,
  statusError,
  children
}: ListSectionProps): JSX.Element {
  if (status === 'loading')
    return (
      <p className="loading" role="status">
        {`Loading ${noun}…`}
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
