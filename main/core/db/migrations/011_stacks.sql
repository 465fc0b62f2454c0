-- Compose stacks: which server runs each one and where it came from. The compose file, the env
-- and mounted files live on the server under ~/.pier/stacks/<name>/; nothing secret is here (a
-- template's generated values are in the OS keychain, account stack-vars:<id>).
CREATE TABLE stacks (
  id         TEXT PRIMARY KEY,
  name       TEXT NOT NULL UNIQUE,
  server_id  TEXT NOT NULL REFERENCES servers(id) ON DELETE CASCADE,
  -- The template folder a template deploy came from; NULL for a plain compose file.
  template   TEXT,
  services   TEXT NOT NULL DEFAULT '[]',
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);

-- Every deploy started from here: a remote job (its state is in jobs).
CREATE TABLE stack_deployments (
  stack_id   TEXT NOT NULL REFERENCES stacks(id) ON DELETE CASCADE,
  job_id     TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (stack_id, job_id)
);
