// The packaging config cannot be exercised here (no Electron binary to package), so it is at
// least checked against electron-builder's own schema, and for the settings we rely on.
import fs from 'node:fs'
import path from 'node:path'
import { createRequire } from 'node:module'
import { describe, expect, it } from 'vitest'

const require = createRequire(import.meta.url)
const root = path.resolve(import.meta.dirname, '../..')
const yaml = require('js-yaml') as { load(s: string): Record<string, unknown> }
const { validateConfiguration } = require('app-builder-lib/out/util/config/config') as {
  validateConfiguration(c: unknown, l: unknown): Promise<void>
}
const { DebugLogger } = require('builder-util') as { DebugLogger: new (on: boolean) => unknown }

const config = yaml.load(fs.readFileSync(path.join(root, 'electron-builder.yml'), 'utf8'))

describe('electron-builder.yml', () => {
  it('is valid for electron-builder', async () => {
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined()
    await expect(
      validateConfiguration({ ...config, notAKey: 1 }, new DebugLogger(false))
    ).rejects.toThrow()
  })

  it('targets Linux, macOS and Windows and rebuilds native modules for Electron', () => {
    expect(config.linux).toMatchObject({ target: ['AppImage', 'deb'] })
    expect(config.mac).toMatchObject({ target: 'dmg' })
    expect(config.win).toMatchObject({ target: 'nsis' })
    expect(config.npmRebuild).toBe(true)
    expect(config.asarUnpack).toEqual(expect.arrayContaining(['node_modules/better-sqlite3/**']))
    expect(config.electronFuses).toMatchObject({ runAsNode: false, onlyLoadAppFromAsar: true })
  })

  it('ships the pier launcher', () => {
    const extra = config.extraResources as Array<{ from: string; to: string }>
    expect(extra).toContainEqual({ from: 'resources/pier-launcher.sh', to: 'bin/pier' })
    expect(fs.existsSync(path.join(root, 'resources/pier-launcher.sh'))).toBe(true)
  })
})
