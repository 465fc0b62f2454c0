// Runs in: renderer.
// Removing an app takes its service off the server with Pier's release images and its folder
// under ~/.pier/apps, so the user types the app's name first. Named volumes stay.
import { useState, type JSX } from 'react'
import { appActions } from '../../actions'
import { ErrorBanner } from '../../components/ErrorBanner'
import { Modal } from '../../components/Modal'
import { Spinner } from '../../components/Spinner'
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
  const [typed, setTyped] = useState('')
  const removing = op?.status === 'running'
  const cancel = (): void => {
    if (removing) return
    appActions.dismissOp(app.name, 'remove')
    onClose()
  }
  return (
    <Modal labelledBy="remove-app-title" describedBy="remove-app-what" onCancel={cancel}>
      <form
        className="modal-body"
        onSubmit={(e) => {
          e.preventDefault()
          if (typed !== app.name) return
          void appActions.remove(app.name).then((err) => {
            if (!err) closeApp()
          })
        }}
      >
        <h2 id="remove-app-title" className="modal-title">
          Remove {app.name}?
        </h2>
        <div id="remove-app-what" className="modal-text">
          <p>
            This stops the app on {app.server} and removes its service, the release images Pier
            tagged for it and <code className="mono">~/.pier/apps/{app.name}</code>, so it cannot be
            rolled back. Its secret values leave your keychain. Named volumes stay on the server.
          </p>
          <label className="field">
            <span className="field-label">
              Type <code className="mono">{app.name}</code> to confirm
            </span>
            <input
              className="input mono"
              value={typed}
              onChange={(e) => setTyped(e.target.value)}
              aria-label="App name to confirm"
              spellCheck={false}
              autoComplete="off"
              disabled={removing}
              data-autofocus
            />
          </label>
        </div>
        {op?.status === 'error' && op.error && (
          <ErrorBanner title={`${app.name} was not removed.`} error={op.error} />
        )}
        <footer className="wizard-footer">
          <button
            type="button"
            className="button button-secondary"
            onClick={cancel}
            disabled={removing}
          >
            Cancel
          </button>
          <button
            type="submit"
            className="button button-danger"
            disabled={removing || typed !== app.name}
          >
            {removing && <Spinner />}
            {removing ? 'Removing…' : `Remove ${app.name}`}
          </button>
        </footer>
      </form>
    </Modal>
  )
}
