// Runs in a vitest worker (unit project): remote-scripts/check.sh on this machine under dash and
// busybox ash (also with nothing but busybox on PATH, the small-server case: no ss, no pgrep),
// parseCheck on real and hostile output, and readiness() on crafted checks.
import { execFileSync, spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { createServer, type Server } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parseCheck, ServerCheckError, type ServerCheck } from '../../main/core/servers/check'
import { readiness, type ReadinessId } from '../../main/core/servers/readiness'
import { remoteScript } from '../../main/core/remote-scripts'

const SCRIPT = remoteScript('check.sh')
// The script's functions without the call to main, so a test can call one of them.
const FUNCTIONS = SCRIPT.replace(/\nmain <\/dev\/null\n$/, '\n')

function run(shell: string[], script = SCRIPT, env: NodeJS.ProcessEnv = process.env): string {
  const [cmd, ...args] = shell as [string, ...string[]]
  return execFileSync(cmd, [...args, '-s'], { input: script, encoding: 'utf8', env })
}

// What moves between two runs a few milliseconds apart.
function stable(c: ServerCheck): unknown {
  return {
    ...c,
    serverTime: null,
    disk: {
      root: { ...c.disk.root, freeKb: null },
      docker: c.disk.docker && { ...c.disk.docker, freeKb: null }
    }
  }
}

let busyboxBin: string
beforeAll(() => {
  busyboxBin = mkdtempSync(join(tmpdir(), 'pier-busybox-'))
  execFileSync('busybox', ['--install', '-s', busyboxBin])
})
afterAll(() => rmSync(busyboxBin, { recursive: true, force: true }))
const busyboxOnly = (): NodeJS.ProcessEnv => ({ PATH: busyboxBin, HOME: tmpdir() })

describe('check.sh on this machine', () => {
  it('prints facts parseCheck accepts, matching the machine', () => {
    const check = parseCheck(run(['/bin/sh']))
    const sh = (cmd: string, ...args: string[]) =>
      execFileSync(cmd, args, { encoding: 'utf8' }).trim()
    expect(check.kernel).toBe(sh('uname', '-r'))
    expect(check.arch).toBe(sh('uname', '-m'))
    expect(check.user).toBe(sh('id', '-un'))
    expect(check.uid).toBe(Number(sh('id', '-u')))
    expect(check.os).toMatch(/Debian/)
    expect(check.osId).toBe('debian')
    expect(check.osVersion).toBe('12')
    expect(check.cpus).toBeGreaterThan(0)
    expect(check.memory.totalKb).toBeGreaterThan(0)
    expect(check.disk.root.freeKb).toBeGreaterThan(0)
    expect(check.flock).toBe(true)
    expect(check.cron.crontab).toBe(true)
    expect(check.portsSource).toBe('ss')
    expect(Math.abs((check.serverTime ?? 0) - Date.now() / 1000)).toBeLessThan(5)
    expect(check.docker.cli).toBe(sh('docker', '--version').split(' ')[2]?.replace(/,$/, ''))
    // Whether an engine runs here is not this test's business, but the facts must agree.
    if (check.docker.access === 'yes') expect(check.docker.apiVersion).toMatch(/^\d+\.\d+$/)
    else expect(check.docker.version).toBeNull()
    if (check.docker.access !== 'yes')
      expect(check.swarm).toEqual({ state: 'unknown', role: 'unknown' })
  })

  it('reports the same under busybox ash as under dash', () => {
    const dash = parseCheck(run(['/bin/sh']))
    const ash = parseCheck(run(['busybox', 'sh']))
    expect(stable(ash)).toEqual(stable(dash))
  })

  it('works with nothing but busybox on PATH: /proc for ports and processes', () => {
    const full = parseCheck(run(['/bin/sh']))
    const small = parseCheck(run(['busybox', 'sh'], SCRIPT, busyboxOnly()))
    expect(small.portsSource).toBe('proc')
    expect(small.ports).toEqual(full.ports)
    expect(small.cron.daemon).toBe(full.cron.daemon)
    expect(small.cpus).toBe(full.cpus)
    expect(small.docker.cli).toBeNull()
    expect(small.sudo).toBe('missing')
  })

  it('exits 0, prints nothing on stderr and runs no command that writes', () => {
    const r = spawnSync('/bin/sh', ['-s'], { input: SCRIPT, encoding: 'utf8' })
    expect(r.status).toBe(0)
    expect(r.stderr).toBe('')
    expect(r.stdout.trim().split('\n').pop()).toBe('{"done":true}')
    const code = SCRIPT.split('\n').filter((l) => !l.trim().startsWith('#'))
    expect(code.join('\n')).not.toMatch(/\b(rm|mv|cp|tee|touch|mkdir|chmod|chown|usermod)\s/)
  })

  it('escapes quotes, backslashes, tabs and newlines into valid JSON', () => {
    const script = `${FUNCTIONS}\nfact os "$(printf 'a"b\\\\c\\nd\\te')"\n`
    const line = run(['busybox', 'sh'], script).trim()
    expect(JSON.parse(line)).toEqual({ fact: 'os', value: 'a"b\\c\nd\te' })
  })
})

