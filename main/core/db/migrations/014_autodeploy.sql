-- Auto-deploy of git apps without a public webhook: the server's own cron polls the repository
-- every every_min minutes (NULL: off), following the app's ref or the newest tag matching
-- tag_pattern. ci_key is the public half of the app's CI key (its authorized_keys line only
-- runs pier-deploy for this app); the private half is shown once and kept nowhere.
CREATE TABLE app_autodeploy (
  app_id      TEXT PRIMARY KEY REFERENCES apps(id) ON DELETE CASCADE,
  every_min   INTEGER CHECK (every_min IS NULL OR (every_min BETWEEN 1 AND 1440)),
  tag_pattern TEXT,
  ci_key      TEXT,
  updated_at  INTEGER NOT NULL
);
