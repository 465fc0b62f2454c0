import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { PierError } from '../../main/core/errors'
import type { IncludedFile, SshConfigOptions } from '../../main/core/ssh/ssh-config'
import {
  listImportableHosts,
  matchHostList,
  matchPattern,
  parseProxyJump,
  parseSshConfig,
  resolveHost
} from '../../main/core/ssh/ssh-config'
import { tmpDir } from '../support/tmp'

const HOME = '/home/ada'
const FILE = '/home/ada/.ssh/config'

function parse(text: string, extra: Partial<SshConfigOptions> = {}) {
  return parseSshConfig(text, { file: FILE, home: HOME, user: 'ada', ...extra })
}

function resolve(text: string, alias: string, extra: Partial<SshConfigOptions> = {}) {
  return resolveHost(parse(text, extra), alias)
}

function errorOf(fn: () => unknown): PierError {
  try {
    fn()
  } catch (err) {
    if (err instanceof PierError) return err
    throw err
  }
  throw new Error('expected a PierError')
}

const REALISTIC = `
# Personal servers
Host web
    HostName web1.example.com
    User deploy
    IdentityFile ~/.ssh/web_ed25519

Host db db-replica
    HostName %h.internal.example.com
    Port 2222
    ProxyJump ops@bastion.example.com

Host bastion
    HostName bastion.example.com
    User ops
    IdentitiesOnly yes

Host *.staging
    User stage

Host *
    User admin
    Port 2200
    IdentityFile ~/.ssh/id_ed25519
    ServerAliveInterval 30
`

describe('resolveHost on a realistic config', () => {
  const config = parse(REALISTIC)

  it('takes the specific block first and lets Host * fill the gaps', () => {
    expect(resolveHost(config, 'web')).toEqual({
      alias: 'web',
      hostName: 'web1.example.com',
      port: 2200,
      user: 'deploy',
      identityFiles: ['/home/ada/.ssh/web_ed25519', '/home/ada/.ssh/id_ed25519'],
      proxyJump: null,
      warnings: []
    })
  })

  it('matches any of several patterns and expands %h in HostName', () => {
    const r = resolveHost(config, 'db-replica')
    expect(r.hostName).toBe('db-replica.internal.example.com')
    expect(r.port).toBe(2222)
    expect(r.user).toBe('admin')
    expect(r.proxyJump).toBe('ops@bastion.example.com')
  })

  it('reads IdentitiesOnly only where it is set', () => {
    expect(resolveHost(config, 'bastion').identitiesOnly).toBe(true)
    expect(resolveHost(config, 'web')).not.toHaveProperty('identitiesOnly')
  })

  it('falls back to the alias, port 22 and the local user when nothing matches', () => {
    const r = resolveHost(parse('Host other\n  Port 1\n'), 'elsewhere')
    expect(r).toMatchObject({ hostName: 'elsewhere', port: 22, user: 'ada', identityFiles: [] })
  })

  it('applies wildcard blocks', () => {
    expect(resolveHost(config, 'api.staging')).toMatchObject({ user: 'stage', port: 2200 })
  })

  it('lists only concrete aliases', () => {
    expect(listImportableHosts(config)).toEqual(['web', 'db', 'db-replica', 'bastion'])
  })
})

describe('precedence', () => {
  it('keeps the first value obtained, even from Host * at the top', () => {
    const text = 'Host *\n  User early\nHost web\n  User late\n  Port 2022\n'
    expect(resolve(text, 'web')).toMatchObject({ user: 'early', port: 2022 })
  })

  it('keeps the first of two matching specific blocks', () => {
    const text = 'Host web\n  HostName one\nHost w*\n  HostName two\n  Port 7\n'
    expect(resolve(text, 'web')).toMatchObject({ hostName: 'one', port: 7 })
  })

  it('keeps every IdentityFile in order, dropping exact repeats', () => {
    const text = [
      'Host web',
      '  IdentityFile ~/.ssh/a',
      '  IdentityFile ~/.ssh/b',
      'Host *',
      '  IdentityFile ~/.ssh/a',
      '  IdentityFile ~/.ssh/c'
    ].join('\n')
    expect(resolve(text, 'web').identityFiles).toEqual([
      '/home/ada/.ssh/a',
      '/home/ada/.ssh/b',
      '/home/ada/.ssh/c'
    ])
  })
})

