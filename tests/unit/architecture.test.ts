import fs from 'node:fs'
import path from 'node:path'
import { ESLint } from 'eslint'
import { describe, expect, it } from 'vitest'

const root = path.resolve(import.meta.dirname, '../..')

function filesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name)
    return e.isDirectory() ? filesUnder(p) : /\.(ts|tsx|mts|js)$/.test(e.name) ? [p] : []
  })
}

const ELECTRON_IMPORT =
  /(from\s+['"]electron(\/[^'"]*)?['"]|require\(\s*['"]electron['"]\s*\)|import\(\s*['"]electron['"]\s*\))/

describe('process boundaries', () => {
  it('main/core (and the CLI, API and headless server) never import electron', () => {
    const dirs = ['main/core', 'main/api', 'main/cli', 'main/headless']
    const offenders = dirs
      .flatMap((d) => filesUnder(path.join(root, d)))
      .filter((f) => ELECTRON_IMPORT.test(fs.readFileSync(f, 'utf8')))
      .map((f) => path.relative(root, f))
    expect(offenders).toEqual([])
  })

  it('the lint rule fails a file under main/core that imports electron', async () => {
    const eslint = new ESLint({ cwd: root })
    const [result] = await eslint.lintText(
      "import { app } from 'electron'\nexport const a = app\n",
      {
        filePath: path.join(root, 'main/core/servers/example.ts')
      }
    )
    const rules = result?.messages.map((m) => m.ruleId)
    expect(rules).toContain('no-restricted-imports')
    const [allowed] = await eslint.lintText(
      "import { app } from 'electron'\nexport const a = app\n",
      {
        filePath: path.join(root, 'main/electron/example.ts')
      }
    )
    expect(allowed?.messages.map((m) => m.ruleId)).not.toContain('no-restricted-imports')
  })
})
