-- Apps: what to run (source + spec, JSON) on which server. Secret env values are not here: the
-- spec lists only their keys, the values live in the OS keychain (account app-secret:<id>:<KEY>).
CREATE TABLE apps (
  id         TEXT PRIMARY KEY,
  name       TEXT NOT NULL UNIQUE,
  server_id  TEXT NOT NULL REFERENCES servers(id) ON DELETE CASCADE,
  source     TEXT NOT NULL,
  spec       TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);

-- Releases as the server recorded them in ~/.pier/apps/<app>/releases/<n>.json (the server is
-- the source of truth; this is the copy the laptop lists and rolls back from).
CREATE TABLE app_releases (
  app_id     TEXT NOT NULL REFERENCES apps(id) ON DELETE CASCADE,
  number     INTEGER NOT NULL,
  image      TEXT NOT NULL,
  image_id   TEXT NOT NULL,
  digest     TEXT,
  config     TEXT NOT NULL,
  job_id     TEXT,
  created_at INTEGER NOT NULL,
  pruned     INTEGER NOT NULL DEFAULT 0,
  current    INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (app_id, number)
);

-- Every deploy or rollback started from here: a remote job (its state is in jobs).
CREATE TABLE app_deployments (
  app_id     TEXT NOT NULL REFERENCES apps(id) ON DELETE CASCADE,
  job_id     TEXT NOT NULL,
  kind       TEXT NOT NULL CHECK (kind IN ('deploy', 'rollback')),
  target     INTEGER,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (app_id, job_id)
);
