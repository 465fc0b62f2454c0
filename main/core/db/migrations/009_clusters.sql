-- Clusters: Docker Swarms formed from servers Pier knows. The swarm itself is the truth about
-- its nodes; these rows say which server is which node, so Pier can reach each over SSH.
CREATE TABLE clusters (
  id           TEXT PRIMARY KEY,
  name         TEXT NOT NULL UNIQUE,
  swarm_id     TEXT NOT NULL,
  distribution TEXT NOT NULL DEFAULT 'stream' CHECK (distribution IN ('stream', 'registry')),
  created_at   INTEGER NOT NULL
);

-- A server is in at most one cluster (a Docker engine is in at most one swarm).
CREATE TABLE cluster_members (
  cluster_id TEXT NOT NULL REFERENCES clusters(id) ON DELETE CASCADE,
  server_id  TEXT NOT NULL UNIQUE REFERENCES servers(id) ON DELETE CASCADE,
  node_id    TEXT NOT NULL,
  role       TEXT NOT NULL CHECK (role IN ('worker', 'manager')),
  joined_at  INTEGER NOT NULL,
  PRIMARY KEY (cluster_id, server_id)
);
