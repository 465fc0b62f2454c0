-- Servers Pier manages. Connection details only: credentials live in the OS keychain and are
-- referenced here by keychain account name, never stored.
CREATE TABLE servers (
  id                   TEXT PRIMARY KEY,
  name                 TEXT NOT NULL UNIQUE,
  host                 TEXT NOT NULL,
  port                 INTEGER NOT NULL DEFAULT 22 CHECK (port BETWEEN 1 AND 65535),
  username             TEXT NOT NULL,
  auth_method          TEXT NOT NULL CHECK (auth_method IN ('key', 'agent', 'password', 'keyfile')),
  key_secret_ref       TEXT,
  key_path             TEXT,
  host_key_type        TEXT,
  host_key_fingerprint TEXT,
  created_at           TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  updated_at           TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);

-- Small key/value settings (theme, terminal font, ...), JSON-encoded values.
CREATE TABLE settings (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
