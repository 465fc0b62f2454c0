// Runs in: renderer.
// A server's connection status: a coloured dot and a word, never colour alone, with the reason
// (from main, so rendered as text) in the tooltip.
import type { JSX } from 'react'
import { statusView, type LinkStatus } from '../stores/server-status'

export function StatusDot({ status }: { status: LinkStatus | null }): JSX.Element {
  const view = statusView(status)
  return (
    <span
      className={`status status-${view.tone}`}
      title={view.title}
      data-status={status?.state ?? 'idle'}
    >
      <span className="status-dot" aria-hidden="true" />
      <span className="status-text">{view.text}</span>
    </span>
  )
}
