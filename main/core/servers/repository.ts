// Runs in: main, CLI, headless server.
// Reads and writes the servers table. Rows are mapped to plain objects so nothing outside
// main/core ever sees SQL column names.
import { randomUUID } from 'node:crypto'
import type { Db } from '../db/open'
import type { AuthMethod, Server } from './model'

export type { AuthMethod, Server }

export interface NewServer {
  name: string
  host: string
  port?: number
  username: string
  authMethod: AuthMethod
  hostKeyType?: string | null
  hostKeyFingerprint?: string | null
}

interface Row {
  id: string
  name: string
  host: string
  port: number
  username: string
  auth_method: AuthMethod
  host_key_type: string | null
  host_key_fingerprint: string | null
  created_at: string
}

const toServer = (r: Row): Server => ({
  id: r.id,
  name: r.name,
  host: r.host,
  port: r.port,
  username: r.username,
  authMethod: r.auth_method,
  hostKeyType: r.host_key_type,
  hostKeyFingerprint: r.host_key_fingerprint,
  createdAt: r.created_at
})

export class ServerRepository {
  constructor(private readonly db: Db) {}

  list(): Server[] {
    const rows = this.db
      .prepare('SELECT * FROM servers ORDER BY name COLLATE NOCASE, id')
      .all() as Row[]
    return rows.map(toServer)
  }

  get(idOrName: string): Server | undefined {
    const row = this.db
      .prepare('SELECT * FROM servers WHERE id = ? OR name = ?')
      .get(idOrName, idOrName) as Row | undefined
    return row ? toServer(row) : undefined
  }

  insert(s: NewServer): Server {
    const id = randomUUID()
    this.db
      .prepare(
        `INSERT INTO servers (id, name, host, port, username, auth_method, host_key_type, host_key_fingerprint)
         VALUES (@id, @name, @host, @port, @username, @authMethod, @hostKeyType, @hostKeyFingerprint)`
      )
      .run({
        id,
        name: s.name,
        host: s.host,
        port: s.port ?? 22,
        username: s.username,
        authMethod: s.authMethod,
        hostKeyType: s.hostKeyType ?? null,
        hostKeyFingerprint: s.hostKeyFingerprint ?? null
      })
    const created = this.get(id)
    if (!created) throw new Error('inserted server row vanished')
    return created
  }
}
