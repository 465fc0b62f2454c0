// The `pier` CLI as scripts use it: the built bundle in a child process, exit codes, --json
// output and the one-line error with a hint.
import { SCHEMA_VERSION } from '../../main/core/db/migrations'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { pierCli, root } from './serve'

const homes: string[] = []
const home = (): string => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pier-cli-'))
  homes.push(dir)
  return dir
}
afterAll(() => homes.forEach((d) => fs.rmSync(d, { recursive: true, force: true })))

describe('pier CLI', () => {
  it('prints JSON with --json and exits 0', async () => {
    const h = home()
    const r = await pierCli(h, 'system', 'info', '--json')
    expect(r.code).toBe(0)
    expect(JSON.parse(r.stdout)).toMatchObject({
      home: h,
      schemaVersion: SCHEMA_VERSION,
      transport: 'cli'
    })
    expect(r.stderr).toBe('')
  })

  it('exits 2 with a one-line error and hint for usage errors', async () => {
    for (const args of [
      ['nope'],
      ['server', 'list', '--bogus', 'x'],
      ['serve', '--port'],
      ['serve', '--port', '99999']
    ]) {
      const r = await pierCli(home(), ...args)
      expect(r.code, args.join(' ')).toBe(2)
      expect(r.stderr.trimEnd().split('\n'), args.join(' ')).toHaveLength(1)
      expect(r.stderr).toMatch(/^pier: .+ \(hint: .+\)\n$/)
    }
  })

  it('with --json, errors are also an envelope on stdout', async () => {
    const r = await pierCli(home(), 'server', 'list', '--bogus', 'x', '--json')
    expect(r.code).toBe(2)
    expect(JSON.parse(r.stdout)).toEqual({
      error: {
        code: 'invalid_input',
        message: expect.stringContaining('--bogus'),
        hint: expect.any(String)
      }
    })
  })

  it('exits 1 and keeps a damaged database untouched', async () => {
    const h = home()
    const junk = 'not a database\n'.repeat(100)
    fs.writeFileSync(path.join(h, 'pier.db'), junk)
    const r = await pierCli(h, 'server', 'list', '--json')
    expect(r.code).toBe(1)
    expect(JSON.parse(r.stdout).error.code).toBe('db_corrupt')
    expect(fs.readFileSync(path.join(h, 'pier.db'), 'utf8')).toBe(junk)
  })

  it('several processes starting on a fresh data folder all succeed', async () => {
    const h = home()
    const results = await Promise.all(
      Array.from({ length: 5 }, () => pierCli(h, 'server', 'list', '--json'))
    )
    expect(results.map((r) => [r.code, r.stdout.trim(), r.stderr])).toEqual(
      Array(5).fill([0, '[]', ''])
    )
  })
})

describe('the built CLI bundle', () => {
  // The lint rule and the source scan see direct imports; this follows what the bundler actually
  // linked, so an Electron import reached through any shared module is caught too.
  it('never loads electron, so `pier` runs under plain Node', () => {
    const seen = new Set<string>()
    const visit = (file: string): string[] => {
      if (seen.has(file)) return []
      seen.add(file)
      const src = fs.readFileSync(file, 'utf8')
      const found = [...src.matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1] as string)
      return found.flatMap((dep) =>
        dep.startsWith('.') ? visit(path.resolve(path.dirname(file), dep)) : [dep]
      )
    }
    const external = visit(path.join(root, 'out/main/cli.js'))
    expect(seen.size).toBeGreaterThan(1)
    expect(external).toContain('better-sqlite3')
    expect(external).not.toContain('electron')
  })
})
