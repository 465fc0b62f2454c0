// Runs in: main, CLI, headless server.
// The apps, app_releases and app_deployments tables. Specs are JSON checked by zod on the way
// out, so a row written by an older Pier is read as the current model or refused loudly.
import type { Db } from '../db/open'
import {
  appSource,
  appSpec,
  releaseSchema,
  type AppSource,
  type AppSpec,
  type Release
} from './model'

export interface AppRow {
  id: string
  name: string
  serverId: string
  /** The cluster the app runs on; null for an app on one server. */
  clusterId: string | null
  source: AppSource
  spec: AppSpec
  /** A git app's deploy public key; null for other sources. */
  deployKey: string | null
  createdAt: number
  updatedAt: number
}

interface RawApp {
  id: string
  name: string
  server_id: string
  cluster_id: string | null
  source: string
  spec: string
  deploy_key: string | null
  created_at: number
  updated_at: number
}

const toRow = (r: RawApp): AppRow => ({
  id: r.id,
  name: r.name,
  serverId: r.server_id,
  clusterId: r.cluster_id,
  source: appSource.parse(JSON.parse(r.source)),
  spec: appSpec.parse(JSON.parse(r.spec)),
  deployKey: r.deploy_key,
  createdAt: r.created_at,
  updatedAt: r.updated_at
})

export interface DeploymentRow {
  jobId: string
  kind: 'deploy' | 'rollback'
  target: number | null
  createdAt: number
}

export class AppRepository {
  constructor(private readonly db: Db) {}

  list(): AppRow[] {
    return (this.db.prepare('SELECT * FROM apps ORDER BY name').all() as RawApp[]).map(toRow)
  }

  get(name: string): AppRow | null {
    const r = this.db.prepare('SELECT * FROM apps WHERE name = ?').get(name) as RawApp | undefined
    return r ? toRow(r) : null
  }

  insert(row: AppRow): void {
    this.db
      .prepare(
        'INSERT INTO apps (id, name, server_id, cluster_id, source, spec, deploy_key, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)'
      )
      .run(
        row.id,
        row.name,
        row.serverId,
        row.clusterId,
        JSON.stringify(row.source),
        JSON.stringify(row.spec),
        row.deployKey,
        row.createdAt,
        row.updatedAt
      )
  }

  update(id: string, source: AppSource, spec: AppSpec, now: number): void {
    this.db
      .prepare('UPDATE apps SET source = ?, spec = ?, updated_at = ? WHERE id = ?')
      .run(JSON.stringify(source), JSON.stringify(spec), now, id)
  }

  setDeployKey(id: string, publicKey: string | null): void {
    this.db.prepare('UPDATE apps SET deploy_key = ? WHERE id = ?').run(publicKey, id)
  }

  remove(id: string): void {
    this.db.prepare('DELETE FROM apps WHERE id = ?').run(id)
  }

  addDeployment(appId: string, d: DeploymentRow): void {
    this.db
      .prepare(
        'INSERT INTO app_deployments (app_id, job_id, kind, target, created_at) VALUES (?, ?, ?, ?, ?)'
      )
      .run(appId, d.jobId, d.kind, d.target, d.createdAt)
  }

  deployments(appId: string): DeploymentRow[] {
    return this.db
      .prepare(
        'SELECT job_id AS jobId, kind, target, created_at AS createdAt FROM app_deployments WHERE app_id = ? ORDER BY created_at DESC, rowid DESC'
      )
      .all(appId) as DeploymentRow[]
  }

  /** Replaces the app's releases with the server's account of them (one transaction). */
  replaceReleases(appId: string, releases: readonly Release[]): void {
    const del = this.db.prepare('DELETE FROM app_releases WHERE app_id = ?')
    const ins = this.db.prepare(
      `INSERT INTO app_releases (app_id, number, image, image_id, digest, config, git_commit, job_id, created_at, pruned, current)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`
    )
    this.db.transaction(() => {
      del.run(appId)
      for (const r of releases)
        ins.run(
          appId,
          r.number,
          r.image,
          r.imageId,
          r.digest,
          JSON.stringify(r.config),
          r.commit,
          r.jobId,
          r.createdAt,
          r.pruned ? 1 : 0,
          r.current ? 1 : 0
        )
    })()
  }

  releases(appId: string): Release[] {
    const rows = this.db
      .prepare('SELECT * FROM app_releases WHERE app_id = ? ORDER BY number DESC')
      .all(appId) as {
      number: number
      image: string
      image_id: string
      digest: string | null
      config: string
      git_commit: string | null
      job_id: string | null
      created_at: number
      pruned: number
      current: number
    }[]
    return rows.map((r) =>
      releaseSchema.parse({
        number: r.number,
        image: r.image,
        imageId: r.image_id,
        digest: r.digest,
        config: JSON.parse(r.config),
        commit: r.git_commit,
        jobId: r.job_id,
        createdAt: r.created_at,
        pruned: r.pruned === 1,
        current: r.current === 1
      })
    )
  }
}
