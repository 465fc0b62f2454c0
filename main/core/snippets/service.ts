// Runs in: main, CLI, headless server.
// Snippets by server name, as the API speaks, over the repository's server ids.
import type { ServersService } from '../servers/service'
import { SnippetRepository, type Snippet } from './repository'
import type { SnippetView } from './model'
import type { Db } from '../db/open'

export interface SaveSnippet {
  id?: string
  /** A server name, or null/absent for a global snippet. */
  server?: string | null
  name: string
  command: string
}

export class SnippetsService {
  private readonly repo: SnippetRepository

  constructor(
    db: Db,
    private readonly servers: ServersService
  ) {
    this.repo = new SnippetRepository(db)
  }

  private view(s: Snippet): SnippetView {
    const names = new Map(this.servers.list().map((x) => [x.id, x.name]))
    const { serverId, ...rest } = s
    return { ...rest, server: serverId === null ? null : (names.get(serverId) ?? null) }
  }

  list(server?: string): SnippetView[] {
    const id = server === undefined ? undefined : this.servers.get(server).id
    return this.repo.list(id).map((s) => this.view(s))
  }

  save(input: SaveSnippet): SnippetView {
    const serverId = input.server ? this.servers.get(input.server).id : null
    return this.view(
      this.repo.save({ id: input.id, serverId, name: input.name, command: input.command })
    )
  }

  remove(id: string): SnippetView {
    return this.view(this.repo.remove(id))
  }
}
