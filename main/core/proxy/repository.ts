// Runs in: main, CLI, headless server.
// The domains table: which app, or which service of a compose stack, each domain (and path
// prefix) routes to, and how TLS is done.
import type { Db } from '../db/open'
import { tlsMode, type TlsMode } from './model'

export interface DomainRow {
  id: string
  appId: string | null
  appName: string | null
  stackId: string | null
  stackName: string | null
  service: string | null
  /** The stack is down (`pier stack down`): its domains are kept but not routed. */
  stackDown: boolean
  serverId: string
  domain: string
  path: string
  tls: TlsMode
  port: number | null
  preview: boolean
  fromTemplate: boolean
  createdAt: number
}

interface Raw {
  id: string
  app_id: string | null
  app_name: string | null
  stack_id: string | null
  stack_name: string | null
  stack_down: number | null
  service: string | null
  server_id: string
  domain: string
  path: string
  tls: string
  port: number | null
  preview: number
  from_template: number
  created_at: number
}

const SELECT = `SELECT d.*, a.name AS app_name, s.name AS stack_name, s.down AS stack_down,
    COALESCE(a.server_id, s.server_id) AS server_id
  FROM domains d LEFT JOIN apps a ON a.id = d.app_id LEFT JOIN stacks s ON s.id = d.stack_id`

const toRow = (r: Raw): DomainRow => ({
  id: r.id,
  appId: r.app_id,
  appName: r.app_name,
  stackId: r.stack_id,
  stackName: r.stack_name,
  service: r.service,
  stackDown: r.stack_down === 1,
  serverId: r.server_id,
  domain: r.domain,
  path: r.path,
  tls: tlsMode.parse(r.tls),
  port: r.port,
  preview: r.preview === 1,
  fromTemplate: r.from_template === 1,
  createdAt: r.created_at
})

export type NewDomainRow = Omit<
  DomainRow,
  'appName' | 'stackName' | 'stackDown' | 'serverId' | 'fromTemplate'
> & { fromTemplate?: boolean }

export class DomainRepository {
  constructor(private readonly db: Db) {}

  list(): DomainRow[] {
    return (this.db.prepare(`${SELECT} ORDER BY d.domain, d.path`).all() as Raw[]).map(toRow)
  }

  forServer(serverId: string): DomainRow[] {
    return (
      this.db
        .prepare(`${SELECT} WHERE COALESCE(a.server_id, s.server_id) = ? ORDER BY d.domain, d.path`)
        .all(serverId) as Raw[]
    ).map(toRow)
  }

  forStack(stackId: string): DomainRow[] {
    return (
      this.db
        .prepare(`${SELECT} WHERE d.stack_id = ? ORDER BY d.domain, d.path`)
        .all(stackId) as Raw[]
    ).map(toRow)
  }

  find(domain: string, path: string): DomainRow | null {
    const r = this.db.prepare(`${SELECT} WHERE d.domain = ? AND d.path = ?`).get(domain, path) as
      Raw | undefined
    return r ? toRow(r) : null
  }

  insert(row: NewDomainRow): void {
    this.db
      .prepare(
        `INSERT INTO domains (id, app_id, stack_id, service, domain, path, tls, port, preview,
           from_template, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`
      )
      .run(
        row.id,
        row.appId,
        row.stackId,
        row.service,
        row.domain,
        row.path,
        row.tls,
        row.port,
        row.preview ? 1 : 0,
        row.fromTemplate ? 1 : 0,
        row.createdAt
      )
  }

  remove(id: string): void {
    this.db.prepare('DELETE FROM domains WHERE id = ?').run(id)
  }
}