describe('check.sh listening ports from /proc (the busybox fallback)', () => {
  const servers: Server[] = []
  const ports: number[] = []
  const listen = (host: string) =>
    new Promise<void>((resolve) => {
      const s = createServer()
      s.on('error', () => resolve()) // no IPv6 here: the IPv4 listener still counts
      s.listen(0, host, () => {
        const a = s.address()
        if (a && typeof a === 'object') ports.push(a.port)
        resolve()
      })
      servers.push(s)
    })
  beforeAll(async () => {
    await listen('127.0.0.1')
    await listen('::1')
  })
  afterAll(() => servers.forEach((s) => s.close()))

  it('finds IPv4 and IPv6 listeners, as ss does', () => {
    const list = (source: string, shell: string[], env?: NodeJS.ProcessEnv) =>
      run(shell, `${FUNCTIONS}\nlistening_ports ${source} | sort -n -u\n`, env)
        .trim()
        .split('\n')
        .map(Number)
    const proc = list('proc', ['busybox', 'sh'], busyboxOnly())
    for (const p of ports) expect(proc).toContain(p)
    expect(list('proc', ['/bin/sh'])).toEqual(proc)
    expect(list('ss', ['/bin/sh'])).toEqual(proc)
  })

  it('reports a port as in use or free', () => {
    const port = ports[0] as number
    const state = (p: number) =>
      run(
        ['busybox', 'sh'],
        `${FUNCTIONS}\nPORTS_SOURCE=proc\nPORTS=$(listening_ports proc)\nport_state ${p}\n`,
        busyboxOnly()
      ).trim()
    expect(state(port)).toBe('in-use')
    expect(state(1)).toBe('free')
    expect(run(['/bin/sh'], `${FUNCTIONS}\nPORTS_SOURCE=none\nport_state 80\n`).trim()).toBe(
      'unknown'
    )
  })
})

