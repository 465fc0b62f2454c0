// Runs in: main, CLI, headless server.
// One dockerode per server, over that server's pooled SSH link. Every call goes through
// `call()`, which turns engine and tunnel failures into PierErrors; a channel that cannot be
// opened is explained by looking at the socket over the same link.
import type Docker from 'dockerode'
import type { ServersService } from '../servers/service'
import type { SshPool } from '../ssh/pool'
import { shJoin } from '../ssh/quote'
import { DOCKER_SOCKET, dockerWithAgent, sshStreamAgent } from './agent'
import { engineError, socketError, type SocketState } from './engine-errors'
import { PierError } from '../errors'

export interface Engine {
  /** The server's name in Pier (rows are tagged with it). */
  server: string
  serverId: string
  docker: Docker
  /** Runs one engine request; failures come back as PierErrors naming `what`. */
  call<T>(fn: (docker: Docker) => Promise<T>, what?: string): Promise<T>
  /** The engine's API version, e.g. "1.41" (asked once). */
  apiVersion(): Promise<string>
}

const PROBE =
  'if [ ! -e "$1" ]; then echo missing; elif [ -r "$1" ] && [ -w "$1" ]; then echo ok; else echo denied; fi'

/** Compares "1.41" with "1.40" numerically. */
export function apiAtLeast(version: string, wanted: string): boolean {
  const [a = 0, b = 0] = version.split('.').map(Number)
  const [c = 0, d = 0] = wanted.split('.').map(Number)
  return a > c || (a === c && b >= d)
}

export class DockerEngines {
  private readonly engines = new Map<string, Engine>()

  constructor(private readonly deps: { servers: ServersService; pool: SshPool }) {}

  /** The engine of the server with this name (throws not_found for an unknown name). */
  get(serverName: string): Engine {
    const server = this.deps.servers.get(serverName)
    let engine = this.engines.get(server.id)
    if (engine && engine.server === server.name) return engine
    engine = this.create(server.id, server.name)
    this.engines.set(server.id, engine)
    return engine
  }

  private async probe(serverId: string): Promise<SocketState> {
    try {
      const r = await this.deps.pool
        .link(serverId)
        .exec(shJoin(['sh', '-c', PROBE, 'pier', DOCKER_SOCKET]), { timeoutMs: 10_000 })
      const word = r.stdout.trim()
      return word === 'missing' || word === 'denied' || word === 'ok' ? word : 'unknown'
    } catch {
      return 'unknown'
    }
  }

  private create(serverId: string, server: string): Engine {
    const agent = sshStreamAgent(() => this.deps.pool.link(serverId).client(), {
      onOpenError: async (error) => {
        // The link's own failures (auth, host key, unreachable) already say what to do.
        if (error instanceof PierError) return error
        return socketError(server, await this.probe(serverId), error)
      }
    })
    const docker = dockerWithAgent(agent)
    let version: Promise<string> | undefined
    const call = async <T>(fn: (d: Docker) => Promise<T>, what?: string): Promise<T> => {
      try {
        return await fn(docker)
      } catch (err) {
        throw engineError(server, err, what)
      }
    }
    return {
      server,
      serverId,
      docker,
      call,
      apiVersion: () => {
        version ??= call((d) => d.version()).then(
          (v) => v.ApiVersion,
          (err: unknown) => {
            version = undefined
            throw err
          }
        )
        return version
      }
    }
  }

  forget(serverId: string): void {
    this.engines.delete(serverId)
  }
}
