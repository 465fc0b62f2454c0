// Auto-deploy's pure parts: the interval a user may give, the cron line it becomes, the tag glob,
// the CI key's forced command (quoted for the shell, then for authorized_keys), and the CLI words.
import fs from 'node:fs'
import { describe, expect, it } from 'vitest'
import { contract } from '../../main/api/contract'
import {
  autodeployCronName,
  autodeployEvery,
  autodeploySchedule,
  ciKeyLine,
  tagPattern
} from '../../main/core/apps/autodeploy-model'
import { buildArgs } from '../../main/core/apps/build'
import { cronBlock } from '../../main/core/jobs/cron'
import { normalizeCronExpr } from '../../main/core/jobs/cron-expr'
import { flagsOf, methodFor } from '../../main/cli/commands'
import { HOSTILE } from '../support/hostile'

const PUB =
  'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGbM0dWlJtJ1Jq3uQ3mO2yq2v5n0w9pKx9Yk2s3f4g5h pier-ci-web'

/** What sshd makes of a command="…" option: only \" is an escape there. */
function sshdCommand(line: string): string {
  const m = /^command="((?:[^"\\]|\\.)*)"/.exec(line)
  if (!m?.[1]) throw new Error('no command option')
  return m[1].replace(/\\"/g, '"')
}

describe('autodeployEvery', () => {
  it.each([1, '1', 5, '30', 1440])('accepts %s minutes', (v) => {
    expect(autodeployEvery.parse(v)).toBe(Number(v))
  })
  it.each([0, '0', 'abc', 1441, '-1', 1.5, '', '1e9', ' ', 'NaN'])('refuses %s', (v) => {
    expect(autodeployEvery.safeParse(v).success).toBe(false)
  })
  it('is what app.autodeploy checks before any handler runs', () => {
    const input = contract['app.autodeploy'].input
    expect(input.safeParse({ name: 'web', every: '5' }).success).toBe(true)
    for (const every of ['0', 'abc', '1441'])
      expect(input.safeParse({ name: 'web', every }).success).toBe(false)
    expect(input.safeParse({ name: 'web', every: 5, branch: 'x' }).success).toBe(false)
  })
})

describe('autodeploySchedule', () => {
  it.each([
    [1, '* * * * *'],
    [5, '*/5 * * * *'],
    [15, '*/15 * * * *'],
    [30, '*/30 * * * *'],
    [60, '0 * * * *'],
    [120, '0 */2 * * *'],
    [360, '0 */6 * * *'],
    [1440, '0 0 * * *'],
    // No exact cron form: every minute, and autodeploy.sh waits out the interval itself.
    [7, '* * * * *'],
    [45, '* * * * *'],
    [90, '* * * * *'],
    [300, '* * * * *'],
    [1000, '* * * * *']
  ])('%i minutes → %s', (n, line) => {
    expect(autodeploySchedule(n)).toBe(line)
    expect(normalizeCronExpr(line)).toBe(line)
  })
  it('refuses intervals outside 1-1440', () => {
    expect(() => autodeploySchedule(0)).toThrow()
    expect(() => autodeploySchedule(1441)).toThrow()
  })
  it("renders into Pier's crontab block under the app's entry name", () => {
    const block = cronBlock([{ name: autodeployCronName('web'), schedule: autodeploySchedule(5) }])
    expect(block).toContain('*/5 * * * * sh "$HOME/.pier/cron/run.sh" autodeploy-web\n')
  })
  it('the longest app name still makes a valid entry name', () => {
    const name = 'a' + 'b'.repeat(29)
    expect(() =>
      cronBlock([{ name: autodeployCronName(name), schedule: '* * * * *' }])
    ).not.toThrow()
  })
})

describe('tagPattern', () => {
  it.each(['v*', 'release-[0-9]*', 'v1.?.*', 'prod/2026-*'])('accepts %s', (p) => {
    expect(tagPattern.parse(p)).toBe(p)
  })
  it.each([
    ';id',
    '$(id)',
    '`id`',
    '|id',
    'a\nid',
    '--upload-pack=touch /tmp/pwned',
    '../../etc/passwd',
    "it's",
    '"double"',
    '$HOME',
    ' leading space',
    '',
    'x'.repeat(101)
  ])('refuses %j', (p) => {
    expect(tagPattern.safeParse(p).success).toBe(false)
  })
})

describe('ciKeyLine', () => {
  it('forces pier-deploy for the app, with no pty, forwarding or rc file', () => {
    const line = ciKeyLine('web', PUB)
    expect(line).toBe(
      `command="sh \\"$HOME/.pier/bin/pier-deploy\\" 'web'",no-pty,no-port-forwarding,no-agent-forwarding,no-X11-forwarding,no-user-rc ${PUB}`
    )
    expect(sshdCommand(line)).toBe(`sh "$HOME/.pier/bin/pier-deploy" 'web'`)
    expect(line.split('\n')).toHaveLength(1)
  })
  it('refuses every hostile app name before it could reach authorized_keys', () => {
    for (const name of HOSTILE) expect(() => ciKeyLine(name, PUB)).toThrow()
  })
  it('refuses anything but one public key line', () => {
    for (const key of [
      `${PUB}\ncommand="id" ${PUB}`,
      'not a key',
      `${PUB}"`.replace(' pier', '"pier'),
      ''
    ])
      expect(() => ciKeyLine('web', key)).toThrow()
  })
})

describe('the server-side deploy job', () => {
  it("rewrites deploy.sh's REF, its 11th argument", () => {
    const script = fs.readFileSync('remote-scripts/deploy.sh', 'utf8')
    // Eight fixed arguments are shifted off first; REF is then the build's third.
    expect(script).toMatch(/^if \[ "\$#" -ge 8 \]; then shift 8;/m)
    expect(script).toMatch(/^ref=\$\{3:-\}$/m)
    const lib = fs.readFileSync('remote-scripts/lib/app-deploy-job.sh', 'utf8')
    expect(lib).toContain("'NR == 11 { print r; next } { print }'")
    // The eight fixed arguments, then the build's: REF is the third of those.
    const build = buildArgs(
      {
        type: 'git',
        url: 'https://example.com/r.git',
        ref: 'main',
        submodules: false,
        dockerfile: null,
        buildArgs: {},
        baseImage: null
      },
      null,
      {}
    )
    const fixed = ['APP', 'IMAGE', 'PULL', 'COMPOSE', 'CONFIG', 'KEEP', 'WAIT', 'DISTRIBUTE']
    expect([...fixed, ...build][10]).toBe('main')
  })
})

describe('CLI words', () => {
  it('pier app autodeploy APP --every MINUTES [--off] [--pattern G] [--clear-pattern]', () => {
    expect(methodFor(['app', 'autodeploy'])).toBe('app.autodeploy')
    const spec = flagsOf('app.autodeploy')
    expect(spec.args).toEqual(['name'])
    for (const f of ['every', 'off', 'pattern', 'clear-pattern']) expect(spec.names).toContain(f)
  })
  it('pier app ci-key APP [--revoke]', () => {
    expect(methodFor(['app', 'ci-key'])).toBe('app.ciKey')
    expect(flagsOf('app.ciKey').names).toContain('revoke')
  })
})
