// Runs in: main, CLI, headless server.
// Migrations are numbered .sql files bundled at build time, so a packaged app, the CLI and the
// tests all apply exactly the same schema steps in the same order.

export interface Migration {
  version: number
  name: string
  sql: string
}

const files = import.meta.glob('./migrations/*.sql', {
  query: '?raw',
  import: 'default',
  eager: true
}) as Record<string, string>

const FILE_NAME = /^(\d{3,})_([a-z0-9_]+)\.sql$/

export function parseMigrations(sources: Record<string, string>): Migration[] {
  const migrations = Object.entries(sources).map(([file, sql]) => {
    const base = file.split('/').pop() ?? file
    const match = FILE_NAME.exec(base)
    if (!match?.[1] || !match[2]) {
      throw new Error(`migration file name "${base}" must look like 001_name.sql`)
    }
    return { version: Number(match[1]), name: match[2], sql }
  })
  migrations.sort((a, b) => a.version - b.version)
  migrations.forEach((m, i) => {
    if (m.version !== i + 1) {
      throw new Error(
        `migrations must be numbered 1..n without gaps; found ${m.version} at position ${i + 1}`
      )
    }
  })
  return migrations
}

export const MIGRATIONS: Migration[] = parseMigrations(files)
export const SCHEMA_VERSION = MIGRATIONS.length