describe('check.sh reading the engine API without the docker CLI', () => {
  // Shapes as the engine sends them: one line, no spaces, a "Version" inside Components first.
  const version =
    '{"Platform":{"Name":"Docker Engine - Community"},"Components":[{"Name":"Engine","Version":"27.3.1","Details":{"ApiVersion":"1.47","MinAPIVersion":"1.24"}},{"Name":"containerd","Version":"1.7.22","Details":{"GitCommit":"x"}}],"Version":"27.3.1","ApiVersion":"1.47","MinAPIVersion":"1.24","GitCommit":"41ca978","GoVersion":"go1.22.7","Os":"linux","Arch":"amd64","KernelVersion":"6.1.0-26-amd64","BuildTime":"2024-09-20T11:41:19.000000000+00:00"}'
  const info =
    '{"ID":"x","Containers":3,"DockerRootDir":"/srv/docker","Swarm":{"NodeID":"abc","NodeAddr":"10.0.0.5","LocalNodeState":"active","ControlAvailable":true,"Error":"","RemoteManagers":[{"NodeID":"abc","Addr":"10.0.0.5:2377"}]},"ServerVersion":"27.3.1"}'

  it.each([[['/bin/sh']], [['busybox', 'sh']]])('extracts the fields under %j', (shell) => {
    const script = `${FUNCTIONS}
v='${version}'
i='${info}'
printf '%s|%s|%s|%s|%s\\n' "$(json_field Version "$v")" "$(json_field ApiVersion "$v")" \\
  "$(json_field LocalNodeState "$i")" "$(json_bool ControlAvailable "$i")" "$(json_field DockerRootDir "$i")"
`
    const out = run(shell, script).trim()
    expect(out).toBe('27.3.1|1.47|active|true|/srv/docker')
  })

  it('maps swarm state and ControlAvailable to a role', () => {
    const role = (state: string, control: string) =>
      run(['/bin/sh'], `${FUNCTIONS}\nSWARM_STATE=${state} CONTROL=${control}\nswarm_role\n`).trim()
    expect(role('active', 'true')).toBe('manager')
    expect(role('active', 'false')).toBe('worker')
    expect(role('inactive', 'false')).toBe('none')
    expect(role('locked', "''")).toBe('unknown')
  })

  it('tells a refused socket from a missing engine', () => {
    const classify = (err: string) =>
      run(
        ['/bin/sh'],
        `${FUNCTIONS}\nengine_failed "$(printf '%s' '${err}')"\nprintf '%s|%s' "$ACCESS" "$ENGINE_ERROR"\n`
      )
    expect(
      classify(
        'permission denied while trying to connect to the Docker daemon socket at unix:///var/run/docker.sock: dial unix /var/run/docker.sock: connect: permission denied'
      )
    ).toMatch(/^no-permission\|/)
    expect(
      classify(
        'WARNING: Error loading config file: open /x/config.json: permission denied\nCannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?'
      )
    ).toBe(
      'no-engine|Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?'
    )
  })
})

// ---- parser ----------------------------------------------------------------------------------

const GOOD = run(['/bin/sh'])
const withFact = (name: string, value: string): string =>
  GOOD.split('\n')
    .map((l) => (l.startsWith(`{"fact":"${name}",`) ? JSON.stringify({ fact: name, value }) : l))
    .join('\n')

describe('parseCheck refuses what check.sh would not print', () => {
  it('needs the done line', () => {
    expect(() => parseCheck(GOOD.replace('{"done":true}', ''))).toThrow(/did not finish/)
    expect(() => parseCheck('')).toThrow(ServerCheckError)
  })

  it('refuses non-JSON, non-facts and unknown facts', () => {
    expect(() => parseCheck(`rm -rf /\n${GOOD}`)).toThrow(/line 1 is not JSON/)
    expect(() => parseCheck(`{"fact":"$(id)","value":"x"}\n${GOOD}`)).toThrow(/not a fact/)
    expect(() => parseCheck(`{"fact":"os","value":7}\n${GOOD}`)).toThrow(/not a fact/)
    expect(() => parseCheck(`{"fact":"__proto__","value":"x"}\n${GOOD}`)).toThrow(/not a fact/)
    expect(() => parseCheck(`{"fact":"constructor","value":"x"}\n${GOOD}`)).toThrow(/unknown fact/)
    expect(() => parseCheck(`{"fact":"surprise","value":"x"}\n${GOOD}`)).toThrow(/unknown fact/)
  })

  it('refuses repeated, missing and late facts', () => {
    expect(() => parseCheck(`{"fact":"os","value":"Evil OS"}\n${GOOD}`)).toThrow(/repeated/)
    const noArch = GOOD.split('\n')
      .filter((l) => !l.startsWith('{"fact":"arch"'))
      .join('\n')
    expect(() => parseCheck(noArch)).toThrow(/left out: arch/)
    expect(() => parseCheck(`${GOOD}\n{"fact":"x","value":"y"}`)).toThrow(/after the "done"/)
  })

  it('refuses values outside each fact’s shape', () => {
    expect(() => parseCheck(withFact('cpus', '-1'))).toThrow(/cpus has an unexpected value/)
    expect(() => parseCheck(withFact('mem_total_kb', '1e9'))).toThrow(/unexpected value/)
    expect(() => parseCheck(withFact('server_time', '99999999999999999999'))).toThrow(
      /unexpected value/
    )
    expect(() => parseCheck(withFact('docker_access', 'root'))).toThrow(/unexpected value/)
    expect(() => parseCheck(withFact('port_80', 'open'))).toThrow(/unexpected value/)
    expect(() => parseCheck(withFact('docker_version', '1.0; reboot'))).toThrow(/unexpected value/)
    expect(() => parseCheck(withFact('os', 'x'.repeat(5000)))).toThrow(/not a fact/)
  })

  it('refuses a flood of lines', () => {
    expect(() => parseCheck(`${'\n'.repeat(300)}${GOOD}`)).toThrow(/more than 200 lines/)
  })

  it('keeps odd but valid text as text', () => {
    const c = parseCheck(withFact('os', 'Debian "$(reboot)" `id`\n'))
    expect(c.os).toBe('Debian "$(reboot)" `id`\n')
    expect(parseCheck(withFact('cpus', 'unknown')).cpus).toBeNull()
    expect(parseCheck(withFact('docker_root', '')).disk.docker).toBeNull()
    expect(parseCheck(withFact('os_id_like', 'ubuntu debian')).osIdLike).toEqual([
      'ubuntu',
      'debian'
    ])
  })
})

