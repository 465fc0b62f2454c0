-- Alert rules the collector evaluates on each server, and what it reported doing about them.
-- The webhook URL (it often carries a token) is in the OS keychain, referenced by account name.
CREATE TABLE alert_rules (
  id              TEXT PRIMARY KEY,
  server_id       TEXT NOT NULL REFERENCES servers(id) ON DELETE CASCADE,
  text            TEXT NOT NULL,
  metric          TEXT NOT NULL CHECK (metric IN ('cpu', 'mem', 'disk', 'down')),
  threshold       REAL NOT NULL,
  minutes         INTEGER NOT NULL,
  target          TEXT,
  kind            TEXT NOT NULL CHECK (kind IN ('json', 'ntfy', 'slack', 'discord')),
  webhook_host    TEXT NOT NULL,
  webhook_ref     TEXT NOT NULL,
  rate_limit_min  INTEGER NOT NULL,
  created_at      TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);

CREATE TABLE alert_events (
  server_id TEXT NOT NULL REFERENCES servers(id) ON DELETE CASCADE,
  t         INTEGER NOT NULL,
  rule_id   TEXT NOT NULL,
  metric    TEXT NOT NULL,
  value     REAL,
  threshold REAL,
  delivered INTEGER NOT NULL,
  error     TEXT,
  seen      INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (server_id, rule_id, t)
) WITHOUT ROWID;
