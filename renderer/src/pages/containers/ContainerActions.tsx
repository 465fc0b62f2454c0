// Runs in: renderer.
// The actions a container's state allows: Start when it is stopped, Stop / Restart / Pause when
// it runs, Unpause when paused, and Remove, which asks first (the owner shows the dialog).
// "Shell" opens a terminal tab with a shell inside the container (a Docker exec with a TTY);
// only a running container has one to give.
import type { JSX } from 'react'
import { containerActions } from '../../actions'
import { Spinner } from '../../components/Spinner'
import type { ContainerRow } from '../../../../main/core/docker/model'
import { containerKey } from '../../lib/containers'
import { containerSelectors, useContainers, type ContainerVerb } from '../../stores/containers'
import { terminalActions } from '../../stores/terminals'
import { setPage } from '../../stores/ui'

const BUSY: Record<ContainerVerb, string> = {
  start: 'Starting…',
  stop: 'Stopping…',
  restart: 'Restarting…',
  pause: 'Pausing…',
  unpause: 'Resuming…',
  remove: 'Removing…'
}

export function verbsFor(state: string): ContainerVerb[] {
  switch (state) {
    case 'running':
      return ['stop', 'restart', 'pause']
    case 'paused':
      return ['unpause', 'stop']
    case 'restarting':
      return ['stop']
    case 'removing':
      return []
    default:
      return ['start']
  }
}

const LABEL: Record<ContainerVerb, string> = {
  start: 'Start',
  stop: 'Stop',
  restart: 'Restart',
  pause: 'Pause',
  unpause: 'Unpause',
  remove: 'Remove…'
}

export function ContainerActions({
  row,
  onRemove,
  shell = false
}: {
  row: ContainerRow
  onRemove: (row: ContainerRow) => void
  /** Show the Shell button too: in the detail, not on every row. */
  shell?: boolean
}): JSX.Element {
  const entry = useContainers(containerSelectors.action(containerKey(row)))
  const busy = entry?.status === 'running'
  return (
    <span className="container-actions" data-busy={busy || undefined}>
      {busy ? (
        <span className="container-busy" role="status">
          <Spinner size={12} /> {BUSY[entry.verb]}
        </span>
      ) : (
        verbsFor(row.state).map((verb) => (
          <button
            key={verb}
            type="button"
            className="button button-secondary button-small"
            data-action={verb}
            aria-label={`${LABEL[verb]} ${row.name}`}
            onClick={(e) => {
              e.stopPropagation()
              void containerActions.run(row, verb)
            }}
          >
            {LABEL[verb]}
          </button>
        ))
      )}
      {shell && (
        <button
          type="button"
          className="button button-secondary button-small"
          data-action="shell"
          aria-label={`Open a shell in ${row.name}`}
          disabled={row.state !== 'running'}
          title={row.state === 'running' ? undefined : 'Only a running container has a shell'}
          onClick={(e) => {
            e.stopPropagation()
            terminalActions.open('container', { server: row.server, container: row.name })
            setPage('terminals')
          }}
        >
          Shell
        </button>
      )}
      <button
        type="button"
        className="button button-danger-quiet button-small"
        data-action="remove"
        aria-label={`Remove ${row.name}…`}
        disabled={busy}
        onClick={(e) => {
          e.stopPropagation()
          onRemove(row)
        }}
      >
        Remove…
      </button>
    </span>
  )
}
