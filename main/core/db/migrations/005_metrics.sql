-- Metrics pulled from each server's collector (remote-scripts/collect-metrics.sh). The server
-- keeps its own files for a few days; the laptop keeps the history, synced by file and byte
-- offset so nothing is read twice.
CREATE TABLE metrics_settings (
  server_id      TEXT PRIMARY KEY REFERENCES servers(id) ON DELETE CASCADE,
  enabled        INTEGER NOT NULL DEFAULT 1,
  interval_sec   INTEGER NOT NULL CHECK (interval_sec BETWEEN 2 AND 60),
  retention_days INTEGER NOT NULL CHECK (retention_days BETWEEN 1 AND 365),
  last_sync_at   INTEGER
);

-- How far each of the server's day files has been read.
CREATE TABLE metrics_files (
  server_id TEXT NOT NULL REFERENCES servers(id) ON DELETE CASCADE,
  day       TEXT NOT NULL,
  offset    INTEGER NOT NULL,
  PRIMARY KEY (server_id, day)
) WITHOUT ROWID;

-- One row per sample (t: unix seconds). Disk figures sum the server's real filesystems.
CREATE TABLE metric_samples (
  server_id  TEXT NOT NULL REFERENCES servers(id) ON DELETE CASCADE,
  t          INTEGER NOT NULL,
  cpu        REAL,
  load1      REAL,
  mem_used   INTEGER,
  mem_total  INTEGER,
  swap_used  INTEGER,
  swap_total INTEGER,
  disk_used  INTEGER,
  disk_total INTEGER,
  io_r       INTEGER,
  io_w       INTEGER,
  net_rx     INTEGER,
  net_tx     INTEGER,
  PRIMARY KEY (server_id, t)
) WITHOUT ROWID;

CREATE TABLE metric_container_samples (
  server_id TEXT NOT NULL REFERENCES servers(id) ON DELETE CASCADE,
  name      TEXT NOT NULL,
  t         INTEGER NOT NULL,
  app       TEXT,
  cpu       REAL,
  mem       INTEGER,
  rx        INTEGER,
  tx        INTEGER,
  PRIMARY KEY (server_id, name, t)
) WITHOUT ROWID;

-- Averages (and peaks where a peak matters) per minute (res 60) and per hour (res 3600), so a
-- week-long chart reads thousands of rows, not tens of thousands.
CREATE TABLE metric_rollups (
  server_id     TEXT NOT NULL REFERENCES servers(id) ON DELETE CASCADE,
  res           INTEGER NOT NULL CHECK (res IN (60, 3600)),
  t             INTEGER NOT NULL,
  n             INTEGER NOT NULL,
  cpu           REAL,
  cpu_max       REAL,
  load1         REAL,
  mem_used      INTEGER,
  mem_total     INTEGER,
  disk_used     INTEGER,
  disk_total    INTEGER,
  io_r          INTEGER,
  io_w          INTEGER,
  net_rx        INTEGER,
  net_tx        INTEGER,
  PRIMARY KEY (server_id, res, t)
) WITHOUT ROWID;
