// Runs in: main, CLI, headless server.
// The clusters and cluster_members tables.
import type { Db } from '../db/open'
import type { NodeRole } from './model'

export interface ClusterRow {
  id: string
  name: string
  swarmId: string
  distribution: 'stream' | 'registry'
  createdAt: number
}

export interface MemberRow {
  clusterId: string
  serverId: string
  nodeId: string
  role: NodeRole
  joinedAt: number
}

interface RawCluster {
  id: string
  name: string
  swarm_id: string
  distribution: 'stream' | 'registry'
  created_at: number
}

interface RawMember {
  cluster_id: string
  server_id: string
  node_id: string
  role: NodeRole
  joined_at: number
}

const cluster = (r: RawCluster): ClusterRow => ({
  id: r.id,
  name: r.name,
  swarmId: r.swarm_id,
  distribution: r.distribution,
  createdAt: r.created_at
})

const member = (r: RawMember): MemberRow => ({
  clusterId: r.cluster_id,
  serverId: r.server_id,
  nodeId: r.node_id,
  role: r.role,
  joinedAt: r.joined_at
})

export class ClusterRepository {
  constructor(private readonly db: Db) {}

  list(): ClusterRow[] {
    return (this.db.prepare('SELECT * FROM clusters ORDER BY name').all() as RawCluster[]).map(
      cluster
    )
  }

  get(name: string): ClusterRow | null {
    const r = this.db.prepare('SELECT * FROM clusters WHERE name = ?').get(name) as
      RawCluster | undefined
    return r ? cluster(r) : null
  }

  insert(row: ClusterRow): void {
    this.db
      .prepare(
        'INSERT INTO clusters (id, name, swarm_id, distribution, created_at) VALUES (?, ?, ?, ?, ?)'
      )
      .run(row.id, row.name, row.swarmId, row.distribution, row.createdAt)
  }

  setDistribution(id: string, distribution: 'stream' | 'registry'): void {
    this.db.prepare('UPDATE clusters SET distribution = ? WHERE id = ?').run(distribution, id)
  }

  remove(id: string): void {
    this.db.prepare('DELETE FROM clusters WHERE id = ?').run(id)
  }

  members(clusterId: string): MemberRow[] {
    return (
      this.db
        .prepare('SELECT * FROM cluster_members WHERE cluster_id = ? ORDER BY joined_at, server_id')
        .all(clusterId) as RawMember[]
    ).map(member)
  }

  memberOf(serverId: string): MemberRow | null {
    const r = this.db.prepare('SELECT * FROM cluster_members WHERE server_id = ?').get(serverId) as
      RawMember | undefined
    return r ? member(r) : null
  }

  addMember(row: MemberRow): void {
    this.db
      .prepare(
        'INSERT INTO cluster_members (cluster_id, server_id, node_id, role, joined_at) VALUES (?, ?, ?, ?, ?)'
      )
      .run(row.clusterId, row.serverId, row.nodeId, row.role, row.joinedAt)
  }

  setRole(serverId: string, role: NodeRole): void {
    this.db.prepare('UPDATE cluster_members SET role = ? WHERE server_id = ?').run(role, serverId)
  }

  removeMember(serverId: string): void {
    this.db.prepare('DELETE FROM cluster_members WHERE server_id = ?').run(serverId)
  }
}
