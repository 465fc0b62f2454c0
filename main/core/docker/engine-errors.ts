// Runs in: main, CLI, headless server.
// The engine's and the tunnel's failures as PierErrors a person can act on.
import { PierError } from '../errors'

interface ModemError {
  statusCode?: number
  reason?: string
  json?: { message?: string } | string | null
  message?: string
}

const SETUP_HINT = (server: string): string =>
  `Run \`pier server setup-docker ${server}\` to install and start Docker, or check \`systemctl status docker\` on the server.`
const GROUP_HINT = (server: string): string =>
  `Add the SSH user to the docker group on ${server} (\`sudo usermod -aG docker USER\`, then reconnect), or run \`pier server setup-docker ${server}\`.`

export function engineMessage(e: ModemError): string {
  const json = e.json
  const fromJson = typeof json === 'object' && json?.message ? json.message : null
  return (fromJson ?? (typeof json === 'string' ? json : null) ?? e.reason ?? e.message ?? '')
    .toString()
    .trim()
}

/** What the socket looked like when a channel to it could not be opened. */
export type SocketState = 'missing' | 'denied' | 'ok' | 'unknown'

export function socketError(server: string, state: SocketState, cause: unknown): PierError {
  if (state === 'missing')
    return new PierError(
      'docker_unavailable',
      `Docker is not running on ${server}: there is no /var/run/docker.sock.`,
      SETUP_HINT(server),
      { cause }
    )
  if (state === 'denied')
    return new PierError(
      'docker_denied',
      `The SSH user on ${server} may not use the Docker socket (permission denied).`,
      GROUP_HINT(server),
      { cause }
    )
  return new PierError(
    'docker_unavailable',
    `Could not reach the Docker engine on ${server}: ${cause instanceof Error ? cause.message : String(cause)}.`,
    SETUP_HINT(server),
    { cause }
  )
}

/**
 * Maps an engine answer to a PierError. `what` names the object the request was about
 * ("container web-1"), for the 404 message.
 */
export function engineError(server: string, err: unknown, what?: string): Error {
  if (err instanceof PierError) return err
  const e = (err ?? {}) as ModemError
  const message = engineMessage(e)
  switch (e.statusCode) {
    case 404:
      return new PierError(
        'not_found',
        what ? `There is no ${what} on ${server}.` : `Not found on ${server}: ${message}`,
        what?.startsWith('container')
          ? `See \`pier docker ps ${server} --all\` for its containers.`
          : 'Refresh the list; it may have been removed meanwhile.',
        { cause: err }
      )
    case 409:
      return new PierError('docker_conflict', `${server}: ${message}`, conflictHint(message), {
        cause: err
      })
    case 400:
      return new PierError(
        'invalid_input',
        `${server}: ${message}`,
        'Check the value and try again.',
        {
          cause: err
        }
      )
    case 403:
      return new PierError('docker_denied', `${server}: ${message}`, GROUP_HINT(server), {
        cause: err
      })
  }
  if (typeof e.statusCode === 'number')
    return new PierError(
      'docker_failed',
      `The Docker engine on ${server} answered ${e.statusCode}: ${message}`,
      'Try again; if it persists, look at the engine log (`journalctl -u docker`) on the server.',
      { cause: err }
    )
  return new PierError(
    'connection_lost',
    `Lost the Docker engine on ${server}: ${message || String(err)}`,
    'Pier reconnects by itself; try again in a moment.',
    { cause: err }
  )
}

function conflictHint(message: string): string {
  if (/running container|stop the container|cannot remove a running/i.test(message))
    return 'Stop it first, or remove it with --force.'
  if (/is being used|image is referenced|in use/i.test(message))
    return 'Remove the containers that use it first, or use --force.'
  return 'Refresh and try again.'
}
