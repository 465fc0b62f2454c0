// Runs in: main, CLI, headless server.
// Pier's own SSH key for this install: an ed25519 key generated once, its private half kept only
// in the OS keychain (never in SQLite, never sent to the renderer), its public half in settings.
import os from 'node:os'
import ssh2 from 'ssh2'
import type { Db } from '../db/open'
import type { Keychain } from '../secrets/keychain'

const ACCOUNT = 'install-key'
const SETTING = 'install_public_key'

export interface InstallKey {
  privateKey: string
  publicKey: string
}

export function installKey(db: Db, keychain: Keychain): InstallKey {
  const stored = keychain.get(ACCOUNT)
  const row = db.prepare('SELECT value FROM settings WHERE key = ?').get(SETTING) as
    { value: string } | undefined
  if (stored && row) return { privateKey: stored, publicKey: JSON.parse(row.value) as string }
  const pair = ssh2.utils.generateKeyPairSync('ed25519', { comment: `pier@${os.hostname()}` })
  keychain.set(ACCOUNT, pair.private)
  const publicKey = pair.public.trim()
  db.prepare(
    'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value'
  ).run(SETTING, JSON.stringify(publicKey))
  return { privateKey: pair.private, publicKey }
}

export const INSTALL_KEY_ACCOUNT = ACCOUNT
