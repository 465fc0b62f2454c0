// Runs in: main, CLI, headless server.
// Reads and writes the servers and host_keys tables. Rows are mapped to plain objects so nothing
// outside main/core ever sees SQL column names.
import { randomUUID } from 'node:crypto'
import type { Db } from '../db/open'
import type { PinnedKey } from '../ssh/host-key'
import type { AuthMethod, Server } from './model'

export type { AuthMethod, Server }

export interface NewServer {
  name: string
  host: string
  port?: number
  username: string
  authMethod: AuthMethod
  keyPath?: string | null
  keySecretRef?: string | null
  passphraseSecretRef?: string | null
  passwordSecretRef?: string | null
  proxyJump?: string | null
  hostKeyType?: string | null
  hostKeyFingerprint?: string | null
}

/** What is needed to log in again; secret refs are keychain account names, not secrets. */
export interface ServerLogin {
  server: Server
  keySecretRef: string | null
  passphraseSecretRef: string | null
  passwordSecretRef: string | null
  hostKeys: PinnedKey[]
}

interface Row {
  id: string
  name: string
  host: string
  port: number
  username: string
  auth_method: AuthMethod
  key_path: string | null
  key_secret_ref: string | null
  passphrase_secret_ref: string | null
  password_secret_ref: string | null
  host_key_type: string | null
  host_key_fingerprint: string | null
  proxy_jump: string | null
  last_seen_at: string | null
  created_at: string
}

const toServer = (r: Row): Server => ({
  id: r.id,
  name: r.name,
  host: r.host,
  port: r.port,
  username: r.username,
  authMethod: r.auth_method,
  keyPath: r.key_path,
  hostKeyType: r.host_key_type,
  hostKeyFingerprint: r.host_key_fingerprint,
  proxyJump: r.proxy_jump,
  lastSeenAt: r.last_seen_at,
  createdAt: r.created_at
})

export class ServerRepository {
  constructor(private readonly db: Db) {}

  list(): Server[] {
    const rows = this.db
      .prepare('SELECT * FROM servers ORDER BY name COLLATE NOCASE, id')
      .all() as Row[]
    return rows.map(toServer)
  }

  private row(idOrName: string): Row | undefined {
    return this.db
      .prepare('SELECT * FROM servers WHERE id = ? OR name = ?')
      .get(idOrName, idOrName) as Row | undefined
  }

  get(idOrName: string): Server | undefined {
    const row = this.row(idOrName)
    return row ? toServer(row) : undefined
  }

  login(idOrName: string): ServerLogin | undefined {
    const row = this.row(idOrName)
    if (!row) return undefined
    return {
      server: toServer(row),
      keySecretRef: row.key_secret_ref,
      passphraseSecretRef: row.passphrase_secret_ref,
      passwordSecretRef: row.password_secret_ref,
      hostKeys: this.hostKeys(row.id)
    }
  }

  hostKeys(serverId: string): PinnedKey[] {
    return (
      this.db
        .prepare(
          'SELECT key_type, fingerprint FROM host_keys WHERE server_id = ? ORDER BY accepted_at'
        )
        .all(serverId) as Array<{
        key_type: string
        fingerprint: string
      }>
    ).map((r) => ({ keyType: r.key_type, fingerprint: r.fingerprint }))
  }

  /** Accepts (or re-pins) the key of one type; the summary shows the most recent one. */
  pinHostKey(serverId: string, key: PinnedKey): void {
    const tx = this.db.transaction(() => {
      this.db
        .prepare(
          `INSERT INTO host_keys (server_id, key_type, fingerprint) VALUES (?, ?, ?)
           ON CONFLICT(server_id, key_type) DO UPDATE SET fingerprint = excluded.fingerprint,
             accepted_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')`
        )
        .run(serverId, key.keyType, key.fingerprint)
      this.db
        .prepare(
          `UPDATE servers SET host_key_type = ?, host_key_fingerprint = ?,
             updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = ?`
        )
        .run(key.keyType, key.fingerprint, serverId)
    })
    tx()
  }

  insert(s: NewServer): Server {
    const id = randomUUID()
    const tx = this.db.transaction(() => {
      this.db
        .prepare(
          `INSERT INTO servers (id, name, host, port, username, auth_method, key_path, key_secret_ref,
             passphrase_secret_ref, password_secret_ref, proxy_jump, host_key_type, host_key_fingerprint)
           VALUES (@id, @name, @host, @port, @username, @authMethod, @keyPath, @keySecretRef,
             @passphraseSecretRef, @passwordSecretRef, @proxyJump, @hostKeyType, @hostKeyFingerprint)`
        )
        .run({
          id,
          name: s.name,
          host: s.host,
          port: s.port ?? 22,
          username: s.username,
          authMethod: s.authMethod,
          keyPath: s.keyPath ?? null,
          keySecretRef: s.keySecretRef ?? null,
          passphraseSecretRef: s.passphraseSecretRef ?? null,
          passwordSecretRef: s.passwordSecretRef ?? null,
          proxyJump: s.proxyJump ?? null,
          hostKeyType: s.hostKeyType ?? null,
          hostKeyFingerprint: s.hostKeyFingerprint ?? null
        })
      if (s.hostKeyType && s.hostKeyFingerprint) {
        this.db
          .prepare('INSERT INTO host_keys (server_id, key_type, fingerprint) VALUES (?, ?, ?)')
          .run(id, s.hostKeyType, s.hostKeyFingerprint)
      }
    })
    tx()
    const created = this.get(id)
    if (!created) throw new Error('inserted server row vanished')
    return created
  }

  updateLogin(
    serverId: string,
    l: {
      username: string
      authMethod: AuthMethod
      keyPath: string | null
      keySecretRef: string | null
      passphraseSecretRef: string | null
    }
  ): void {
    this.db
      .prepare(
        `UPDATE servers SET username = @username, auth_method = @authMethod, key_path = @keyPath,
           key_secret_ref = @keySecretRef, passphrase_secret_ref = @passphraseSecretRef,
           updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = @id`
      )
      .run({ id: serverId, ...l })
  }

  rename(serverId: string, name: string): void {
    this.db
      .prepare(
        "UPDATE servers SET name = ?, updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = ?"
      )
      .run(name, serverId)
  }

  touchLastSeen(serverId: string): void {
    this.db
      .prepare(
        "UPDATE servers SET last_seen_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = ?"
      )
      .run(serverId)
  }

  remove(serverId: string): boolean {
    return this.db.prepare('DELETE FROM servers WHERE id = ?').run(serverId).changes > 0
  }
}
