// Sources of apps built on the server: git URL, ref, Dockerfile path and build arg rules, the
// flags-to-source logic, stack detection (the sh library, run for real under dash and busybox),
// the Dockerfiles Pier writes, and which files of a local folder reach the server.
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { mergeSource, newDeployKey, sourceFromInput } from '../../main/core/apps/build'
import { renderDockerfile, resolveBases, stackDockerfiles } from '../../main/core/apps/dockerfiles'
import { appSchema, releaseSchema } from '../../main/core/apps/model'
import { contextFiles, dockerignoreRules } from '../../main/core/apps/pack'
import {
  appSource,
  buildArgPair,
  dockerfilePath,
  gitRef,
  gitUrl,
  isCommitId,
  redactUrl
} from '../../main/core/apps/source'
import { remoteScript } from '../../main/core/remote-scripts'
import { HOSTILE } from '../support/hostile'
import { tmpDir } from '../support/tmp'

const message = (r: { success: boolean; error?: { issues: { message: string }[] } }) =>
  r.success ? 'accepted' : (r.error?.issues[0]?.message ?? '')

describe('git URLs', () => {
  it('takes https, ssh and scp-like URLs', () => {
    for (const ok of [
      'https://github.com/acme/web.git',
      'https://gitea.example.com:3000/acme/web',
      'ssh://git@github.com/acme/web.git',
      'ssh://git@10.0.0.2:2222/srv/git/web.git',
      'git@github.com:acme/web.git',
      'pier-test@10.222.0.12:/home/x/repo.git'
    ])
      expect(message(gitUrl.safeParse(ok))).toBe('accepted')
  })

  it('refuses transports that run programs, option-looking URLs and other schemes', () => {
    const cases: [string, RegExp][] = [
      ['ext::sh -c touch% /tmp/pwned', /transport::address|spaces/],
      ['ext::sh', /transport::address/],
      ['fd::17', /transport::address/],
      ['file::/etc', /transport::address/],
      ['--upload-pack=touch /tmp/pwned', /start with "-"/],
      ['-oProxyCommand=id', /start with "-"/],
      ['ssh://-oProxyCommand=id/x', /host/],
      ['ssh://host/repo--upload-pack=id', /upload-pack/],
      ['file:///etc/passwd', /file:\/\/ are not supported/],
      ['git://example.com/r.git', /git:\/\/ are not supported/],
      ['http://example.com/r.git', /http:\/\/ are not supported/],
      ['https://example.com/r.git\nid', /control characters/],
      ['https://example.com/a b', /spaces/],
      ['https://example.com/r.git?x=1', /query/],
      ['https://example.com/../etc', /"\.\."/],
      ['git@host:../../etc/passwd', /"\.\."/],
      ['git@host:-x', /repository path/],
      ['/srv/git/repo.git', /https:\/\/host\/path/],
      ['', /empty/]
    ]
    for (const [url, why] of cases) expect(message(gitUrl.safeParse(url)), url).toMatch(why)
    for (const bad of HOSTILE) expect(gitUrl.safeParse(bad).success, bad).toBe(false)
  })

  it('refuses credentials in https URLs without repeating them, and redacts them for logs', () => {
    const r = gitUrl.safeParse('https://alice:hunter2@example.com/r.git')
    expect(message(r)).toMatch(/deploy key/)
    expect(message(r)).not.toContain('hunter2')
    expect(message(gitUrl.safeParse('https://ghp_TOKEN123@github.com/a/b'))).not.toContain(
      'ghp_TOKEN123'
    )
    expect(redactUrl('https://alice:hunter2@example.com/r.git')).toBe(
      'https://***@example.com/r.git'
    )
    expect(redactUrl('https://TOKEN@example.com/r')).toBe('https://***@example.com/r')
    expect(redactUrl('ssh://git:pw@example.com/r')).toBe('ssh://git:***@example.com/r')
    expect(redactUrl('git@github.com:a/b.git')).toBe('git@github.com:a/b.git')
  })
})

