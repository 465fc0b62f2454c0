// Runs in: main, CLI, headless server.
// Typed access to the settings table (JSON values by key). Only keys with a schema are offered,
// and a stored value is read through that schema, so a damaged row never reaches a caller raw.
import type { Db } from '../db/open'
import { readTerminalSettings, type TerminalSettings, type TerminalSettingsPatch } from './terminal'

export class SettingsRepository {
  constructor(private readonly db: Db) {}

  private read(key: string): unknown {
    const row = this.db.prepare('SELECT value FROM settings WHERE key = ?').get(key) as
      { value: string } | undefined
    if (!row) return undefined
    try {
      return JSON.parse(row.value) as unknown
    } catch {
      return undefined
    }
  }

  private write(key: string, value: unknown): void {
    this.db
      .prepare(
        'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value'
      )
      .run(key, JSON.stringify(value))
  }

  terminal(): TerminalSettings {
    return readTerminalSettings(this.read('terminal'))
  }

  /** Applies the changed fields over the current ones and returns the whole set. */
  updateTerminal(patch: TerminalSettingsPatch): TerminalSettings {
    const next = readTerminalSettings({ ...this.terminal(), ...patch })
    this.write('terminal', next)
    return next
  }
}