describe('lexing', () => {
  it('accepts any keyword case, Key=value, Key = value, tabs, CRLF and a BOM', () => {
    const text = '\uFEFFHOST web\r\n\thostname=web.example\r\n  PORT = 2022\r\n  uSeR\tbob\r\n'
    expect(resolve(text, 'web')).toMatchObject({ hostName: 'web.example', port: 2022, user: 'bob' })
  })

  it('skips comment lines and trailing comments', () => {
    const text = '# top\nHost web # the web box\n  # indented comment\n  Port 2022 # alt port\n'
    expect(resolve(text, 'web').port).toBe(2022)
  })

  it('honours quotes and backslash escapes', () => {
    const text = [
      'Host "web"',
      '  IdentityFile "~/.ssh/my key"',
      "  IdentityFile '~/.ssh/it''s'",
      '  IdentityFile ~/.ssh/back\\ slash'
    ].join('\n')
    expect(resolve(text, 'web').identityFiles).toEqual([
      '/home/ada/.ssh/my key',
      '/home/ada/.ssh/its',
      '/home/ada/.ssh/back slash'
    ])
  })

  it('ignores keywords it does not use, silently', () => {
    const config = parse('Host web\n  Compression yes\n  NoSuchOption 1\n  Ciphers aes128-ctr\n')
    expect(config.warnings).toEqual([])
    expect(resolveHost(config, 'web').warnings).toEqual([])
  })
})

describe('Host patterns', () => {
  it('supports *, ? and negation', () => {
    const text = [
      'Host *.prod !legacy.prod',
      '  User produser',
      'Host db?',
      '  Port 5',
      'Host *',
      '  User other'
    ].join('\n')
    expect(resolve(text, 'api.prod').user).toBe('produser')
    expect(resolve(text, 'legacy.prod').user).toBe('other')
    expect(resolve(text, 'db1').port).toBe(5)
    expect(resolve(text, 'db12').port).toBe(22)
  })

  it('compares the alias case-sensitively, like ssh', () => {
    const text = 'Host Web\n  Port 1\nHost web\n  Port 2\n'
    expect(resolve(text, 'Web').port).toBe(1)
    expect(resolve(text, 'web').port).toBe(2)
    expect(resolve(text, 'Web').hostName).toBe('web')
  })

  it('does not offer aliases that the same line negates', () => {
    expect(listImportableHosts(parse('Host a b !b c*\n  Port 1\nHost a\n  User x\n'))).toEqual([
      'a'
    ])
  })

  it('matchPattern and matchHostList follow match.c', () => {
    expect(matchPattern('abc', 'a*c')).toBe(true)
    expect(matchPattern('abbbc', 'a*b?')).toBe(true)
    expect(matchPattern('ab', 'a?c')).toBe(false)
    expect(matchPattern('', '*')).toBe(true)
    expect(matchPattern('ABC', 'abc')).toBe(false)
    expect(matchHostList('ABC.example', '*.EXAMPLE')).toBe(true)
    expect(matchHostList('x.example', '*.example,!x.example')).toBe(false)
    expect(matchHostList('y.example', ['!x.example', '*.example'])).toBe(true)
  })
})

describe('Match', () => {
  it('Match all applies to everything', () => {
    expect(resolve('Match all\n  User everyone\n', 'x').user).toBe('everyone')
  })

  it('Match host sees the HostName obtained before it, with %h expanded', () => {
    const text = [
      'Match host *.early',
      '  Port 1',
      'Host web',
      '  HostName %h.internal',
      'Match host *.INTERNAL',
      '  User internal',
      'Match originalhost web !host nothing',
      '  IdentityFile ~/.ssh/web'
    ].join('\n')
    const r = resolve(text, 'web')
    expect(r).toMatchObject({ hostName: 'web.internal', port: 22, user: 'internal' })
    expect(r.identityFiles).toEqual(['/home/ada/.ssh/web'])
    expect(resolve(text, 'x.early').port).toBe(1)
  })

  it('skips criteria it cannot evaluate, with a warning', () => {
    const text = 'Match exec "test -f /x"\n  User a\nMatch user root host *\n  User b\n'
    const config = parse(text)
    expect(resolveHost(config, 'x').user).toBe('ada')
    expect(config.warnings).toEqual([
      `${FILE} line 1: Match exec is not supported; the settings in that block are ignored.`,
      `${FILE} line 3: Match user is not supported; the settings in that block are ignored.`
    ])
  })

  it('refuses malformed Match lines', () => {
    expect(errorOf(() => parse('Match\n')).message).toMatch(/line 1: no value after "Match"/)
    expect(errorOf(() => parse('Match host\n')).message).toMatch(/line 1: Match host needs/)
    expect(errorOf(() => parse('Match user\n')).message).toMatch(/line 1: Match user needs/)
    expect(errorOf(() => parse('Match bogus x\n')).message).toMatch(/unknown criterion "bogus"/)
    expect(errorOf(() => parse('Match all host x\n')).message).toMatch(/cannot be combined/)
  })
})