// ---- readiness -------------------------------------------------------------------------------

const NOW = 1_800_000_000
const GB = 1024 * 1024

function healthy(): ServerCheck {
  return {
    os: 'Debian GNU/Linux 12 (bookworm)',
    osId: 'debian',
    osIdLike: [],
    osVersion: '12',
    arch: 'x86_64',
    kernel: '6.1.0-26-amd64',
    user: 'deploy',
    uid: 1000,
    cpus: 2,
    memory: { totalKb: 4 * GB, swapKb: 0 },
    disk: {
      root: { totalKb: 40 * GB, freeKb: 30 * GB },
      docker: { path: '/var/lib/docker', totalKb: 40 * GB, freeKb: 30 * GB }
    },
    docker: {
      cli: '27.3.1',
      version: '27.3.1',
      apiVersion: '1.47',
      access: 'yes',
      error: null,
      group: 'active'
    },
    swarm: { state: 'active', role: 'manager' },
    sudo: 'yes',
    cron: { crontab: true, daemon: 'running' },
    flock: true,
    ports: { 80: 'free', 443: 'free' },
    portsSource: 'ss',
    serverTime: NOW,
    init: 'systemd'
  }
}

type Patch = { [K in keyof ServerCheck]?: Partial<ServerCheck[K]> | null }
// A healthy check with some parts replaced; nested objects are merged one level deep.
function merged(patch: Patch): ServerCheck {
  const base = healthy() as unknown as Record<string, unknown>
  const check = { ...base }
  for (const [k, v] of Object.entries(patch)) {
    const b = base[k]
    check[k] = b && v && typeof b === 'object' && !Array.isArray(b) ? { ...b, ...(v as object) } : v
  }
  return check as unknown as ServerCheck
}

function item(patch: Patch, id: ReadinessId, now = NOW, name?: string) {
  const items = readiness(merged(patch), now, { serverName: name })
  const found = items.find((i) => i.id === id)
  if (!found) throw new Error(`no item ${id}`)
  return found
}

