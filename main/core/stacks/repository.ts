// Runs in: main, CLI, headless server.
// The stacks and stack_deployments tables.
import type { Db } from '../db/open'

export interface StackRow {
  id: string
  name: string
  serverId: string
  template: string | null
  services: string[]
  createdAt: number
  updatedAt: number
  /** Taken down (`pier stack down`) and not started since: its domains are not routed. */
  down?: boolean
  /** JSON ComposeInfo (stacks/proxy-overlay.ts) of the last deployed compose file. */
  composeInfo?: string
}

interface Raw {
  id: string
  name: string
  server_id: string
  template: string | null
  services: string
  created_at: number
  updated_at: number
  down: number
  compose_info: string
}

const toRow = (r: Raw): StackRow => ({
  id: r.id,
  name: r.name,
  serverId: r.server_id,
  template: r.template,
  services: JSON.parse(r.services) as string[],
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  down: r.down === 1,
  composeInfo: r.compose_info
})

export class StackRepository {
  constructor(private readonly db: Db) {}

  list(): StackRow[] {
    return (this.db.prepare('SELECT * FROM stacks ORDER BY name').all() as Raw[]).map(toRow)
  }

  get(name: string): StackRow | null {
    const r = this.db.prepare('SELECT * FROM stacks WHERE name = ?').get(name) as Raw | undefined
    return r ? toRow(r) : null
  }

  /** An app deploys as a swarm stack of its own name, so the two share one namespace. */
  isAppName(name: string): boolean {
    return this.db.prepare('SELECT 1 FROM apps WHERE name = ?').get(name) !== undefined
  }

  upsert(row: StackRow): void {
    this.db
      .prepare(
        `INSERT INTO stacks (id, name, server_id, template, services, created_at, updated_at,
           down, compose_info)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT(id) DO UPDATE SET template = excluded.template, services = excluded.services,
           updated_at = excluded.updated_at, down = excluded.down,
           compose_info = excluded.compose_info`
      )
      .run(
        row.id,
        row.name,
        row.serverId,
        row.template,
        JSON.stringify(row.services),
        row.createdAt,
        row.updatedAt,
        row.down ? 1 : 0,
        row.composeInfo ?? '{}'
      )
  }

  setDown(id: string, down: boolean): void {
    this.db.prepare('UPDATE stacks SET down = ? WHERE id = ?').run(down ? 1 : 0, id)
  }

  remove(id: string): void {
    this.db.prepare('DELETE FROM stacks WHERE id = ?').run(id)
  }

  addDeployment(stackId: string, jobId: string, createdAt: number): void {
    this.db
      .prepare('INSERT INTO stack_deployments (stack_id, job_id, created_at) VALUES (?, ?, ?)')
      .run(stackId, jobId, createdAt)
  }
}
