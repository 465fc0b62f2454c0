-- Domains can route to a compose stack's service as well as to an app: a row targets exactly
-- one of them. SQLite cannot relax NOT NULL in place, so the table is rebuilt with its rows.
-- from_template marks domains a template's [config] made (a redeploy of the template replaces
-- them). stacks.down is set while `pier stack down` has the stack's services removed: its
-- domains stay, but the proxy does not route them until the stack is started again.
-- stacks.compose_info (JSON: the compose file's `version` and the services that name their own
-- networks) lets Pier write the stack's proxy overlay without the compose file at hand.
CREATE TABLE domains_new (
  id            TEXT PRIMARY KEY,
  app_id        TEXT REFERENCES apps(id) ON DELETE CASCADE,
  stack_id      TEXT REFERENCES stacks(id) ON DELETE CASCADE,
  service       TEXT,
  domain        TEXT NOT NULL,
  path          TEXT NOT NULL DEFAULT '/',
  tls           TEXT NOT NULL CHECK (tls IN ('auto', 'internal', 'custom')),
  port          INTEGER,
  preview       INTEGER NOT NULL DEFAULT 0,
  from_template INTEGER NOT NULL DEFAULT 0,
  created_at    INTEGER NOT NULL,
  UNIQUE (domain, path),
  CHECK ((app_id IS NULL) <> (stack_id IS NULL)),
  CHECK ((stack_id IS NULL) = (service IS NULL))
);
INSERT INTO domains_new (id, app_id, domain, path, tls, port, preview, created_at)
  SELECT id, app_id, domain, path, tls, port, preview, created_at FROM domains;
DROP TABLE domains;
ALTER TABLE domains_new RENAME TO domains;
CREATE INDEX domains_app ON domains(app_id);
CREATE INDEX domains_stack ON domains(stack_id);

ALTER TABLE stacks ADD COLUMN down INTEGER NOT NULL DEFAULT 0;
ALTER TABLE stacks ADD COLUMN compose_info TEXT NOT NULL DEFAULT '{}';