describe('refs, Dockerfile paths and build args', () => {
  it('follows check-ref-format and refuses leading dashes', () => {
    for (const ok of ['main', 'release/1.2', 'v1.0.0', 'feature/x-y_z', 'a'.repeat(40)])
      expect(message(gitRef.safeParse(ok)), ok).toBe('accepted')
    for (const bad of [
      '-b',
      '--upload-pack=x',
      'a..b',
      'a b',
      'x~1',
      'x^',
      'a:b',
      'a?',
      'a*',
      'a[b',
      'a\\b',
      '/a',
      'a/',
      'a//b',
      'a.',
      'a.lock',
      '.hidden',
      'x/.y',
      '@',
      'a@{1}',
      'a\nb',
      ...HOSTILE
    ])
      expect(gitRef.safeParse(bad).success, bad).toBe(false)
    expect(message(gitRef.safeParse('-x'))).toMatch(/cannot start with "-"/)
    expect(isCommitId('0123456789abcdef0123456789abcdef01234567')).toBe(true)
    expect(isCommitId('main')).toBe(false)
  })

  it('takes relative Dockerfile paths inside the source only', () => {
    for (const ok of ['Dockerfile', 'docker/prod.Dockerfile', './Dockerfile', 'a/b/Dockerfile.web'])
      expect(message(dockerfilePath.safeParse(ok)), ok).toBe('accepted')
    const cases: [string, RegExp][] = [
      ['/etc/passwd', /relative/],
      ['../Dockerfile', /"\.\."/],
      ['docker/../../x', /"\.\."/],
      ['-f', /"-"/],
      ['a b', /only letters/],
      ['$(id)', /only letters/],
      ['a\nb', /only letters/],
      ['', /empty/]
    ]
    for (const [p, why] of cases) expect(message(dockerfilePath.safeParse(p)), p).toMatch(why)
    for (const bad of HOSTILE) expect(dockerfilePath.safeParse(bad).success, bad).toBe(false)
  })

  it('splits build args at the first "=" and keeps hostile values literal', () => {
    expect(buildArgPair.parse('A=b=c')).toEqual(['A', 'b=c'])
    for (const v of HOSTILE.filter((h) => !h.includes('\0')))
      expect(buildArgPair.parse(`V=${v}`)).toEqual(['V', v])
    for (const bad of ['=x', 'A', '1A=x', 'A-B=x', '$(id)=1', 'PIER_SITE_DIR=x'])
      expect(buildArgPair.safeParse(bad).success, bad).toBe(false)
  })
})

