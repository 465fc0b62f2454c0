// Runs in: main (Electron).
// The one window, locked down: isolated, sandboxed, no Node in the page, no navigation away,
// no popups, no permission grants. Links the renderer asks to open are handled elsewhere.
import path from 'node:path'
import { BrowserWindow, session } from 'electron'
import { CONTENT_SECURITY_POLICY } from '../api/csp'
import { originOf } from './sender'

export function createMainWindow(opts: {
  preload: string
  url: string
  allowedOrigins: readonly string[]
  icon?: string
}): BrowserWindow {
  const win = new BrowserWindow({
    width: 1280,
    height: 820,
    minWidth: 900,
    minHeight: 560,
    show: false,
    title: 'Pier',
    icon: opts.icon,
    backgroundColor: '#111418',
    webPreferences: {
      preload: path.resolve(opts.preload),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      spellcheck: false
    }
  })

  win.once('ready-to-show', () => win.show())
  win.webContents.setWindowOpenHandler(() => ({ action: 'deny' }))
  win.webContents.on('will-navigate', (event, url) => {
    const origin = originOf(url)
    if (!origin || !opts.allowedOrigins.includes(origin)) event.preventDefault()
  })
  win.webContents.on('will-attach-webview', (event) => event.preventDefault())
  void win.loadURL(opts.url)
  return win
}

export function hardenSession(): void {
  const ses = session.defaultSession
  ses.setPermissionRequestHandler((_wc, _permission, callback) => callback(false))
  ses.setPermissionCheckHandler(() => false)
  // The dev server (electron-vite) serves over http; add the same CSP there as in production.
  ses.webRequest.onHeadersReceived((details, callback) => {
    callback({
      responseHeaders: {
        ...details.responseHeaders,
        'Content-Security-Policy': [CONTENT_SECURITY_POLICY]
      }
    })
  })
}
