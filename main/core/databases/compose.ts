// Runs in: main, CLI, headless server.
// Renders a database as a compose file for `docker stack deploy` (JSON, which is YAML too). The
// password reaches the container only as a swarm secret made from the job's 0600 secrets file
// ($PIER_SECRETS/PASSWORD), read by the official images through their *_FILE variables, so the
// kept compose file, the service spec and every command line stay free of it.
import { DB_NETWORK, innerName, USERS, type Engine } from './model'

const DATA_DIRS: Record<Engine, string> = {
  postgres: '/var/lib/postgresql/data',
  mysql: '/var/lib/mysql',
  mariadb: '/var/lib/mysql',
  mongo: '/data/db',
  redis: '/data'
}

function environment(name: string, engine: Engine): Record<string, string> {
  const db = innerName(name)
  const pw = '/run/secrets/password'
  switch (engine) {
    case 'postgres':
      return {
        POSTGRES_USER: USERS.postgres ?? 'pier',
        POSTGRES_DB: db,
        POSTGRES_PASSWORD_FILE: pw
      }
    case 'mysql':
      return { MYSQL_DATABASE: db, MYSQL_ROOT_PASSWORD_FILE: pw }
    case 'mariadb':
      return { MARIADB_DATABASE: db, MARIADB_ROOT_PASSWORD_FILE: pw }
    case 'mongo':
      return {
        MONGO_INITDB_ROOT_USERNAME: USERS.mongo ?? 'pier',
        MONGO_INITDB_ROOT_PASSWORD_FILE: pw
      }
    case 'redis':
      return {}
  }
}

/** Redis has no password variable: its config file (a second secret) carries requirepass. */
export function redisConf(password: string): string {
  const quoted = password.replace(/\\/g, '\\\\').replace(/"/g, '\\"')
  return `requirepass "${quoted}"\n`
}

export function renderDbCompose(name: string, engine: Engine, image: string): string {
  const secrets: Record<string, unknown> = { password: { file: '${PIER_SECRETS}/PASSWORD' } }
  const service: Record<string, unknown> = {
    image: image.replace(/\$/g, '$$$$'),
    environment: environment(name, engine),
    secrets: ['password'],
    volumes: [{ type: 'volume', source: 'data', target: DATA_DIRS[engine] }],
    networks: [DB_NETWORK],
    labels: { 'pier.db': name },
    stop_grace_period: '30s',
    deploy: {
      replicas: 1,
      endpoint_mode: 'dnsrr',
      labels: { 'pier.db': name, 'pier.db.engine': engine },
      // A database must never run twice on one volume: the old task stops first.
      update_config: { parallelism: 1, order: 'stop-first' },
      restart_policy: { condition: 'any', delay: '2s' }
    }
  }
  if (engine === 'redis') {
    secrets.redis_conf = { file: '${PIER_SECRETS}/REDIS_CONF' }
    service.secrets = ['password', { source: 'redis_conf', target: 'redis.conf' }]
    service.command = ['redis-server', '/run/secrets/redis.conf']
  }
  return (
    JSON.stringify(
      {
        version: '3.8',
        services: { db: service },
        secrets,
        volumes: { data: {} },
        networks: { [DB_NETWORK]: { external: true, name: DB_NETWORK } }
      },
      null,
      2
    ) + '\n'
  )
}