describe('sources from flags', () => {
  it('needs exactly one source, and build settings only for builds', () => {
    expect(() => sourceFromInput({})).toThrow(/needs a source/)
    expect(() => sourceFromInput({ image: 'busybox:local', git: 'git@h:r' })).toThrow(/one source/)
    expect(() => sourceFromInput({ image: 'busybox:local', dockerfile: 'Dockerfile' })).toThrow(
      /--dockerfile applies to --git and --dir/
    )
    expect(() => sourceFromInput({ dir: '/srv/site', ref: 'main' })).toThrow(/--ref/)
    expect(() => sourceFromInput({ dir: 'relative/site' })).toThrow(/absolute/)
    expect(
      sourceFromInput({ git: 'git@h:r.git', ref: 'v2', buildArgs: { A: '1' }, submodules: true })
    ).toEqual({
      type: 'git',
      url: 'git@h:r.git',
      ref: 'v2',
      submodules: true,
      dockerfile: null,
      buildArgs: { A: '1' },
      baseImage: null
    })
  })

  it('updates build settings in place and switches sources', () => {
    const git = sourceFromInput({ git: 'git@h:r.git', ref: 'main', buildArgs: { A: '1' } })
    expect(mergeSource(git, { ref: 'v3', buildArgs: { B: '2' } })).toMatchObject({
      type: 'git',
      ref: 'v3',
      buildArgs: { A: '1', B: '2' }
    })
    expect(mergeSource(git, {})).toBe(git)
    expect(mergeSource(git, { dir: '/srv/x' })).toMatchObject({ type: 'dir', path: '/srv/x' })
    expect(mergeSource(git, { image: 'busybox:local' })).toEqual({
      type: 'image',
      image: 'busybox:local'
    })
    const image = sourceFromInput({ image: 'busybox:local' })
    expect(() => mergeSource(image, { dockerfile: 'Dockerfile' })).toThrow(/runs an image/)
    const dir = sourceFromInput({ dir: '/srv/x' })
    expect(() => mergeSource(dir, { ref: 'main' })).toThrow(/--ref/)
    expect(mergeSource(dir, { dockerfile: 'web/Dockerfile' })).toMatchObject({
      type: 'dir',
      path: '/srv/x',
      dockerfile: 'web/Dockerfile'
    })
  })

  it('still reads image apps and releases stored before builds existed', () => {
    const old = { type: 'image', image: 'nginx:1.27' }
    expect(appSource.parse(old)).toEqual(old)
    const app = appSchema.parse({
      id: 'x',
      name: 'web',
      server: 's',
      serverId: 's',
      source: old,
      spec: {
        env: {},
        secretKeys: [],
        command: null,
        ports: [],
        volumes: [],
        replicas: 1,
        cpus: null,
        memoryMb: null,
        healthcheck: null,
        restart: 'any',
        keep: 5
      },
      createdAt: 1,
      updatedAt: 1
    })
    expect(app.deployKey).toBeNull()
    const rel = releaseSchema.parse({
      number: 1,
      image: 'nginx:1.27',
      imageId: 'sha256:x',
      digest: null,
      config: { source: old, spec: app.spec },
      jobId: null,
      createdAt: 1,
      pruned: false,
      current: true
    })
    expect(rel.commit).toBeNull()
  })

  it('makes an ed25519 deploy key in OpenSSH format', () => {
    const k = newDeployKey('web')
    expect(k.publicKey).toMatch(/^ssh-ed25519 AAAA[A-Za-z0-9+/=]+ pier-deploy-web$/)
    expect(k.privateKey).toMatch(/^-----BEGIN OPENSSH PRIVATE KEY-----\n/)
    expect(newDeployKey('web').publicKey).not.toBe(k.publicKey)
  })
})

describe.each([
  ['dash', ['/bin/sh']],
  ['busybox ash', ['busybox', 'sh']]
])('stack detection under %s', (_name, shell) => {
  const lib = remoteScript('deploy.sh').match(/^detect_stack\(\) \{[\s\S]*?^\}$/m)?.[0] ?? ''
  const detect = (files: string[]): string => {
    const dir = tmpDir()
    for (const f of files) {
      fs.mkdirSync(path.dirname(path.join(dir, f)), { recursive: true })
      fs.writeFileSync(path.join(dir, f), 'x')
    }
    return execFileSync(
      shell[0] as string,
      [...shell.slice(1), '-c', `${lib}\ndetect_stack "$1"`, 'detect', dir],
      { encoding: 'utf8' }
    ).trim()
  }

  it('tells Node, Go, Python, PHP and static sites apart, first match winning', () => {
    expect(lib).toContain('package.json')
    expect(detect(['package.json', 'index.html', 'dist/index.html'])).toBe('node')
    expect(detect(['go.mod', 'main.go'])).toBe('go')
    expect(detect(['requirements.txt'])).toBe('python')
    expect(detect(['pyproject.toml'])).toBe('python')
    expect(detect(['composer.json'])).toBe('php')
    expect(detect(['index.php'])).toBe('php')
    expect(detect(['index.html', 'style.css'])).toBe('static .')
    expect(detect(['README.md', 'dist/index.html'])).toBe('static dist')
    expect(detect(['public/index.html'])).toBe('static public')
    expect(detect(['README.md', 'src/main.rs'])).toBe('')
  })
})

