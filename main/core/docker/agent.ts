// Runs in: main, CLI, headless server.
// The Docker engine's HTTP API over a server's pooled SSH connection: every HTTP connection is a
// direct-streamlocal channel to the engine's unix socket on that one connection, kept alive and
// reused. Not docker-modem's protocol 'ssh', which logs in again for every request and needs a
// docker CLI on the server.
import http from 'node:http'
import { inspect } from 'node:util'
import type { Duplex } from 'node:stream'
import Docker from 'dockerode'
import type { Client, ClientChannel } from 'ssh2'

export const DOCKER_SOCKET = '/var/run/docker.sock'

// http.Agent calls these net.Socket methods on whatever createConnection hands it.
const SOCKET_METHODS = ['setKeepAlive', 'setNoDelay', 'setTimeout', 'ref', 'unref'] as const

function asSocket(channel: ClientChannel): Duplex {
  const s = channel as unknown as Record<string, unknown>
  for (const method of SOCKET_METHODS) {
    if (typeof s[method] !== 'function') {
      s[method] = function (this: unknown) {
        return this
      }
    }
  }
  if (typeof s.destroySoon !== 'function') s.destroySoon = channel.destroy.bind(channel)
  // A channel closed by the server or by a dropped connection must never be handed out again
  // as a kept-alive socket: the agent skips destroyed sockets and forgets closed ones.
  channel.once('close', () => {
    if (!channel.destroyed) channel.destroy()
  })
  return channel
}

type AgentCallback = (error: Error | null, socket?: Duplex) => void

export interface AgentOptions {
  socketPath?: string
  /** Concurrent HTTP connections; log follows and the events stream each hold one. */
  maxSockets?: number
  /**
   * Idle connections kept open for reuse. Measured: with 8 idle channels left over from a
   * burst (one stats refresh), every later sequential request took ~50 ms instead of ~5 ms on
   * the same connection; with 1 it stays ~5 ms. Opening a channel again costs one round trip.
   */
  maxFreeSockets?: number
  /** Called when a channel cannot be opened (e.g. to explain a missing socket). */
  onOpenError?: (error: Error) => Error | Promise<Error>
}

/**
 * An http.Agent whose connections are streamlocal channels on `client()`. The client is asked
 * for on every new connection, so after the link reconnects new channels go to the new client.
 */
export function sshStreamAgent(client: () => Promise<Client>, opts: AgentOptions = {}): http.Agent {
  const socketPath = opts.socketPath ?? DOCKER_SOCKET
  const agent = new http.Agent({
    keepAlive: true,
    maxSockets: opts.maxSockets ?? 32,
    maxFreeSockets: opts.maxFreeSockets ?? 1
  })
  const createConnection = (_options: unknown, callback: AgentCallback): undefined => {
    // Must return undefined so the agent waits for the callback; returning the Client (an arrow
    // function without braces would) makes Node use it as the socket.
    const fail = (error: Error): void => {
      void Promise.resolve(opts.onOpenError ? opts.onOpenError(error) : error).then(
        (e) => callback(e),
        (e: unknown) => callback(e instanceof Error ? e : new Error(String(e)))
      )
    }
    client().then(
      (conn) =>
        conn.openssh_forwardOutStreamLocal(socketPath, (error, channel) => {
          if (error) fail(error)
          else callback(null, asSocket(channel))
        }),
      (error: unknown) => fail(error instanceof Error ? error : new Error(String(error)))
    )
    return undefined
  }
  agent.createConnection = createConnection as unknown as http.Agent['createConnection']
  // docker-modem formats each request's options, agent included, with util.inspect at unlimited
  // depth (for a debug line nobody enabled): through the sockets into the whole SSH client. That
  // cost grows with the connection's state until a busy view spends its time formatting.
  Object.defineProperty(agent, inspect.custom, { value: () => `[Docker agent ${socketPath}]` })
  return agent
}

/** dockerode whose requests all travel through `agent`. */
export function dockerWithAgent(agent: http.Agent): Docker {
  // docker-modem uses `agent` for every request; @types/dockerode just doesn't declare it.
  const options: Docker.DockerOptions & { agent: http.Agent } = {
    protocol: 'http',
    host: 'docker',
    port: 80,
    agent
  }
  return new Docker(options)
}

/** dockerode over one already-connected ssh2 client (tests, benchmarks, one-off tools). */
export function dockerOverSsh(conn: Client, socketPath = DOCKER_SOCKET): Docker {
  return dockerWithAgent(sshStreamAgent(() => Promise.resolve(conn), { socketPath }))
}
