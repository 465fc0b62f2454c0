// Apps built on the server, on real hosts: a git repository served over SSH by the second host
// (a real clone with the app's deploy key, restricted to git-shell there), a local folder with
// and without a Dockerfile (static site detection on busybox:local), a broken build that leaves
// the old release serving, hostile sources refused up front, and a deploy key that never shows
// in ps, a job log or Pier's own files.
import fs from 'node:fs'
import path from 'node:path'
import type { Client } from 'ssh2'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createCore, type Core } from '../../main/core/core'
import { shQuote } from '../../main/core/ssh/quote'
import { cutLink, restoreLink } from '../hosts/harness'
import { memoryKeychain } from '../support/memory-keychain'
import { HOSTILE } from '../support/hostile'
import { ensureSwarm, fetchOnHost, leaveSwarm } from './apps-support'
import { connectSsh, execOn, hostsOrSkip, recordHarnessServer, type TestHost } from './support'

const hosts = hostsOrSkip()
const SITE_PORT = 18_091
const DF_PORT = 18_092
const GIT_PORT = 18_093
const HEALTH = (port: number) =>
  `printf 'GET / HTTP/1.0\\r\\n\\r\\n' | nc -w 2 127.0.0.1 ${port} | grep -q 200`

const write = (root: string, files: Record<string, string>): void => {
  for (const [f, body] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, f)), { recursive: true })
    fs.writeFileSync(path.join(root, f), body)
  }
}

async function jobLog(core: Core, server: string, jobId: string): Promise<string> {
  let log = ''
  for await (const c of core.jobs.logs(server, jobId)) log += c.data
  return log
}