describe('readiness', () => {
  it('is all ok for a healthy server, with one item per concern', () => {
    const items = readiness(healthy(), NOW)
    expect(items.map((i) => i.id)).toEqual([
      'docker-engine',
      'docker-access',
      'swarm',
      'cron',
      'flock',
      'port-80',
      'port-443',
      'time',
      'disk',
      'memory',
      'arch'
    ])
    for (const i of items) {
      expect(i.status, i.id).toBe('ok')
      expect(i.fix).toBeNull()
      expect(i.label.length).toBeGreaterThan(0)
      expect(i.detail.length).toBeGreaterThan(0)
    }
    expect(items[0]?.detail).toBe('Docker 27.3.1 (API 1.47)')
  })

  const cases: Array<[string, Patch, ReadinessId, 'warn' | 'fail', RegExp]> = [
    [
      'no docker',
      { docker: { access: 'no-docker', cli: null, version: null } },
      'docker-engine',
      'fail',
      /pier server setup-docker/
    ],
    [
      'no docker, not Debian',
      { osId: 'alpine', docker: { access: 'no-docker' } },
      'docker-engine',
      'fail',
      /docs\.docker\.com/
    ],
    [
      'no docker, no root',
      { sudo: 'no', docker: { access: 'no-docker' } },
      'docker-engine',
      'fail',
      /needs root/
    ],
    [
      'engine stopped',
      { docker: { access: 'no-engine' } },
      'docker-engine',
      'fail',
      /systemctl enable --now docker/
    ],
    [
      'engine stopped, no systemd',
      { init: 'other', docker: { access: 'no-engine' } },
      'docker-engine',
      'fail',
      /service docker start/
    ],
    [
      'no engine to use',
      { docker: { access: 'no-engine' } },
      'docker-access',
      'fail',
      /engine running first/
    ],
    [
      'not in group',
      { docker: { access: 'no-permission', group: 'no' } },
      'docker-access',
      'fail',
      /sudo usermod -aG docker deploy, then reconnect/
    ],
    [
      'group next login',
      { docker: { access: 'no-permission', group: 'next-login' } },
      'docker-access',
      'fail',
      /Reconnect/
    ],
    [
      'group but refused',
      { docker: { access: 'no-permission', group: 'active' } },
      'docker-access',
      'fail',
      /root:docker/
    ],
    [
      'swarm inactive',
      { swarm: { state: 'inactive', role: 'none' } },
      'swarm',
      'warn',
      /setup-docker/
    ],
    [
      'swarm pending',
      { swarm: { state: 'pending', role: 'unknown' } },
      'swarm',
      'warn',
      /swarm leave/
    ],
    [
      'swarm error',
      { swarm: { state: 'error', role: 'unknown' } },
      'swarm',
      'fail',
      /swarm leave --force/
    ],
    [
      'swarm locked',
      { swarm: { state: 'locked', role: 'unknown' } },
      'swarm',
      'fail',
      /swarm unlock/
    ],
    ['swarm worker', { swarm: { state: 'active', role: 'worker' } }, 'swarm', 'fail', /manager/],
    [
      'swarm unknown, docker ok',
      { swarm: { state: 'unknown', role: 'unknown' } },
      'swarm',
      'warn',
      /docker info/
    ],
    [
      'swarm unknown, no access',
      { docker: { access: 'no-permission' }, swarm: { state: 'unknown' } },
      'swarm',
      'warn',
      /Docker items above/
    ],
    ['no crontab', { cron: { crontab: false } }, 'cron', 'fail', /sudo apt-get install cron/],
    [
      'no crontab elsewhere',
      { osId: 'fedora', cron: { crontab: false } },
      'cron',
      'fail',
      /cronie/
    ],
    [
      'cron stopped',
      { cron: { daemon: 'stopped' } },
      'cron',
      'fail',
      /sudo systemctl enable --now cron/
    ],
    [
      'crond stopped, no systemd',
      { osId: 'alpine', init: 'other', cron: { daemon: 'stopped' } },
      'cron',
      'fail',
      /service crond start/
    ],
    ['cron unknown', { cron: { daemon: 'unknown' } }, 'cron', 'warn', /ps -e/],
    ['no flock', { flock: false }, 'flock', 'fail', /util-linux/],
    ['no flock elsewhere', { osId: 'alpine', flock: false }, 'flock', 'fail', /util-linux/],
    ['port 80 taken', { ports: { 80: 'in-use' } }, 'port-80', 'warn', /ss -ltnp 'sport = :80'/],
    ['port 443 taken', { ports: { 443: 'in-use' } }, 'port-443', 'warn', /sport = :443/],
    ['ports unknown', { ports: { 80: 'unknown' } }, 'port-80', 'warn', /ss -ltnp/],
    ['clock 10 s ahead', { serverTime: NOW + 10 }, 'time', 'warn', /timedatectl set-ntp true/],
    ['clock 2 min behind', { serverTime: NOW - 120 }, 'time', 'fail', /this computer's clock/],
    [
      'clock off, no systemd',
      { init: 'other', serverTime: NOW + 30 },
      'time',
      'warn',
      /chrony or ntpd/
    ],
    ['clock unknown', { serverTime: null }, 'time', 'warn', /date/],
    [
      'disk low',
      { disk: { root: { totalKb: 10 * GB, freeKb: 1.5 * GB } } },
      'disk',
      'warn',
      /docker system prune/
    ],
    [
      'disk nearly full',
      { disk: { root: { totalKb: 10 * GB, freeKb: 100 * 1024 } } },
      'disk',
      'fail',
      /grow the disk/
    ],
    [
      'docker disk nearly full',
      { disk: { docker: { path: '/srv/docker', totalKb: 10 * GB, freeKb: 300 * 1024 } } },
      'disk',
      'fail',
      /prune/
    ],
    [
      'disk unknown',
      { disk: { root: { totalKb: null, freeKb: null }, docker: null } },
      'disk',
      'warn',
      /df -h/
    ],
    ['memory small', { memory: { totalKb: 512 * 1024 } }, 'memory', 'warn', /at least 1 GB/],
    ['memory unknown', { memory: { totalKb: null } }, 'memory', 'warn', /free -m/],
    ['odd arch', { arch: 'armv7l' }, 'arch', 'warn', /x86_64 or aarch64/]
  ]

  it.each(cases)('%s', (_name, patch, id, status, fix) => {
    const i = item(patch, id)
    expect(i.status).toBe(status)
    expect(i.fix).toMatch(fix)
    expect(i.detail.length).toBeGreaterThan(0)
  })

  it('accepts aarch64 and a skew within 5 s, and counts the docker disk', () => {
    expect(item({ arch: 'aarch64' }, 'arch').status).toBe('ok')
    expect(item({ serverTime: NOW - 5 }, 'time').status).toBe('ok')
    expect(item({ disk: { docker: null } }, 'disk').detail).toBe('30.0 GB free on /')
    expect(
      item({ disk: { docker: { path: '/srv/docker', totalKb: 1, freeKb: 1.5 * GB } } }, 'disk')
        .detail
    ).toBe('Only 1.5 GB free on /srv/docker')
    expect(item({ memory: { totalKb: 1_009_960 } }, 'memory').status).toBe('ok') // a "1 GB" VPS
    expect(item({ docker: { access: 'no-permission' } }, 'docker-engine').status).toBe('ok')
  })

  it('names the server in fixes, quoted for a shell', () => {
    const fix = item({ swarm: { state: 'inactive' } }, 'swarm', NOW, 'web 1').fix
    expect(fix).toContain("pier server setup-docker 'web 1'")
    expect(item({ swarm: { state: 'inactive' } }, 'swarm', NOW, 'web1').fix).toContain(
      'pier server setup-docker web1'
    )
  })

  it('drops sudo from fixes for root and quotes odd user names', () => {
    const root = item({ uid: 0, user: 'root', cron: { daemon: 'stopped' } }, 'cron')
    expect(root.fix).toContain('Start it on the server: systemctl enable --now cron')
    const odd = item(
      { user: "o'brien", docker: { access: 'no-permission', group: 'no' } },
      'docker-access'
    )
    expect(odd.fix).toContain(`usermod -aG docker 'o'\\''brien'`)
  })

  it('gives every non-ok item a fix, in every crafted check', () => {
    for (const [, patch] of cases) {
      for (const i of readiness(merged(patch), NOW)) {
        if (i.status === 'ok') expect(i.fix).toBeNull()
        else expect(i.fix, `${i.id}`).toMatch(/\S{3}/)
      }
    }
  })
})