describe('Include', () => {
  function reader(files: Record<string, string>, calls: string[] = []) {
    return (pattern: string): IncludedFile[] => {
      calls.push(pattern)
      // Reversed on purpose: the parser must sort, as glob(3) does for ssh.
      return Object.entries(files)
        .filter(([file]) => matchPattern(file, pattern))
        .map(([file, text]) => ({ file, text }))
        .reverse()
    }
  }

  it('resolves relative paths under ~/.ssh, expands globs and reads matches in sorted order', () => {
    const calls: string[] = []
    const readInclude = reader(
      {
        '/home/ada/.ssh/config.d/10-work.conf': 'Host work\n  HostName work.example\n  Port 2022\n',
        '/home/ada/.ssh/config.d/20-more.conf': 'Host work\n  Port 9999\n  User worker\n',
        '/home/ada/.ssh/other': 'Host other\n  User o\n'
      },
      calls
    )
    const text = 'Include config.d/*.conf ~/.ssh/other\nHost *\n  User fallback\n'
    const config = parse(text, { readInclude })
    expect(calls).toEqual(['/home/ada/.ssh/config.d/*.conf', '/home/ada/.ssh/other'])
    expect(resolveHost(config, 'work')).toMatchObject({
      hostName: 'work.example',
      port: 2022,
      user: 'worker'
    })
    expect(listImportableHosts(config)).toEqual(['work', 'other'])
  })

  it('scopes an Include inside a Host block to that block, and restores it after', () => {
    const readInclude = reader({
      '/etc/pier/inc.conf': 'User from-include\nHost other\n  Port 3\n'
    })
    const text = 'Host web\n  Include /etc/pier/inc.conf\n  Port 2\n'
    const config = parse(text, { readInclude })
    expect(resolveHost(config, 'web')).toMatchObject({ user: 'from-include', port: 2 })
    // `Host other` sits inside `Host web`'s Include, so it can only apply to an alias matching both.
    expect(resolveHost(config, 'other')).toMatchObject({ user: 'ada', port: 22 })
  })

  it('follows nested Includes and stops a file that includes itself', () => {
    const nested = reader({
      '/home/ada/.ssh/a': 'Include b\n',
      '/home/ada/.ssh/b': 'Host deep\n  Port 4\n'
    })
    expect(resolveHost(parse('Include a\n', { readInclude: nested }), 'deep').port).toBe(4)
    const loop = reader({ '/home/ada/.ssh/loop': 'Include loop\n' })
    expect(errorOf(() => parse('Include loop\n', { readInclude: loop })).message).toBe(
      '/home/ada/.ssh/loop line 1: Include nests more than 16 levels deep.'
    )
  })

  it('names the included file and line in errors', () => {
    const readInclude = reader({ '/home/ada/.ssh/bad': '\nHost x\n  Port nope\n' })
    expect(errorOf(() => parse('Include bad\n', { readInclude })).message).toMatch(
      /^\/home\/ada\/\.ssh\/bad line 3: Port "nope"/
    )
  })

  it('warns instead of reading when no reader is given, and passes over no matches', () => {
    expect(parse('Include config.d/*\n').warnings).toEqual([
      `${FILE} line 1: Include config.d/* was not read.`
    ])
    expect(parse('Include nothing*\n', { readInclude: () => [] }).warnings).toEqual([])
  })
})

