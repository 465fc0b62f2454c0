// The packaging config cannot be exercised here (no Electron binary to package), so it is at
// least checked against electron-builder's own schema, and for the settings we rely on.
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
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

describe('the packaged pier launcher', () => {
  // Lays out an installed app as electron-builder does and checks that the launcher finds the
  // app's executable and hands it the CLI arguments untouched.
  it.each([
    ['Linux (/opt/Pier)', 'resources/bin/pier', 'pier-desktop'],
    ['macOS (Pier.app)', 'Contents/Resources/bin/pier', 'Contents/MacOS/Pier']
  ])('%s', (_name, launcherAt, exeAt) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pier-pkg-'))
    try {
      fs.mkdirSync(path.dirname(path.join(dir, launcherAt)), { recursive: true })
      fs.mkdirSync(path.dirname(path.join(dir, exeAt)), { recursive: true })
      fs.copyFileSync(path.join(root, 'resources/pier-launcher.sh'), path.join(dir, launcherAt))
      fs.chmodSync(path.join(dir, launcherAt), 0o755)
      fs.writeFileSync(path.join(dir, exeAt), '#!/bin/sh\nprintf "%s|" "$@"\n', { mode: 0o755 })
      const link = path.join(dir, 'pier-on-path')
      fs.symlinkSync(path.join(dir, launcherAt), link)
      const out = execFileSync(link, ['server', 'list', '--json', 'a b;$(id)'], {
        encoding: 'utf8'
      })
      expect(out).toBe('--pier-cli|server|list|--json|a b;$(id)|')
    } finally {
      fs.rmSync(dir, { recursive: true, force: true })
    }
  })

  it('matches the executable name the packages use', () => {
    expect(config.executableName).toBe('pier-desktop')
    const afterInstall = fs.readFileSync(path.join(root, 'resources/deb-after-install.sh'), 'utf8')
    expect(afterInstall).toContain('/opt/Pier/pier-desktop')
    expect(afterInstall).toContain('/opt/Pier/resources/bin/pier /usr/bin/pier')
  })
})
