// Runs in: main, CLI, headless server.
// A shell inside a container: a Docker exec with a TTY, attached through the engine's HTTP
// upgrade over the server's SSH tunnel (no docker CLI, no extra login). bash when the image has
// it, else sh. Resizes go to the exec's TTY; the exit code comes from inspecting the exec.
import type { Duplex } from 'node:stream'
import type Docker from 'dockerode'
import type { Engine } from '../docker/engines'
import type { TerminalBackend } from './session'

const SHELL = 'if command -v bash >/dev/null 2>&1; then exec bash -l; else exec sh -l; fi'

export async function containerBackend(
  engine: Engine,
  container: string,
  size: { cols: number; rows: number }
): Promise<TerminalBackend> {
  const exec: Docker.Exec = await engine.call(
    (d) =>
      d.getContainer(container).exec({
        Cmd: ['/bin/sh', '-c', SHELL],
        AttachStdin: true,
        AttachStdout: true,
        AttachStderr: true,
        Tty: true,
        Env: ['TERM=xterm-256color']
      }),
    `open a shell in ${container}`
  )
  const stream = (await engine.call(
    () => exec.start({ hijack: true, stdin: true, Tty: true }),
    `attach to the shell in ${container}`
  )) as Duplex
  const resize = (cols: number, rows: number): Promise<void> =>
    exec.resize({ h: rows, w: cols }).then(
      () => undefined,
      () => undefined
    )
  // Engine 20.10 cannot size an exec's TTY at start (ConsoleSize needs API 1.42), so the first
  // size is set right after. It is awaited: a command typed sooner would see the engine's default.
  await resize(size.cols, size.rows)
  let ended = false
  return {
    onData: (listener) => stream.on('data', listener),
    onEnd: (listener) => {
      const done = (): void => {
        if (ended) return
        ended = true
        exec.inspect().then(
          (info) => listener(typeof info.ExitCode === 'number' ? info.ExitCode : null, null),
          () => listener(null, null)
        )
      }
      stream.once('end', done)
      stream.once('close', done)
    },
    write: (data) => void stream.write(data),
    endInput: () => stream.end(),
    resize: (cols, rows) => void resize(cols, rows),
    pause: () => stream.pause(),
    resume: () => stream.resume(),
    close: () => stream.destroy()
  }
}
