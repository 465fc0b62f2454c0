// Runs in: renderer.
// Removing an app takes its service off the server with Pier's release images and its folder
// under ~/.pier/apps, so the user types the app's name first. Named volumes stay.
import type { JSX } from 'react'
import { appActions } from '../../actions'
import { ConfirmByNameDialog } from '../../components/ConfirmByNameDialog'
import type { AppRecord } from '../../lib/apps'
import { appSelectors, useApps } from '../../stores/apps'
import { closeApp } from '../../stores/ui'

export function RemoveAppDialog({
  app,
  onClose
}: {
  app: AppRecord
  onClose: () => void
}): JSX.Element {
  const op = useApps(appSelectors.op(app.name, 'remove'))
  return (
    <ConfirmByNameDialog
      name={app.name}
      idPrefix="remove-app"
      inputLabel="App name to confirm"
      op={op}
      onConfirm={() => {
        void appActions.remove(app.name).then((err) => {
          if (!err) closeApp()
        })
      }}
      onCancel={() => {
        appActions.dismissOp(app.name, 'remove')
        onClose()
      }}
    >
      <p>
        This stops the app on {app.server} and removes its service, the release images Pier tagged
        for it and <code className="mono">~/.pier/apps/{app.name}</code>, so it cannot be rolled
        back. Its secret values leave your keychain. Named volumes stay on the server.
      </p>
    </ConfirmByNameDialog>
  )
}
