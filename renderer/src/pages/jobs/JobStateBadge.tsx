// Runs in: renderer.
// A job's state as a word in a coloured badge (never colour alone).
import type { JSX } from 'react'
import { STATE_LABELS, type JobState } from '../../lib/jobs'

export function JobStateBadge({ state }: { state: JobState }): JSX.Element {
  return (
    <span className={`job-state job-state-${state}`} data-state={state}>
      {STATE_LABELS[state]}
    </span>
  )
}
