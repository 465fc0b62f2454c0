// Runs in: renderer.
// The frame every empty page shares: an icon, a heading, what goes here, and what to do.
import type { JSX, ReactNode } from 'react'

export interface EmptyStateProps {
  icon: ReactNode
  title: string
  children: ReactNode
  labelledBy?: string
}

export function EmptyState({ icon, title, children, labelledBy }: EmptyStateProps): JSX.Element {
  const headingId = labelledBy ?? `empty-${title.toLowerCase().replace(/\W+/g, '-')}`
  return (
    <section className="empty" aria-labelledby={headingId}>
      <div className="empty-icon">{icon}</div>
      <h2 id={headingId} className="empty-title">
        {title}
      </h2>
      {children}
    </section>
  )
}
