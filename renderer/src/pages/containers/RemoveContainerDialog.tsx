// Runs in: renderer.
// Confirms removing a container, naming it and its server. A running container needs force
// (the engine refuses otherwise), and the dialog says that it will be killed first.
import type { JSX } from 'react'
import { containerActions } from '../../actions'
import { ConfirmDialog } from '../../components/ConfirmDialog'
import type { ContainerRow } from '../../../../main/core/docker/model'
import { containerKey } from '../../lib/containers'
import { useContainers } from '../../stores/containers'

export function RemoveContainerDialog({
  row,
  onClose
}: {
  row: ContainerRow
  onClose: () => void
}): JSX.Element {
  const running = row.state === 'running' || row.state === 'paused' || row.state === 'restarting'
  return (
    <ConfirmDialog
      title={`Remove ${row.name}?`}
      confirmLabel={running ? 'Stop and remove' : 'Remove container'}
      busyLabel="Removing…"
      onClose={() => {
        containerActions.dismissActionError(containerKey(row))
        onClose()
      }}
      onConfirm={async () => {
        const ok = await containerActions.run(row, 'remove', { force: running })
        if (ok) return null
        const key = containerKey(row)
        const error = useContainers.getState().actions[key]?.error ?? null
        containerActions.dismissActionError(key)
        return error
      }}
    >
      <p>
        The container <strong className="mono">{row.name}</strong> on {row.server} is deleted, with
        whatever it wrote outside its volumes.{' '}
        {running ? 'It is running: it will be killed first. ' : ''}Named volumes stay.
      </p>
    </ConfirmDialog>
  )
}
