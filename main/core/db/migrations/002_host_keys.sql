-- Host keys the user accepted, one row per key type: a server may present an ed25519 key to
-- one client and an ecdsa key to another, and a new type is "unknown", never "changed".
CREATE TABLE host_keys (
  server_id   TEXT NOT NULL REFERENCES servers(id) ON DELETE CASCADE,
  key_type    TEXT NOT NULL,
  fingerprint TEXT NOT NULL,
  accepted_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  PRIMARY KEY (server_id, key_type)
);

-- Where a server's credentials live: keychain account names only, never the secrets.
ALTER TABLE servers ADD COLUMN passphrase_secret_ref TEXT;
ALTER TABLE servers ADD COLUMN proxy_jump TEXT;
ALTER TABLE servers ADD COLUMN last_seen_at TEXT;
