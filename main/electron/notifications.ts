// Runs in: Electron main.
// System notifications for what happens while the user looks elsewhere: a job they started has
// ended, or a server delivered (or failed to deliver) an alert. Clicking brings the window back.
// A finished job with the window focused shows in the Jobs panel instead, so nothing pops up.
import { BrowserWindow, Notification } from 'electron'
import type { Core } from '../core/core'
import { describeFinishedJob } from '../core/jobs/describe'

function show(title: string, body: string, silent: boolean): void {
  if (!Notification.isSupported()) return
  const n = new Notification({ title, body, silent })
  n.on('click', () => {
    const [win] = BrowserWindow.getAllWindows()
    if (!win) return
    if (win.isMinimized()) win.restore()
    win.focus()
  })
  n.show()
}

export function notifyAlerts(core: Core): () => void {
  return core.onAlerts((events) => {
    for (const e of events.slice(0, 5)) {
      const what = e.metric === 'down' ? 'a container is down' : `${e.metric} at ${e.value ?? '?'}%`
      show(
        `Alert on ${e.server}`,
        e.delivered
          ? `${what}; the webhook was called.`
          : `${what}; not delivered: ${e.error ?? ''}`,
        false
      )
    }
  })
}

export function notifyFinishedJobs(core: Core): () => void {
  return core.onJobFinished(({ server, job }) => {
    if (BrowserWindow.getFocusedWindow()) return
    const { title, body } = describeFinishedJob(server, job)
    show(title, body, job.state === 'succeeded')
  })
}
