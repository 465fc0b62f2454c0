// Runs in: main (Electron). The desktop entry point: app lifecycle only; the work is in main/core.
import path from 'node:path'
import { app, BrowserWindow, dialog, shell } from 'electron'
import { isPierError } from '../core/errors'
import { createCore, type Core } from '../core/core'
import { notifyAlerts, notifyFinishedJobs } from './notifications'
import { createHandlers } from '../api/router'
import { registerIpc } from './ipc'
import { APP_ORIGIN, registerAppScheme, serveRenderer } from './protocol'
import { hardenSession, createMainWindow } from './window'

// Only a development build may load its UI from electron-vite's dev server: in a packaged app
// that variable would otherwise make any origin trusted by the IPC sender check.
const devUrl = app.isPackaged ? undefined : process.env.ELECTRON_RENDERER_URL
const allowedOrigins = devUrl ? [new URL(devUrl).origin] : [APP_ORIGIN]

// The packaged app's `pier` launcher runs `Pier --pier-cli <args>`: the CLI inside Electron's
// Node, with the native modules electron-builder rebuilt, and no window.
const cliAt = process.argv.indexOf('--pier-cli')
if (cliAt !== -1) {
  app.dock?.hide()
  void import('../cli/run').then(async ({ main }) =>
    app.exit(await main(process.argv.slice(cliAt + 1)))
  )
} else {
  startDesktop()
}

function startDesktop(): void {
  registerAppScheme()
  if (!app.requestSingleInstanceLock()) {
    app.quit()
    return
  }
  let core: Core | undefined

  function openWindow(): void {
    createMainWindow({
      preload: path.join(__dirname, '../preload/index.js'),
      url: devUrl ?? `${APP_ORIGIN}/index.html`,
      allowedOrigins,
      icon: path.join(app.getAppPath(), 'resources', 'icon.png')
    })
  }

  app
    .whenReady()
    .then(() => {
      core = createCore({ trackJobs: true })
      core.autoPull.start()
      notifyFinishedJobs(core)
      notifyAlerts(core)
      hardenSession()
      serveRenderer(path.join(__dirname, '../renderer'))
      // The URL was checked to be http(s) by the contract before this runs.
      registerIpc(
        createHandlers(core, { openExternal: (url) => shell.openExternal(url) }),
        () => allowedOrigins
      )
      openWindow()
      app.on('activate', () => {
        if (BrowserWindow.getAllWindows().length === 0) openWindow()
      })
    })
    .catch((err: unknown) => {
      // Started from a menu there is no terminal: say what went wrong and what to do in a dialog.
      console.error('pier: failed to start:', err)
      const message = err instanceof Error ? err.message : String(err)
      const hint = isPierError(err) ? err.hint : 'This is a bug in Pier; please report it.'
      dialog.showErrorBox('Pier cannot start', `${message}\n\n${hint}`)
      app.exit(1)
    })

  app.on('second-instance', () => {
    const [win] = BrowserWindow.getAllWindows()
    if (win) {
      if (win.isMinimized()) win.restore()
      win.focus()
    }
  })

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit()
  })

  app.on('will-quit', () => core?.close())
}