describe('generated Dockerfiles', () => {
  it('uses the defaults, the environment, then the app override', () => {
    const none = resolveBases(null, {})
    expect(none.node.NODE).toBe('node:22-bookworm-slim')
    const env = resolveBases(null, {
      PIER_BASE_IMAGE_STATIC: 'busybox:local',
      PIER_BASE_IMAGE_NODE: 'bad image\nRUN id'
    })
    expect(env.static.STATIC).toBe('busybox:local')
    expect(env.node.NODE).toBe('node:22-bookworm-slim')
    const own = resolveBases('node:20-alpine', { PIER_BASE_IMAGE_NODE: 'x:1' })
    expect(own.node.NODE).toBe('node:20-alpine')
    expect(own.go.GO).toBe('node:20-alpine')
    expect(own.go.GO_RUNTIME).toBe('gcr.io/distroless/static-debian12')
  })

  it('serves static sites with nginx, or busybox httpd on any other base', () => {
    const nginx = renderDockerfile('static', resolveBases(null, {}).static)
    expect(nginx).toMatch(/^FROM nginx:1\.27-alpine$/m)
    expect(nginx).toContain('COPY ${PIER_SITE_DIR} /usr/share/nginx/html')
    const bb = renderDockerfile(
      'static',
      resolveBases(null, { PIER_BASE_IMAGE_STATIC: 'busybox:local' }).static
    )
    expect(bb).toMatch(/^FROM busybox:local$/m)
    expect(bb).toContain('CMD ["httpd", "-f", "-p", "80", "-h", "/site"]')
    const go = renderDockerfile('go', resolveBases(null, {}).go)
    expect(go.match(/^FROM /gm)).toHaveLength(2)
    expect(stackDockerfiles(null, {})).toHaveLength(5)
    // Each is valid JSON where Docker expects exec form.
    for (const df of stackDockerfiles(null, {}))
      for (const m of df.matchAll(/^(?:CMD|ENTRYPOINT) (.*)$/gm))
        expect(() => JSON.parse(m[1] as string)).not.toThrow()
  })
})

describe('the build context of a local folder', () => {
  const tree = (files: Record<string, string>): string => {
    const dir = tmpDir()
    for (const [f, body] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(dir, f)), { recursive: true })
      fs.writeFileSync(path.join(dir, f), body)
    }
    return dir
  }

  it('anchors .dockerignore patterns at the root', () => {
    expect(dockerignoreRules('# c\n\n*.md\n/tmp\n!keep.md\n**/*.log\n./x\n')).toEqual([
      '/*.md',
      '/tmp',
      '!/keep.md',
      '**/*.log',
      '/x'
    ])
  })

  it('leaves out .git, .dockerignore and .gitignore matches (nested too), keeps the Dockerfile', () => {
    const dir = tree({
      'index.html': '<h1>hi</h1>',
      'notes.md': 'x',
      'keep.md': 'x',
      'docs/inner.md': 'x',
      '.dockerignore': 'notes.md\n*.md\n!keep.md\nsecrets/\nDockerfile\n',
      '.gitignore': 'node_modules/\n*.log\n',
      'node_modules/a/index.js': 'x',
      'app.log': 'x',
      'sub/.gitignore': 'local.txt\n!wanted.log\n',
      'sub/local.txt': 'x',
      'sub/wanted.log': 'x',
      'sub/other.txt': 'x',
      'secrets/key': 'x',
      '.git/config': 'x',
      Dockerfile: 'FROM busybox:local\n'
    })
    const files = contextFiles(dir, ['Dockerfile'])
    expect(files.sort()).toEqual(
      [
        '.dockerignore',
        '.gitignore',
        'Dockerfile',
        'docs',
        'docs/inner.md',
        'index.html',
        'keep.md',
        'sub',
        'sub/.gitignore',
        'sub/other.txt',
        'sub/wanted.log'
      ].sort()
    )
  })
})