describe('tokens', () => {
  it('expands ~, %d, %u, %h, %r, %n, %p and %% in IdentityFile', () => {
    const text = [
      'Host web',
      '  HostName Web.Example',
      '  User deploy',
      '  Port 2022',
      '  IdentityFile ~/.ssh/id_%h_%r',
      '  IdentityFile %d/keys/%u-%%',
      '  IdentityFile ~',
      '  IdentityFile keys/%n-%p'
    ].join('\n')
    const r = resolve(text, 'web')
    expect(r.identityFiles).toEqual([
      '/home/ada/.ssh/id_web.example_deploy',
      '/home/ada/keys/ada-%',
      '/home/ada',
      'keys/web-2022'
    ])
    expect(r.warnings).toEqual([])
  })

  it('uses the final user for %r, even when Host * supplies it', () => {
    const text = 'Host web\n  IdentityFile ~/.ssh/%r\nHost *\n  User late\n'
    expect(resolve(text, 'web').identityFiles).toEqual(['/home/ada/.ssh/late'])
  })

  it('leaves tokens it cannot know as written, with a warning', () => {
    const text = 'Host web\n  IdentityFile ~/.ssh/%C\n  IdentityFile ~bob/.ssh/k\n'
    const r = resolve(text, 'web')
    expect(r.identityFiles).toEqual(['/home/ada/.ssh/%C', '~bob/.ssh/k'])
    expect(r.warnings).toEqual([
      'web: IdentityFile ~/.ssh/%C has %C, left as written.',
      "web: IdentityFile ~bob/.ssh/k names another user's home, left as written."
    ])
  })
})

describe('ProxyJump', () => {
  it('parses hops with users, ports, IPv6 literals and ssh:// URIs', () => {
    expect(parseProxyJump('bastion')).toEqual([{ host: 'bastion' }])
    expect(parseProxyJump('ops@jump1:2200,[2001:db8::1]:2222,jump3')).toEqual([
      { user: 'ops', host: 'jump1', port: 2200 },
      { host: '2001:db8::1', port: 2222 },
      { host: 'jump3' }
    ])
    expect(parseProxyJump('a@b@[::1]')).toEqual([{ user: 'a@b', host: '::1' }])
    expect(parseProxyJump('ssh://o%40x;fp=1@jump:22')).toEqual([
      { user: 'o@x', host: 'jump', port: 22 }
    ])
    expect(parseProxyJump('none')).toEqual([])
    expect(parseProxyJump('NONE')).toEqual([])
  })

  it.each([
    ['jump:', 'has a bad port ""'],
    ['jump:0', 'has a bad port "0"'],
    ['jump:70000', 'has a bad port "70000"'],
    ['@jump', 'has an empty user'],
    ['a,,b', '"" has no host'],
    ['[::1', 'is missing "]"'],
    ['[::1]x', 'has text after "]"'],
    ['fe80::1', 'has a bad port ":1"'],
    ['ssh://jump/path', 'has a path']
  ])('refuses %s', (value, reason) => {
    const err = errorOf(() => parseProxyJump(value))
    expect(err.code).toBe('invalid_input')
    expect(err.message).toContain(reason)
  })

  it('resolves none to null and keeps a chain as written', () => {
    const text = 'Host direct\n  ProxyJump none\nHost *\n  ProxyJump a@j1:2200,j2\n'
    expect(resolve(text, 'direct').proxyJump).toBeNull()
    expect(resolve(text, 'web').proxyJump).toBe('a@j1:2200,j2')
  })

  it('shares one slot with ProxyCommand: whichever comes first wins', () => {
    const text = [
      'Host pc',
      '  ProxyCommand nc -X connect %h %p',
      'Host pj',
      '  ProxyJump jump',
      'Host off',
      '  ProxyCommand none',
      'Host *',
      '  ProxyJump late',
      '  ProxyCommand ssh -W %h:%p gateway'
    ].join('\n')
    const pc = resolve(text, 'pc')
    expect(pc.proxyJump).toBeNull()
    expect(pc.warnings).toEqual([
      `pc: ProxyCommand (${FILE} line 2) is not supported and is ignored; ` +
        'Pier connects directly or through ProxyJump, so the server may be unreachable.'
    ])
    expect(resolve(text, 'pj')).toMatchObject({ proxyJump: 'jump', warnings: [] })
    expect(resolve(text, 'off')).toMatchObject({ proxyJump: null, warnings: [] })
    expect(resolve(text, 'other').proxyJump).toBe('late')
  })

  it('lets a ProxyCommand apply after ProxyJump none, as ssh does', () => {
    const r = resolve('Host a\n  ProxyJump none\nHost *\n  ProxyCommand nc %h %p\n', 'a')
    expect(r.proxyJump).toBeNull()
    expect(r.warnings[0]).toMatch(/^a: ProxyCommand/)
  })
})

