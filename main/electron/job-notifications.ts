// Runs in: Electron main.
// Tells the user when a job they started has ended while they were looking elsewhere: a system
// notification that brings the window back when clicked. With the window focused the Jobs panel
// already shows it, so nothing pops up.
import { BrowserWindow, Notification } from 'electron'
import type { Core } from '../core/core'
import { describeFinishedJob } from '../core/jobs/describe'

export function notifyFinishedJobs(core: Core): () => void {
  return core.onJobFinished(({ server, job }) => {
    const focused = BrowserWindow.getFocusedWindow()
    if (focused || !Notification.isSupported()) return
    const { title, body } = describeFinishedJob(server, job)
    const n = new Notification({ title, body, silent: job.state === 'succeeded' })
    n.on('click', () => {
      const [win] = BrowserWindow.getAllWindows()
      if (!win) return
      if (win.isMinimized()) win.restore()
      win.focus()
    })
    n.show()
  })
}
