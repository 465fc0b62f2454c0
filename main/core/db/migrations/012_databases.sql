-- Databases: one swarm stack db-<name> per row. The password is not here: it lives in the OS
-- keychain (account db-password:<id>). schedule/keep describe the backup cron entry
-- backup-<name> Pier installed on the server (NULL schedule: none).
CREATE TABLE databases (
  id         TEXT PRIMARY KEY,
  name       TEXT NOT NULL UNIQUE,
  server_id  TEXT NOT NULL REFERENCES servers(id) ON DELETE CASCADE,
  engine     TEXT NOT NULL CHECK (engine IN ('postgres', 'mysql', 'mariadb', 'mongo', 'redis')),
  version    TEXT NOT NULL,
  image      TEXT NOT NULL,
  schedule   TEXT,
  keep       INTEGER NOT NULL DEFAULT 7,
  created_at INTEGER NOT NULL
);