describe('warnings for settings that matter for connecting', () => {
  it('names the alias and the line, and stays quiet for settings switched off', () => {
    const text = [
      'Host tunnel',
      '  LocalForward 5432 localhost:5432',
      '  RemoteCommand tmux attach',
      '  IdentityAgent none',
      '  DynamicForward 1080',
      'Host *',
      '  LocalForward 9999 localhost:9999',
      '  CanonicalizeHostname no'
    ].join('\n')
    expect(resolve(text, 'tunnel').warnings).toEqual([
      `tunnel: LocalForward (${FILE} line 2) is not supported and is ignored; port forwards are not set up.`,
      `tunnel: DynamicForward (${FILE} line 5) is not supported and is ignored; port forwards are not set up.`,
      `tunnel: RemoteCommand (${FILE} line 3) is not supported and is ignored; Pier runs its own commands.`
    ])
  })
})

describe('malformed lines', () => {
  it.each([
    ['Host web\n  Port abc\n', 'line 2: Port "abc" is not a port number (1-65535).'],
    ['Port 0\n', 'line 1: Port "0" is not a port number'],
    ['Port 65536\n', 'line 1: Port "65536" is not a port number'],
    ['Port 22 23\n', 'line 1: Port takes one value, found 2.'],
    ['\n\nHostName\n', 'line 3: no value after "HostName".'],
    ['User # nobody\n', 'line 1: no value after "User".'],
    ['HostName ""\n', 'line 1: HostName has an empty value.'],
    ['IdentityFile "~/.ssh/unterminated\n', 'line 1: a quote is not closed.'],
    ['IdentitiesOnly maybe\n', 'line 1: IdentitiesOnly "maybe" must be yes or no.'],
    ['ProxyJump a@@b:99999\n', 'line 1: ProxyJump "a@@b:99999" is not valid'],
    ['Host ""\n', 'line 1: Host has an empty pattern.']
  ])('refuses %j', (text, message) => {
    const err = errorOf(() => parse(text))
    expect(err.code).toBe('invalid_input')
    expect(err.message).toContain(`${FILE} ${message}`)
    expect(err.hint).toMatch(/ssh -G/)
  })

  it('refuses a bad value even in a block that would not apply, as ssh does', () => {
    expect(errorOf(() => parse('Host never-used\n  Port abc\n')).message).toMatch(/line 2/)
  })
})

describe('hostile values', () => {
  it('passes shell metacharacters through verbatim: quoting happens where commands are built', () => {
    const text = [
      'Host evil',
      '  HostName evil.example;$(reboot)`id`|x&&y',
      '  User x$(id);rm',
      '  IdentityFile ~/.ssh/$(whoami);k',
      '  ProxyJump j$(id)@jump'
    ].join('\n')
    const r = resolve(text, 'evil')
    expect(r.hostName).toBe('evil.example;$(reboot)`id`|x&&y')
    expect(r.user).toBe('x$(id);rm')
    expect(r.identityFiles).toEqual(['/home/ada/.ssh/$(whoami);k'])
    expect(r.proxyJump).toBe('j$(id)@jump')
  })

  it('cannot smuggle a second directive into a value', () => {
    const r = resolve('Host a\n  HostName "x\\nPort 1"\n', 'a')
    expect(r.port).toBe(22)
    expect(r.hostName).toBe('x\\nport 1')
  })
})