describe.skipIf(hosts.length < 2)('apps built on the server (real hosts)', () => {
  let core: Core
  let home = ''
  let work = ''
  let h1: TestHost
  let h2: TestHost
  let c1: Client
  let c2: Client
  const keychain = memoryKeychain()
  const savedBase = process.env.PIER_BASE_IMAGE_STATIC

  beforeAll(async () => {
    h1 = hosts[0] as TestHost
    h2 = hosts[1] as TestHost
    await ensureSwarm(h1)
    home = fs.mkdtempSync('/tmp/pier-apps-build-')
    work = fs.mkdtempSync('/tmp/pier-apps-src-')
    // How a user (and this test) points generated Dockerfiles at a local image.
    process.env.PIER_BASE_IMAGE_STATIC = 'busybox:local'
    core = createCore({ home, keychain, sshKeepaliveMs: 1000, trackJobs: true, jobPollMs: 300 })
    recordHarnessServer(core, h1, 'h1')
    c1 = await connectSsh(h1)
    c2 = await connectSsh(h2)
  })
  afterAll(async () => {
    await restoreLink(h1.name).catch(() => undefined)
    if (savedBase === undefined) delete process.env.PIER_BASE_IMAGE_STATIC
    else process.env.PIER_BASE_IMAGE_STATIC = savedBase
    for (const a of core?.apps.list() ?? []) await core.apps.remove(a.name).catch(() => undefined)
    // The deploy key's line in the test user's authorized_keys (shared by the hosts) goes again.
    await execOn(
      c2,
      "sed -i '/pier-deploy-gitapp/d' ~/.ssh/authorized_keys; rm -rf ~/pier-git-test"
    ).catch(() => undefined)
    c1?.end()
    c2?.end()
    core?.close()
    await leaveSwarm(h1)
    fs.rmSync(home, { recursive: true, force: true })
    fs.rmSync(work, { recursive: true, force: true })
  }, 300_000)

  it('deploys a folder without a Dockerfile as a static site; ignored files never reach the server', async () => {
    const site = path.join(work, 'site')
    write(site, {
      'index.html': '<h1>static v1</h1>\n',
      'about.html': 'about\n',
      '.gitignore': 'private.txt\nbuild-cache/\n',
      'private.txt': 'gitignored-marker\n',
      'build-cache/blob': 'cache-marker\n',
      '.dockerignore': '*.md\n',
      'NOTES.md': 'dockerignored-marker\n',
      '.git/config': 'git-dir-marker\n'
    })
    core.apps.create({
      name: 'site',
      server: 'h1',
      dir: site,
      spec: {
        ports: [{ published: SITE_PORT, target: 80, protocol: 'tcp' }],
        healthcheck: {
          cmd: HEALTH(80),
          intervalSec: 2,
          timeoutSec: 2,
          retries: 2,
          startPeriodSec: 1
        },
        stopGraceSec: 1
      }
    })
    const r = await core.apps.deploy('site', { wait: true })
    expect(r, r.reason ?? '').toMatchObject({ state: 'succeeded', release: 1 })
    expect(await fetchOnHost(c1, SITE_PORT)).toBe('<h1>static v1</h1>\n')
    expect(await fetchOnHost(c1, SITE_PORT, '/about.html')).toBe('about\n')

    const log = await jobLog(core, 'h1', r.jobId)
    expect(log).toContain('::pier step fetch')
    expect(log).toContain('::pier step build')
    expect(log).toMatch(/detected a static project/)
    // What the image holds is what the upload held: no ignored file, no .git.
    const files = await execOn(c1, 'docker run --rm pier/site:1 find /site')
    expect(files.code).toBe(0)
    const paths = files.stdout.trim().split('\n')
    expect(paths).toContain('/site/index.html')
    expect(paths).toContain('/site/.gitignore')
    for (const gone of ['private.txt', 'build-cache', 'NOTES.md', '.git'])
      expect(paths.filter((p) => p.split('/').includes(gone))).toEqual([])
    const grep = await execOn(
      c1,
      'grep -rl -e gitignored-marker -e cache-marker -e dockerignored-marker -e git-dir-marker ~/.pier/apps/site ~/.pier/jobs 2>/dev/null; true'
    )
    expect(grep.stdout).toBe('')
    // The generated Dockerfile is kept with the release; the build's files are gone.
    const layout = await execOn(c1, 'cat ~/.pier/apps/site/releases/1.Dockerfile')
    expect(layout.stdout).toMatch(/^FROM busybox:local$/m)
    const leftovers = await execOn(
      c1,
      'find ~/.pier/apps/site/build ~/.pier/apps/site/uploads -mindepth 1 2>/dev/null; true'
    )
    expect(leftovers.stdout).toBe('')
    const tags = await execOn(c1, "docker image ls --format '{{.Tag}}' pier/site")
    expect(tags.stdout.trim().split('\n')).toEqual(['1'])
    const rel = (await core.apps.releases('site'))[0]
    expect(rel).toMatchObject({ number: 1, image: 'pier/site:1', commit: null })
    expect(rel?.config.source).toMatchObject({ type: 'dir', path: site })
  }, 300_000)

  it('builds a folder with its own Dockerfile and build args; a broken build keeps the old release serving', async () => {
    const src = path.join(work, 'df')
    const ARG = `it's "$(id)" $HOME #x`
    const dockerfile = (extra: string) =>
      [
        'FROM busybox:local',
        'ARG GREETING',
        'COPY web /web',
        'RUN printf "%s\\n" "$GREETING" > /web/greeting.txt',
        extra,
        'CMD ["httpd", "-f", "-p", "8080", "-h", "/web"]',
        ''
      ].join('\n')
    write(src, { 'web/index.html': 'df v1\n', 'docker/web.Dockerfile': dockerfile('') })
    core.apps.create({
      name: 'dfapp',
      server: 'h1',
      dir: src,
      dockerfile: 'docker/web.Dockerfile',
      buildArgs: { GREETING: ARG },
      spec: {
        ports: [{ published: DF_PORT, target: 8080, protocol: 'tcp' }],
        healthcheck: {
          cmd: HEALTH(8080),
          intervalSec: 2,
          timeoutSec: 2,
          retries: 2,
          startPeriodSec: 1
        },
        stopGraceSec: 1
      }
    })
    const one = await core.apps.deploy('dfapp', { wait: true })
    expect(one, one.reason ?? '').toMatchObject({ state: 'succeeded', release: 1 })
    expect(await fetchOnHost(c1, DF_PORT)).toBe('df v1\n')
    expect(await fetchOnHost(c1, DF_PORT, '/greeting.txt')).toBe(`${ARG}\n`)
    const gen = await execOn(c1, 'ls ~/.pier/apps/dfapp/releases/')
    expect(gen.stdout).not.toContain('Dockerfile')

    // Broken: the new content is there, but a RUN fails.
    write(src, {
      'web/index.html': 'df v2\n',
      'docker/web.Dockerfile': dockerfile('RUN echo "boom-marker: the tests broke it" >&2; exit 3')
    })
    const broken = await core.apps.deploy('dfapp', { wait: true })
    expect(broken.state).toBe('failed')
    expect(broken.reason).toMatch(/the build failed/)
    expect(broken.release).toBeNull()
    const log = await jobLog(core, 'h1', broken.jobId)
    expect(log).toContain('boom-marker: the tests broke it')
    expect(log).not.toContain('::pier step update')
    expect(await fetchOnHost(c1, DF_PORT)).toBe('df v1\n')
    const releases = await core.apps.releases('dfapp')
    expect(releases.map((x) => [x.number, x.current])).toEqual([[1, true]])
    const left = await execOn(
      c1,
      "docker image ls --format '{{.Repository}}:{{.Tag}}' pier/dfapp; find ~/.pier/apps/dfapp/build ~/.pier/apps/dfapp/uploads -mindepth 1 2>/dev/null; true"
    )
    expect(left.stdout.trim()).toBe('pier/dfapp:1')
  }, 300_000)

  it('a cut link mid-build: the build and deploy finish on the server, Pier re-attaches to the success', async () => {
    const src = path.join(work, 'df')
    write(src, {
      'web/index.html': 'df v3\n',
      'docker/web.Dockerfile': [
        'FROM busybox:local',
        'COPY web /web',
        'RUN echo building slowly && sleep 8',
        'CMD ["httpd", "-f", "-p", "8080", "-h", "/web"]',
        ''
      ].join('\n')
    })
    const d = await core.apps.deploy('dfapp')
    await expect
      .poll(async () => (await core.jobs.status('h1', d.jobId)).step, { timeout: 60_000 })
      .toBe('build')
    await cutLink(h1.name)
    try {
      await new Promise((r) => setTimeout(r, 10_000))
    } finally {
      await restoreLink(h1.name)
    }
    const r = await core.apps.wait('dfapp', d.jobId)
    expect(r.state, r.reason ?? '').toBe('succeeded')
    expect(await fetchOnHost(c1, DF_PORT)).toBe('df v3\n')
    expect(await jobLog(core, 'h1', d.jobId)).toContain('building slowly')
  }, 300_000)

  it('deploys from a git repository on a second host over SSH with its deploy key, then a new commit', async () => {
    const bare = '~/pier-git-test/site.git'
    const setup = await execOn(
      c2,
      [
        'set -e',
        'rm -rf ~/pier-git-test && mkdir -p ~/pier-git-test',
        `git init -q --bare ${bare}`,
        'git init -q ~/pier-git-test/work && cd ~/pier-git-test/work',
        'git checkout -q -b main',
        'mkdir site && echo "git v1" > site/index.html',
        `printf 'FROM busybox:local\\nCOPY site /site\\nCMD ["httpd", "-f", "-p", "8080", "-h", "/site"]\\n' > Dockerfile`,
        'git add -A && git -c user.name=t -c user.email=t@t commit -q -m one',
        `git push -q ${bare} main`,
        `git -C ${bare} symbolic-ref HEAD refs/heads/main`,
        'git rev-parse HEAD',
        `cd ${bare} && pwd`
      ].join('\n')
    )
    expect(setup.code, setup.stderr).toBe(0)
    const [first, barePath] = setup.stdout.trim().split('\n')
    const app = core.apps.create({
      name: 'gitapp',
      server: 'h1',
      git: `${h2.username}@${h2.ip}:${barePath}`,
      spec: {
        ports: [{ published: GIT_PORT, target: 8080, protocol: 'tcp' }],
        healthcheck: {
          cmd: HEALTH(8080),
          intervalSec: 2,
          timeoutSec: 2,
          retries: 2,
          startPeriodSec: 1
        },
        stopGraceSec: 1
      }
    })
    expect(app.deployKey).toMatch(/^ssh-ed25519 \S+ pier-deploy-gitapp$/)
    expect(core.apps.deployKey('gitapp').publicKey).toBe(app.deployKey)
    const privateKey = keychain.entries.get(`app-deploy-key:${app.id}`) ?? ''
    expect(privateKey).toMatch(/BEGIN OPENSSH PRIVATE KEY/)
    // What the user does on GitHub/Gitea: add the key, here limited to git over git-shell.
    const line = `command="git-shell -c \\"$SSH_ORIGINAL_COMMAND\\"",no-port-forwarding,no-pty,no-agent-forwarding ${app.deployKey}`
    const auth = await execOn(c2, `printf '%s\\n' ${shQuote(line)} >> ~/.ssh/authorized_keys`)
    expect(auth.code).toBe(0)

    // A slice of the private key that must never show anywhere.
    const keyBody = (privateKey.split('\n')[2] ?? '').slice(0, 40)
    expect(keyBody.length).toBe(40)
    const ps = execOn(c1, 'i=0; while [ $i -lt 200 ]; do ps -eo args; i=$((i+1)); sleep 0.1; done')
    const one = await core.apps.deploy('gitapp', { wait: true })
    expect(one, one.reason ?? '').toMatchObject({ state: 'succeeded', release: 1 })
    expect(await fetchOnHost(c1, GIT_PORT)).toBe('git v1\n')
    const psOut = (await ps).stdout
    expect(psOut).toContain('git')
    expect(psOut).not.toContain(keyBody)
    const log1 = await jobLog(core, 'h1', one.jobId)
    expect(log1).toContain(`commit ${first}`)
    expect(log1).not.toContain(keyBody)
    expect((await core.apps.releases('gitapp'))[0]?.commit).toBe(first)
    // The host key of the git server was learned into the app's own known_hosts.
    const kh = await execOn(c1, `ssh-keygen -F ${h2.ip} -f ~/.pier/apps/gitapp/known_hosts`)
    expect(kh.stdout).toContain(h2.hostPublicKey.split(' ')[1])

    const push = await execOn(
      c2,
      [
        'set -e',
        'cd ~/pier-git-test/work',
        'echo "git v2" > site/index.html',
        'git -c user.name=t -c user.email=t@t commit -q -am two',
        `git push -q ${bare} main`,
        'git rev-parse HEAD'
      ].join('\n')
    )
    const second = push.stdout.trim()
    expect(second).toMatch(/^[0-9a-f]{40}$/)
    const two = await core.apps.deploy('gitapp', { wait: true })
    expect(two, two.reason ?? '').toMatchObject({ state: 'succeeded', release: 2 })
    expect(await fetchOnHost(c1, GIT_PORT)).toBe('git v2\n')
    const rels = await core.apps.releases('gitapp')
    expect(rels.map((x) => [x.number, x.commit])).toEqual([
      [2, second],
      [1, first]
    ])

    // A commit id takes the full-history path; the old content is served again.
    core.apps.update('gitapp', { ref: first })
    const three = await core.apps.deploy('gitapp', { wait: true })
    expect(three, three.reason ?? '').toMatchObject({ state: 'succeeded', release: 3 })
    expect(await fetchOnHost(c1, GIT_PORT)).toBe('git v1\n')
    expect((await core.apps.releases('gitapp'))[0]?.commit).toBe(first)

    // Rolling back re-deploys a kept image and keeps its commit, without fetching.
    const back = await core.apps.rollback('gitapp', { to: 2, wait: true })
    expect(back).toMatchObject({ state: 'succeeded', release: 4 })
    expect(await fetchOnHost(c1, GIT_PORT)).toBe('git v2\n')
    expect((await core.apps.releases('gitapp'))[0]?.commit).toBe(second)
    expect(await jobLog(core, 'h1', back.jobId)).not.toContain('::pier step fetch')

    // Nothing of Pier's on this laptop holds the private key but the keychain.
    await expect
      .poll(() => core.jobs.history('h1').find((j) => j.id === back.jobId)?.localBytes, {
        timeout: 15_000
      })
      .toBeGreaterThan(0)
    for (const f of fs.readdirSync(home, { recursive: true, withFileTypes: true })) {
      if (!f.isFile()) continue
      expect(fs.readFileSync(path.join(f.parentPath, f.name)).includes(keyBody)).toBe(false)
    }
    // The job's secrets folder went with the job.
    const secretsLeft = await execOn(c1, 'ls -d ~/.pier/jobs/*/secrets 2>/dev/null; true')
    expect(secretsLeft.stdout).not.toContain(one.jobId)
  }, 400_000)

  it("a wrong ref fails the fetch with git's reason and leaves the release serving", async () => {
    core.apps.update('gitapp', { ref: 'no-such-branch' })
    const r = await core.apps.deploy('gitapp', { wait: true })
    expect(r.state).toBe('failed')
    expect(r.reason).toMatch(/could not clone no-such-branch/)
    const log = await jobLog(core, 'h1', r.jobId)
    expect(log).toMatch(/no-such-branch/)
    expect(log).not.toContain('::pier step build')
    expect(await fetchOnHost(c1, GIT_PORT)).toBe('git v2\n')
  }, 300_000)

  it('checks out submodules over SSH with the same deploy key when asked', async () => {
    const root = (await execOn(c2, 'cd ~ && pwd')).stdout.trim()
    const lib = `${root}/pier-git-test/lib.git`
    const made = await execOn(
      c2,
      [
        'set -e',
        `git init -q --bare ${lib}`,
        'git init -q ~/pier-git-test/libwork && cd ~/pier-git-test/libwork',
        'git checkout -q -b main && echo "from the submodule" > part.html',
        'git add -A && git -c user.name=t -c user.email=t@t commit -q -m lib',
        `git push -q ${lib} main && git -C ${lib} symbolic-ref HEAD refs/heads/main`,
        'cd ~/pier-git-test/work',
        // Added from the local path, then pointed at the SSH URL the server will use.
        `git -c protocol.file.allow=always submodule add -q ${lib} site/lib`,
        `git config -f .gitmodules submodule.site/lib.url ${h2.username}@${h2.ip}:${lib}`,
        'git add -A && git -c user.name=t -c user.email=t@t commit -q -m submodule',
        'git push -q ~/pier-git-test/site.git main'
      ].join('\n')
    )
    expect(made.code, made.stderr).toBe(0)
    core.apps.update('gitapp', { ref: 'main' })
    const without = await core.apps.deploy('gitapp', { wait: true })
    expect(without.state, without.reason ?? '').toBe('succeeded')
    expect(await fetchOnHost(c1, GIT_PORT, '/lib/part.html')).not.toContain('from the submodule')
    core.apps.update('gitapp', { submodules: true })
    const r = await core.apps.deploy('gitapp', { wait: true })
    expect(r.state, r.reason ?? '').toBe('succeeded')
    expect(await fetchOnHost(c1, GIT_PORT, '/lib/part.html')).toBe('from the submodule\n')
  }, 300_000)

  it('refuses hostile git URLs, refs and Dockerfile paths before anything reaches a server', () => {
    const before = core.apps.list().length
    const refused = (f: () => unknown): string => {
      try {
        f()
      } catch (e) {
        return (e as Error).message
      }
      return 'accepted'
    }
    const base = { server: 'h1', spec: {} }
    for (const url of [
      ...HOSTILE,
      'ext::sh -c id',
      '--upload-pack=touch /tmp/pwned',
      'file:///etc',
      'https://user:pw@example.com/r.git'
    ]) {
      const m = refused(() => core.apps.create({ ...base, name: 'bad', git: url }))
      expect(m, url).not.toBe('accepted')
      expect(m).not.toContain('pw@')
    }
    for (const ref of [...HOSTILE, '-b', 'a..b'])
      expect(
        refused(() => core.apps.create({ ...base, name: 'bad', git: 'git@h:r.git', ref })),
        ref
      ).not.toBe('accepted')
    for (const dockerfile of ['../Dockerfile', '/etc/passwd', 'a/../../b', '-f', ...HOSTILE])
      expect(
        refused(() => core.apps.create({ ...base, name: 'bad', dir: work, dockerfile })),
        dockerfile
      ).not.toBe('accepted')
    expect(refused(() => core.apps.create({ ...base, name: 'bad', dir: '/no/such/dir' }))).toMatch(
      /no folder/
    )
    expect(
      refused(() =>
        core.apps.create({
          ...base,
          name: 'bad',
          dir: work,
          buildArgs: { TOKEN: 'plain' },
          secretValues: { TOKEN: 'secret' }
        })
      )
    ).toMatch(/does not pass secrets to builds/)
    expect([...keychain.entries.keys()].filter((k) => k.startsWith('app-secret:'))).toEqual([])
    expect(core.apps.list().length).toBe(before)
  })
})
