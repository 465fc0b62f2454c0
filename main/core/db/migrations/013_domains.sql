-- Domains the proxy (Caddy on the app's server) routes to an app. A custom certificate's PEM
-- (chain and key) is not here: it lives in the OS keychain (account domain-cert:<id>).
CREATE TABLE domains (
  id         TEXT PRIMARY KEY,
  app_id     TEXT NOT NULL REFERENCES apps(id) ON DELETE CASCADE,
  domain     TEXT NOT NULL,
  path       TEXT NOT NULL DEFAULT '/',
  tls        TEXT NOT NULL CHECK (tls IN ('auto', 'internal', 'custom')),
  port       INTEGER,
  preview    INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL,
  UNIQUE (domain, path)
);
CREATE INDEX domains_app ON domains(app_id);