// The same files through the real OpenSSH client. `ssh -G` prints the resolved config without
// connecting; it uses the passwd home and user, so the parse does too.
describe('agrees with ssh -G', () => {
  const me = os.userInfo()

  function sshG(file: string, alias: string): Map<string, string[]> {
    const res = spawnSync('ssh', ['-G', '-F', file, alias], { encoding: 'utf8', timeout: 10_000 })
    expect(res.status, res.stderr).toBe(0)
    const out = new Map<string, string[]>()
    for (const line of res.stdout.split('\n')) {
      const sp = line.indexOf(' ')
      if (sp < 0) continue
      const key = line.slice(0, sp)
      out.set(key, [...(out.get(key) ?? []), line.slice(sp + 1)])
    }
    return out
  }

  function writeConfig(): { file: string; readInclude: (p: string) => IncludedFile[] } {
    const dir = tmpDir()
    fs.mkdirSync(path.join(dir, 'conf.d'))
    fs.writeFileSync(path.join(dir, 'conf.d/10-a.conf'), 'Host extra\n  HostName Extra.Example\n')
    fs.writeFileSync(
      path.join(dir, 'conf.d/20-b.conf'),
      'Host extra\n  HostName ignored.example\n  Port 2022\n  User extrauser\n'
    )
    const file = path.join(dir, 'config')
    fs.writeFileSync(
      file,
      [
        'Host web',
        '  HostName Web1.Example.COM',
        '  User deploy',
        '  IdentityFile ~/.ssh/web_ed25519',
        '  IdentityFile ~/.ssh/shared',
        'Host db db-replica',
        '  HostName %h.internal.example',
        '  Port 2222',
        '  ProxyJump ops@bastion.example:2200',
        'Host legacy',
        '  ProxyJump ops@[2001:db8::1]:2222,jump2',
        'Host direct',
        '  ProxyJump none',
        'Host hostile',
        '  HostName evil.example;$(reboot)`id`|x&&y',
        '  User x$(id)',
        'Host tokens',
        '  HostName Tok.Example',
        '  User tokuser',
        '  IdentityFile %d/.ssh/id_%h_%r',
        '  IdentityFile ~/.ssh/%u-%%',
        'Host *.prod !nope.prod',
        '  User produser',
        `Include ${dir}/conf.d/*.conf`,
        'Match host *.internal.example',
        '  IdentityFile ~/.ssh/internal',
        'Host *',
        '  User fallback',
        '  Port 2200',
        '  IdentityFile ~/.ssh/shared'
      ].join('\n')
    )
    const readInclude = (pattern: string): IncludedFile[] => {
      const folder = path.dirname(pattern)
      return fs
        .readdirSync(folder)
        .filter((name) => matchPattern(name, path.basename(pattern)))
        .map((name) => path.join(folder, name))
        .map((f) => ({ file: f, text: fs.readFileSync(f, 'utf8') }))
    }
    return { file, readInclude }
  }

  const aliases = ['web', 'db', 'db-replica', 'legacy', 'direct', 'hostile', 'api.prod']
  aliases.push('nope.prod', 'extra', 'unlisted')

  it.each(aliases)('for %s', (alias) => {
    const { file, readInclude } = writeConfig()
    const config = parseSshConfig(fs.readFileSync(file, 'utf8'), {
      file,
      home: me.homedir,
      user: me.username,
      readInclude
    })
    const ours = resolveHost(config, alias)
    const theirs = sshG(file, alias)
    expect(ours.hostName).toBe(theirs.get('hostname')?.[0])
    expect(`${ours.port}`).toBe(theirs.get('port')?.[0])
    expect(ours.user).toBe(theirs.get('user')?.[0])
    // ssh -G prints IdentityFile unexpanded; these have no tokens, only a leading ~.
    const theirFiles = (theirs.get('identityfile') ?? []).map((f) => f.replace(/^~/, me.homedir))
    expect(ours.identityFiles).toEqual(theirFiles)
    const theirJump = theirs.get('proxyjump')?.[0]
    expect(ours.proxyJump === null ? undefined : parseProxyJump(ours.proxyJump)).toEqual(
      theirJump === undefined ? undefined : parseProxyJump(theirJump)
    )
  })

  it('expands IdentityFile tokens the way ssh does when it loads keys', () => {
    const { file, readInclude } = writeConfig()
    const opts = { file, home: me.homedir, user: me.username, readInclude }
    const ours = resolveHost(parseSshConfig(fs.readFileSync(file, 'utf8'), opts), 'tokens')
    // ssh expands tokens only when it loads keys, after connecting; `true` as the proxy makes
    // the "connection" end at once without touching the network.
    const res = spawnSync(
      'ssh',
      ['-v', '-F', file, '-o', 'ProxyCommand=true', '-o', 'BatchMode=yes', 'tokens'],
      { encoding: 'utf8', timeout: 10_000 }
    )
    const loaded = [...res.stderr.matchAll(/identity file (\S+) type/g)]
      .map((m) => m[1] as string)
      .filter((f) => !f.endsWith('-cert'))
    expect(loaded.length).toBeGreaterThan(0)
    expect(ours.identityFiles).toEqual(loaded)
  })

  it('rejects Port abc on the same line ssh does', () => {
    const dir = tmpDir()
    const file = path.join(dir, 'config')
    fs.writeFileSync(file, 'Host a\n  User u\nHost b\n  Port abc\n')
    const res = spawnSync('ssh', ['-G', '-F', file, 'a'], { encoding: 'utf8', timeout: 10_000 })
    expect(res.status).not.toBe(0)
    expect(res.stderr).toContain('line 4')
    const err = errorOf(() => parseSshConfig(fs.readFileSync(file, 'utf8'), defaults(file)))
    expect(err.message).toContain(`${file} line 4:`)
  })

  function defaults(file: string): SshConfigOptions {
    return { file, home: me.homedir, user: me.username }
  }
})
