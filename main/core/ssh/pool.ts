// Runs in: main, CLI, headless server.
// Exactly one ServerLink per server. Everything that talks to a server asks the pool, so a burst
// of work shares one login; statuses of all servers are observable in one place.
import type { ConnectTarget, Connected } from './connect'
import { ServerLink, type LinkStatus } from './link'

export interface PoolOptions {
  target: (serverId: string) => Promise<ConnectTarget>
  onStatus?: (serverId: string, status: LinkStatus) => void
  onConnected?: (serverId: string, c: Connected) => void
}

export class SshPool {
  private readonly links = new Map<string, ServerLink>()

  constructor(private readonly opts: PoolOptions) {}

  link(serverId: string): ServerLink {
    let link = this.links.get(serverId)
    if (!link) {
      link = new ServerLink({
        target: () => this.opts.target(serverId),
        onStatus: (s) => this.opts.onStatus?.(serverId, s),
        onConnected: (c) => this.opts.onConnected?.(serverId, c)
      })
      this.links.set(serverId, link)
    }
    return link
  }

  status(serverId: string): LinkStatus | null {
    return this.links.get(serverId)?.status ?? null
  }

  drop(serverId: string): void {
    this.links.get(serverId)?.close()
    this.links.delete(serverId)
  }

  closeAll(): void {
    for (const id of [...this.links.keys()]) this.drop(id)
  }
}
