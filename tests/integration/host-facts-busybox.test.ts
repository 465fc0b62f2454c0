// Runs in a vitest worker (integration project): remote-scripts/host-facts.sh under busybox ash,
// sed, awk and tr (a busybox:local container on a test host) — the small-server case next to the
// Debian one in remote-scripts.test.ts — and parseHostFacts reading what it prints.
import type { Client } from 'ssh2'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parseHostFacts } from '../../main/core/servers/host-facts'
import { remoteScript } from '../../main/core/remote-scripts'
import { connectSsh, dockerOverSsh, execOn, hostNamed, hostsOrSkip, runContainer } from './support'

const hosts = hostsOrSkip()

describe.skipIf(hosts.length === 0)('host-facts.sh under busybox', () => {
  let conn: Client

  beforeAll(async () => {
    conn = await connectSsh(hostNamed(hosts, 'h1'))
  })
  afterAll(() => conn?.end())

  it('runs in busybox ash and prints facts the parser accepts', async () => {
    const docker = dockerOverSsh(conn)
    // Really busybox: /bin/sh in busybox:local is its ash.
    expect(await runContainer(docker, 'busybox:local', ['readlink', '/bin/sh'])).toMatchObject({
      code: 0,
      stdout: 'busybox\n'
    })

    // Values that need JSON escaping, so busybox's sed/tr/awk do the escaping the parser relies
    // on: quote, backslash, tab, CR, a control character (dropped) and a newline.
    const home = '/tmp/a"b\\c\td\re\u0001f'
    const shell = '/bin/one\ntwo'
    const result = await runContainer(
      docker,
      'busybox:local',
      ['sh', '-c', remoteScript('host-facts.sh')],
      { Hostname: 'bb-facts', Env: [`HOME=${home}`, `SHELL=${shell}`] }
    )
    expect(result.stderr).toBe('')
    expect(result.code).toBe(0)

    const facts = parseHostFacts(result.stdout)
    const machine = await execOn(conn, 'uname -r; uname -m')
    const [kernel, arch] = machine.stdout.split('\n')
    expect(facts).toMatchObject({
      kernel,
      arch,
      hostname: 'bb-facts',
      user: 'root',
      uid: 0,
      os: 'unknown', // no /etc/os-release in the image
      dockerCli: null,
      dockerSocket: 'missing'
    })
    expect(facts.raw.home).toBe('/tmp/a"b\\c\td\ref')
    expect(facts.raw.shell).toBe(shell)
    expect(facts.memTotalKb).toBeGreaterThan(0)
    expect(facts.cpus).toBeGreaterThanOrEqual(1)
    // Exactly the tools the image has as busybox applets (Debian's build: no flock, no nohup).
    const applets = await runContainer(docker, 'busybox:local', ['busybox', '--list'])
    const have = new Set(applets.stdout.split('\n'))
    const tools = ['flock', 'crontab', 'setsid', 'nohup', 'tar', 'gzip', 'zstd', 'curl', 'git']
    expect(facts.tools).toEqual({
      ...Object.fromEntries(tools.map((t) => [t, have.has(t)])),
      'systemd-run': false
    })
    expect(facts.tools).toMatchObject({ setsid: true, tar: true })
  })
})
