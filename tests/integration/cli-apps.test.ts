// The `pier app …` commands exactly as the Apps issue specifies them, run as the built CLI in a
// child process against a real host with a single-node swarm.
import fs from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ensureSwarm, leaveSwarm } from './apps-support'
import { runPier, type CliResult } from './cli-support'
import { hostsOrSkip, type TestHost } from './support'

const hosts = hostsOrSkip()
const root = path.resolve(import.meta.dirname, '../..')
const home = fs.mkdtempSync('/tmp/pier-cli-apps-')
const keyring = process.env.PIER_KEYRING_READY === '1'

const pier = (args: string[], stdin?: string): Promise<CliResult> =>
  runPier(home, args, { stdin, killAfterMs: 200_000 })

const HEALTH = "printf 'GET / HTTP/1.0\\r\\n\\r\\n' | nc -w 2 127.0.0.1 8080 | grep -q 200"
const command = (greeting: string) =>
  [
    'sh',
    '-c',
    `echo ${greeting} > /tmp/index.html; echo "started $GREETING"; exec httpd -f -p 8080 -h /tmp`
  ].flatMap((w) => ['--command', w])

describe.skipIf(hosts.length === 0 || !fs.existsSync(path.join(root, 'out/main/cli.js')))(
  'pier app (CLI, real host)',
  () => {
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
      await pier(['app', 'remove', 'cliweb'])
      await leaveSwarm(h1)
      fs.rmSync(home, { recursive: true, force: true })
    })

    it('refuses bad input with a clear message, and two sources or none with exit 2', async () => {
      const base = ['--server', 'h1', '--image', 'busybox:local']
      const two = await pier(['app', 'create', 'x', ...base, '--git', 'https://example.com/r.git'])
      expect(two.code).toBe(2)
      expect(two.stderr).toMatch(/exactly one source.*--image and --git/)
      const none = await pier(['app', 'create', 'x', '--server', 'h1'])
      expect(none.code).toBe(2)
      expect(none.stderr).toMatch(/exactly one source/)
      const ext = await pier(['app', 'create', 'x', '--server', 'h1', '--git', 'ext::sh -c id'])
      expect(ext.code).toBe(1)
      expect(ext.stderr).toMatch(/transport::address/)
      const cred = await pier([
        'app',
        'create',
        'x',
        '--server',
        'h1',
        '--git',
        'https://bob:hunter2@example.com/r.git'
      ])
      expect(cred.stderr).toMatch(/deploy key/)
      expect(cred.stderr).not.toContain('hunter2')
      const ref = await pier([
        'app',
        'create',
        'x',
        '--server',
        'h1',
        '--git',
        'git@h:r',
        '--ref=-b'
      ])
      expect(ref.stderr).toMatch(/cannot start with "-"/)
      const df = await pier([
        'app',
        'create',
        'x',
        '--server',
        'h1',
        '--dir',
        '/tmp',
        '--dockerfile',
        '../Dockerfile'
      ])
      expect(df.stderr).toMatch(/cannot leave the source folder/)
      const name = await pier(['app', 'create', '$(id)', ...base])
      expect(name.code).toBe(1)
      expect(name.stderr).toMatch(/app name/)
      const port = await pier(['app', 'create', 'x', ...base, '--port', '99999:80'])
      expect(port.stderr).toMatch(/port mapping/)
      const env = await pier(['app', 'create', 'x', ...base, '--env', 'A B=1'])
      expect(env.stderr).toMatch(/KEY=VALUE/)
      const image = await pier(['app', 'create', 'x', '--server', 'h1', '--image', 'a;id'])
      expect(image.stderr).toMatch(/image/i)
      expect(JSON.parse((await pier(['app', 'list', '--json'])).stdout)).toEqual([])
    })

    it('create, deploy --wait --json, releases --json, rollback, logs, list, remove', async () => {
      const created = await pier([
        'app',
        'create',
        'cliweb',
        '--server',
        'h1',
        '--image',
        'busybox:local',
        '--port',
        '18081:8080',
        '--env',
        'GREETING=one $x #y',
        '--env',
        'OTHER=2',
        ...command('v1'),
        '--health-cmd',
        HEALTH,
        '--health-interval',
        '2',
        '--stop-grace',
        '1'
      ])
      expect(created.stderr).toBe('')
      expect(created.code).toBe(0)
      const list = JSON.parse((await pier(['app', 'list', '--json'])).stdout)
      expect(list[0]).toMatchObject({
        name: 'cliweb',
        server: 'h1',
        spec: { env: { GREETING: 'one $x #y', OTHER: '2' } }
      })

      const d1 = await pier(['app', 'deploy', 'cliweb', '--wait', '--json'])
      expect(d1.code).toBe(0)
      expect(JSON.parse(d1.stdout)).toMatchObject({ state: 'succeeded', release: 1 })
      expect((await pier(['app', 'update', 'cliweb', ...command('v2')])).code).toBe(0)
      const d2 = await pier(['app', 'deploy', 'cliweb', '--wait', '--json'])
      expect(JSON.parse(d2.stdout)).toMatchObject({ state: 'succeeded', release: 2 })

      const rels = JSON.parse((await pier(['app', 'releases', 'cliweb', '--json'])).stdout)
      expect(rels.map((r: { number: number; current: boolean }) => [r.number, r.current])).toEqual([
        [2, true],
        [1, false]
      ])
      const back = await pier(['app', 'rollback', 'cliweb', '--to', '1'])
      expect(back.code).toBe(0)
      expect(back.stdout).toMatch(/release 3 is live/)
      const after = JSON.parse((await pier(['app', 'releases', 'cliweb', '--json'])).stdout)
      expect(after[0]).toMatchObject({ number: 3, current: true, imageId: rels[1].imageId })
      expect(after[0].config.spec.command.join(' ')).toContain('echo v1')

      const logs = await pier(['app', 'logs', 'cliweb', '--tail', '50'])
      expect(logs.code).toBe(0)
      expect(logs.stdout).toContain('started one $x #y')

      const removed = await pier(['app', 'remove', 'cliweb'])
      expect(removed.code).toBe(0)
      expect(JSON.parse((await pier(['app', 'list', '--json'])).stdout)).toEqual([])
    }, 400_000)

    it.skipIf(!keyring)(
      'a git app shows its deploy key; --dir is kept as an absolute path',
      async () => {
        const created = await pier([
          'app',
          'create',
          'gitcli',
          '--server',
          'h1',
          '--git',
          'git@git.example.com:acme/web.git',
          '--ref',
          'v1.2',
          '--submodules',
          '--build-arg',
          'MODE=prod x',
          '--dockerfile',
          'docker/Dockerfile'
        ])
        expect(created.stderr).toBe('')
        const key = /^ssh-ed25519 \S+ pier-deploy-gitcli$/m.exec(created.stdout)?.[0]
        expect(key).toBeDefined()
        const shown = await pier(['app', 'deploy-key', 'gitcli'])
        expect(shown.stdout.trim()).toBe(key)
        const app = JSON.parse((await pier(['app', 'list', '--json'])).stdout)[0]
        expect(app.source).toEqual({
          type: 'git',
          url: 'git@git.example.com:acme/web.git',
          ref: 'v1.2',
          submodules: true,
          dockerfile: 'docker/Dockerfile',
          buildArgs: { MODE: 'prod x' },
          baseImage: null
        })
        expect(JSON.stringify(app)).not.toContain('PRIVATE KEY')
        expect((await pier(['app', 'remove', 'gitcli'])).code).toBe(0)

        const folder = fs.mkdtempSync('/tmp/pier-cli-dir-')
        try {
          const dir = await pier([
            'app',
            'create',
            'dircli',
            '--server',
            'h1',
            '--dir',
            path.relative(process.cwd(), folder)
          ])
          expect(dir.stderr).toBe('')
          const listed = JSON.parse((await pier(['app', 'list', '--json'])).stdout)[0]
          expect(listed.source).toMatchObject({ type: 'dir', path: folder })
          const noKey = await pier(['app', 'deploy-key', 'dircli'])
          expect(noKey.stderr).toMatch(/not built from git/)
          expect((await pier(['app', 'remove', 'dircli'])).code).toBe(0)
        } finally {
          fs.rmSync(folder, { recursive: true, force: true })
        }
      },
      120_000
    )

    it.skipIf(!keyring)('--secret reads its value from stdin, never argv', async () => {
      const r = await pier(
        ['app', 'create', 'sec', '--server', 'h1', '--image', 'busybox:local', '--secret', 'TOKEN'],
        'from-stdin $(id)\n'
      )
      expect(r.code).toBe(0)
      const app = JSON.parse((await pier(['app', 'list', '--json'])).stdout)[0]
      expect(app.spec.secretKeys).toEqual(['TOKEN'])
      expect(JSON.stringify(app)).not.toContain('from-stdin')
      expect((await pier(['app', 'remove', 'sec'])).code).toBe(0)
    })
  }
)
