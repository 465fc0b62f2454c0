-- Saved commands for the terminal (Termius-style snippets): one server's, or global when
-- server_id is NULL. They reach a server only as keystrokes typed into a terminal session.
CREATE TABLE snippets (
  id         TEXT PRIMARY KEY,
  server_id  TEXT REFERENCES servers(id) ON DELETE CASCADE,
  name       TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  command    TEXT NOT NULL CHECK (length(command) BETWEEN 1 AND 100000),
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
CREATE INDEX snippets_server ON snippets (server_id);
