-- Auto-pull: when set, the app copies each new good backup of this database into the local
-- library whenever its server's connection comes up (and now and then while it stays up).
ALTER TABLE databases ADD COLUMN auto_pull INTEGER NOT NULL DEFAULT 0 CHECK (auto_pull IN (0, 1));
