-- Jobs this laptop has started or seen on its servers, synced from each job's status.json on the
-- server (the server is the source of truth while a job runs; this is the history the app shows
-- and the list it re-attaches to after a restart). The log itself is a file under PIER_HOME.
CREATE TABLE jobs (
  server_id    TEXT NOT NULL REFERENCES servers(id) ON DELETE CASCADE,
  id           TEXT NOT NULL,
  key          TEXT NOT NULL,
  title        TEXT,
  state        TEXT NOT NULL CHECK (state IN ('queued', 'running', 'succeeded', 'failed', 'cancelled')),
  pid          INTEGER,
  exit_code    INTEGER,
  queued_at    INTEGER NOT NULL,
  started_at   INTEGER,
  ended_at     INTEGER,
  reason       TEXT,
  step         TEXT,
  progress     INTEGER CHECK (progress BETWEEN 0 AND 100),
  started_here INTEGER NOT NULL DEFAULT 0,
  notified     INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (server_id, id)
);
CREATE INDEX jobs_active ON jobs (state) WHERE state IN ('queued', 'running');
