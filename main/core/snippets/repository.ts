// Runs in: main, CLI, headless server.
// The snippets table: saved commands, one server's or global. A snippet is text for a terminal's
// input; nothing here (or anywhere) runs it as a command line.
import { randomBytes } from 'node:crypto'
import type { Db } from '../db/open'
import { PierError } from '../errors'

export interface Snippet {
  id: string
  /** The server's id, or null for a global snippet. */
  serverId: string | null
  name: string
  command: string
  createdAt: string
  updatedAt: string
}

interface Row {
  id: string
  server_id: string | null
  name: string
  command: string
  created_at: string
  updated_at: string
}

const toSnippet = (r: Row): Snippet => ({
  id: r.id,
  serverId: r.server_id,
  name: r.name,
  command: r.command,
  createdAt: r.created_at,
  updatedAt: r.updated_at
})

export interface SnippetInput {
  id?: string
  serverId: string | null
  name: string
  command: string
}

const ORDER = 'ORDER BY server_id IS NOT NULL DESC, name COLLATE NOCASE, id'

export class SnippetRepository {
  constructor(private readonly db: Db) {}

  /** One server's snippets and the global ones (server first); every snippet when undefined. */
  list(serverId?: string): Snippet[] {
    const rows = (
      serverId === undefined
        ? this.db.prepare(`SELECT * FROM snippets ${ORDER}`).all()
        : this.db
            .prepare(`SELECT * FROM snippets WHERE server_id = ? OR server_id IS NULL ${ORDER}`)
            .all(serverId)
    ) as Row[]
    return rows.map(toSnippet)
  }

  get(id: string): Snippet {
    const row = this.db.prepare('SELECT * FROM snippets WHERE id = ?').get(id) as Row | undefined
    if (!row)
      throw new PierError(
        'not_found',
        'No such snippet.',
        'It may have been deleted; reload the list.'
      )
    return toSnippet(row)
  }

  save(input: SnippetInput): Snippet {
    if (input.id === undefined) {
      const id = randomBytes(8).toString('hex')
      this.db
        .prepare('INSERT INTO snippets (id, server_id, name, command) VALUES (?, ?, ?, ?)')
        .run(id, input.serverId, input.name, input.command)
      return this.get(id)
    }
    const r = this.db
      .prepare(
        `UPDATE snippets SET server_id = ?, name = ?, command = ?,
           updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = ?`
      )
      .run(input.serverId, input.name, input.command, input.id)
    if (r.changes === 0) this.get(input.id)
    return this.get(input.id)
  }

  remove(id: string): Snippet {
    const s = this.get(id)
    this.db.prepare('DELETE FROM snippets WHERE id = ?').run(id)
    return s
  }
}
