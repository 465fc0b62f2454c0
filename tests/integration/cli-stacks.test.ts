// The `pier stack …` and `pier template …` commands exactly as the issue specifies them, run as
// the built CLI in a child process: `template render --json` gives {compose, env, mounts,
// domains}; a stack deploys from --file and --env-file on a real swarm, is listed and goes down.
import fs from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ensureSwarm, leaveSwarm } from './apps-support'
import { runPier, type CliResult } from './cli-support'
import { hostsOrSkip, type TestHost } from './support'

const hosts = hostsOrSkip()
const root = path.resolve(import.meta.dirname, '../..')
const home = fs.mkdtempSync('/tmp/pier-cli-stacks-')

const pier = (args: string[]): Promise<CliResult> => runPier(home, args, { killAfterMs: 200_000 })

const built = fs.existsSync(path.join(root, 'out/main/cli.js'))

describe.skipIf(!built)('pier template render (CLI)', () => {
  it('--json gives exactly {compose, env, mounts, domains}', async () => {
    const r = await pier([
      'template',
      'render',
      'static-site',
      '--set',
      'site_title=$(id) ${password}',
      '--set',
      'port=18093',
      '--json'
    ])
    expect(r.stderr).toBe('')
    const out = JSON.parse(r.stdout)
    expect(Object.keys(out).sort()).toEqual(['compose', 'domains', 'env', 'mounts'])
    expect(out.env).toEqual({ IMAGE: 'busybox:latest', PORT: '18093' })
    const page = out.mounts.find((m: { filePath: string }) => m.filePath === 'site/index.html')
    expect(page.content).toContain('<h1>$(id) ${password}</h1>')
    expect(
      out.mounts.find((m: { filePath: string }) => m.filePath === 'httpd.conf').content
    ).toMatch(/^\/:admin:[a-z0-9]{24}\n$/)
    expect(out.domains).toEqual([
      {
        service: 'web',
        port: 8080,
        host: expect.stringMatching(/^static-site-[0-9a-f]{6}-127-0-0-1\.sslip\.io$/),
        path: '/',
        // The host is a template variable (kept across deploys), not a fresh preview name.
        generated: false
      }
    ])
    expect(out.compose).toContain('./files/httpd.conf:/etc/httpd.conf:ro')
  })

  it('prints the compose file, env and mounts for people; refuses a bad --set and a missing folder', async () => {
    const r = await pier(['template', 'render', 'web-and-probe'])
    expect(r.code).toBe(0)
    expect(r.stdout).toMatch(/^# compose\.yml\n/)
    expect(r.stdout).toMatch(/\n# \.env\nIMAGE=busybox:latest\nTOKEN=[0-9a-f]{32}\nEVERY=5\n/)
    const bad = await pier(['template', 'render', 'web-and-probe', '--set', 'nope=1'])
    expect(bad.code).toBe(1)
    expect(bad.stderr).toMatch(/no variable "nope"/)
    const malformed = await pier(['template', 'render', 'web-and-probe', '--set', '$(id)'])
    expect(malformed.code).toBe(1)
    expect(malformed.stderr).toMatch(/NAME=VALUE/)
    const missing = await pier(['template', 'render', path.join(home, 'nothing-here')])
    expect(missing.code).toBe(1)
    expect(missing.stderr).toMatch(/no template folder/)
  })
})

describe.skipIf(hosts.length === 0 || !built)('pier stack (CLI, real host)', () => {
  const h1 = hosts[0] as TestHost
  beforeAll(async () => {
    await ensureSwarm(h1)
    const r = await pier([
      'server',
      'add',
      'h1',
      '--host',
      h1.sshHost,
      '--port',
      String(h1.sshPort),
      '--user',
      h1.username,
      '--key',
      h1.privateKeyPath,
      '--accept-fingerprint',
      h1.hostKeyFingerprint
    ])
    expect(r.stderr).toBe('')
  })
  afterAll(async () => {
    await pier(['stack', 'remove', 'clistack'])
    await leaveSwarm(h1)
    fs.rmSync(home, { recursive: true, force: true })
  }, 300_000)

  it('stack deploy NAME --server S --file F --env-file E, stack list, stack down NAME', async () => {
    const compose = path.join(home, 'compose.yml')
    const envFile = path.join(home, 'app.env')
    fs.writeFileSync(
      compose,
      "services:\n  web:\n    image: busybox:local\n    command: ['sh', '-c', 'echo \"hello $$WHO\"; exec sleep 600']\n    environment:\n      WHO: ${WHO}\n    stop_grace_period: 1s\n"
    )
    fs.writeFileSync(envFile, '# who to greet\nWHO=$USER "and" #friends\n')
    const d = await pier([
      'stack',
      'deploy',
      'clistack',
      '--server',
      'h1',
      '--file',
      compose,
      '--env-file',
      envFile,
      '--wait',
      '--json'
    ])
    expect(d.stderr).toBe('')
    expect(JSON.parse(d.stdout)).toMatchObject({
      stack: 'clistack',
      state: 'succeeded',
      services: ['web']
    })

    const list = JSON.parse((await pier(['stack', 'list', '--json'])).stdout)
    expect(list).toEqual([
      expect.objectContaining({
        name: 'clistack',
        server: 'h1',
        status: 'running',
        services: [{ name: 'web', mode: 'replicated', running: 1, desired: 1 }]
      })
    ])
    const human = await pier(['stack', 'list'])
    expect(human.stdout).toMatch(/clistack\s+h1\s+running\s+web 1\/1/)

    const logs = await pier(['stack', 'logs', 'clistack', 'web', '--tail', '10'])
    expect(logs.stdout).toContain('hello $USER "and" #friends')
    const nologs = await pier(['stack', 'logs', 'clistack', '$(id)'])
    expect(nologs.code).toBe(1)
    expect(nologs.stderr).toMatch(/has no service "\$\(id\)"/)

    const down = await pier(['stack', 'down', 'clistack'])
    expect(down.code).toBe(0)
    expect(down.stdout).toBe('clistack on h1: down\n')
  }, 300_000)

  it('refuses a hostile name (exit 1) and a missing --file, and deploys nothing', async () => {
    const bad = await pier(['stack', 'deploy', '$(id)', '--server', 'h1', '--file', '/dev/null'])
    expect(bad.code).toBe(1)
    expect(bad.stderr).toMatch(/stack name/)
    const nofile = await pier(['stack', 'deploy', 'ok', '--server', 'h1'])
    expect(nofile.code).toBe(1)
    expect(nofile.stderr).toMatch(/No compose file/)
    const unreadable = await pier([
      'stack',
      'deploy',
      'ok',
      '--server',
      'h1',
      '--file',
      path.join(home, 'nope.yml')
    ])
    expect(unreadable.stderr).toMatch(/Cannot read the compose file/)
    const names = JSON.parse((await pier(['stack', 'list', '--json'])).stdout).map(
      (s: { name: string }) => s.name
    )
    expect(names).toEqual(['clistack'])
  })
})
