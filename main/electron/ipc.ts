// Runs in: main (Electron).
// The Electron transport: the preload hands main one MessagePort per window; main checks who
// sent it and then serves the whole API contract over that port.
import { ipcMain, type IpcMainEvent, type MessagePortMain } from 'electron'
import type { Handlers } from '../api/router'
import { servePipe } from '../api/serve-pipe'
import { CONNECT_CHANNEL, type Pipe, type ServerMessage } from '../api/wire'
import { isTrustedSender } from './sender'

function portPipe(port: MessagePortMain): Pipe<unknown, ServerMessage> {
  return {
    send: (m) => port.postMessage(m),
    onMessage: (fn) => port.on('message', (e) => fn(e.data)),
    onClose: (fn) => port.on('close', fn)
  }
}

export function registerIpc(handlers: Handlers, allowedOrigins: () => readonly string[]): void {
  ipcMain.on(CONNECT_CHANNEL, (event: IpcMainEvent) => {
    const port = event.ports[0]
    if (!port) return
    if (!isTrustedSender(event.senderFrame, allowedOrigins())) {
      console.warn(`pier: refused IPC from untrusted frame ${event.senderFrame?.url ?? '(gone)'}`)
      port.close()
      return
    }
    servePipe(handlers, portPipe(port), 'electron')
    port.start()
  })
}
