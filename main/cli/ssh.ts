// Runs in: CLI.
// `pier ssh SERVER`: a shell on a server in the user's own terminal, through the same code as
// the app's terminals (pooled connection, pinned host key, flow-controlled output). With a
// terminal on both ends it is interactive (raw mode, a pty of the window's size, resizes follow);
// with a pipe (`echo uptime | pier ssh web`) it runs what stdin says without a pty and exits with
// the remote shell's exit code, like ssh(1). 255 means the connection, not the shell, failed.
import type { Core } from '../core/core'

export async function sshCommand(core: Core, server: string): Promise<number> {
  const tty = process.stdin.isTTY === true && process.stdout.isTTY === true
  const session = await core.terminals.openShell(server, {
    cols: process.stdout.columns ?? 80,
    rows: process.stdout.rows ?? 24,
    pty: tty,
    term: process.env.TERM || 'xterm-256color'
  })
  const onInput = (d: Buffer): void => session.write(d)
  const onEnd = (): void => session.endInput()
  const onResize = (): void =>
    session.resize(process.stdout.columns ?? 80, process.stdout.rows ?? 24)
  if (tty) process.stdin.setRawMode(true)
  process.stdin.on('data', onInput)
  process.stdin.on('end', onEnd)
  process.stdout.on('resize', onResize)
  let code = 255
  try {
    for await (const event of session.events()) {
      if (event.t === 'out') process.stdout.write(event.data, () => session.ack(event.bytes))
      else code = event.code ?? 255
    }
  } finally {
    process.stdin.off('data', onInput)
    process.stdin.off('end', onEnd)
    process.stdout.off('resize', onResize)
    if (tty) process.stdin.setRawMode(false)
    process.stdin.pause()
    session.close()
  }
  return code
}
