// Runs in: renderer.
// An app's status as a word in a coloured badge (never colour alone), with why in the tooltip.
import type { JSX } from 'react'
import type { AppHealth } from '../../lib/apps'

export function AppHealthBadge({ health }: { health: AppHealth }): JSX.Element {
  return (
    <span
      className={`app-health app-health-${health.tone}`}
      data-health={health.state}
      title={health.detail}
    >
      <span className="status-dot" aria-hidden="true" />
      {health.label}
    </span>
  )
}
