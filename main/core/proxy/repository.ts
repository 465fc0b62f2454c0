// Runs in: main, CLI, headless server.
// The domains table: which app each domain (and path prefix) routes to, and how TLS is done.
import type { Db } from '../db/open'
import { tlsMode, type TlsMode } from './model'

export interface DomainRow {
  id: string
  appId: string
  appName: string
  serverId: string
  domain: string
  path: string
  tls: TlsMode
  port: number | null
  preview: boolean
  createdAt: number
}

interface Raw {
  id: string
  app_id: string
  app_name: string
  server_id: string
  domain: string
  path: string
  tls: string
  port: number | null
  preview: number
  created_at: number
}

const SELECT = `SELECT d.*, a.name AS app_name, a.server_id AS server_id
  FROM domains d JOIN apps a ON a.id = d.app_id`

const toRow = (r: Raw): DomainRow => ({
  id: r.id,
  appId: r.app_id,
  appName: r.app_name,
  serverId: r.server_id,
  domain: r.domain,
  path: r.path,
  tls: tlsMode.parse(r.tls),
  port: r.port,
  preview: r.preview === 1,
  createdAt: r.created_at
})

export class DomainRepository {
  constructor(private readonly db: Db) {}

  list(): DomainRow[] {
    return (this.db.prepare(`${SELECT} ORDER BY d.domain, d.path`).all() as Raw[]).map(toRow)
  }

  forServer(serverId: string): DomainRow[] {
    return (
      this.db
        .prepare(`${SELECT} WHERE a.server_id = ? ORDER BY d.domain, d.path`)
        .all(serverId) as Raw[]
    ).map(toRow)
  }

  find(domain: string, path: string): DomainRow | null {
    const r = this.db.prepare(`${SELECT} WHERE d.domain = ? AND d.path = ?`).get(domain, path) as
      Raw | undefined
    return r ? toRow(r) : null
  }

  insert(row: Omit<DomainRow, 'appName' | 'serverId'>): void {
    this.db
      .prepare(
        `INSERT INTO domains (id, app_id, domain, path, tls, port, preview, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`
      )
      .run(
        row.id,
        row.appId,
        row.domain,
        row.path,
        row.tls,
        row.port,
        row.preview ? 1 : 0,
        row.createdAt
      )
  }

  remove(id: string): void {
    this.db.prepare('DELETE FROM domains WHERE id = ?').run(id)
  }
}
