// Runs in a vitest worker (unit project): remote-scripts/install-docker.sh on this machine, only
// ever with PIER_DRY_RUN=1 (it would install and start Docker otherwise), under dash and busybox
// ash; and the setup-line parser and summary on real and hostile lines.
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import {
  parseSetupLine,
  SETUP_STEPS,
  SetupOutputError,
  summarize
} from '../../main/core/servers/docker-setup'
import { remoteScript } from '../../main/core/remote-scripts'

const SCRIPT = remoteScript('install-docker.sh')
const FUNCTIONS = SCRIPT.replace(/\nmain <\/dev\/null\n$/, '\n')

// Every run here is a dry run, whatever the script text: the env var is forced.
function dryRun(cmd: string[], script = SCRIPT): { stdout: string; status: number | null } {
  const [bin, ...args] = cmd as [string, ...string[]]
  const r = spawnSync(bin, [...args, '-s'], {
    input: script,
    encoding: 'utf8',
    env: { ...process.env, PIER_DRY_RUN: '1' }
  })
  return { stdout: r.stdout, status: r.status }
}

const isRoot = process.getuid?.() === 0
const engineUp = existsSync('/var/run/docker.sock')
const dockerdInstalled = existsSync('/usr/sbin/dockerd') || existsSync('/usr/bin/dockerd')

describe('install-docker.sh dry run on this machine (Debian 12)', () => {
  it.each([[['/bin/sh']], [['busybox', 'sh']]])('reports what it would do under %j', (shell) => {
    const { stdout, status } = dryRun(shell)
    expect(status).toBe(0)
    const lines = stdout.trim().split('\n')
    for (const line of lines) parseSetupLine(line) // every line on its own, as when streaming
    const s = summarize(stdout)
    expect(s).toMatchObject({ finished: true, ok: true, changed: false, dryRun: true })
    expect(s.failure).toBeNull()
    expect(s.steps.map((x) => x.step)).toEqual([...SETUP_STEPS])
    const step = (name: string) => s.steps.find((x) => x.step === name)
    expect(step('detect-os')).toMatchObject({
      status: 'ok',
      detail: expect.stringMatching(/Debian/)
    })
    if (isRoot) {
      expect(step('privileges')?.detail).toBe('running as root')
      expect(step('docker-group')).toMatchObject({
        status: 'skip',
        detail: expect.stringMatching(/root/)
      })
    }
    if (dockerdInstalled) expect(step('install-docker')?.status).toBe('skip')
    if (isRoot && !engineUp) {
      expect(step('enable-engine')).toMatchObject({
        status: 'ok',
        dryRun: true,
        detail: expect.stringMatching(/^dry run: would .*(service docker start|systemctl enable)/)
      })
      expect(step('swarm-init')).toMatchObject({
        status: 'ok',
        dryRun: true,
        detail: expect.stringMatching(/--advertise-addr \d+\.\d+\.\d+\.\d+/)
      })
      expect(s.wouldChange).toBe(true)
    }
    // A start line, then one outcome, for every step.
    for (const name of SETUP_STEPS) {
      const own = lines.map((l) => JSON.parse(l)).filter((l) => l.step === name)
      expect(own.map((l) => l.status)[0]).toBe('start')
      expect(own).toHaveLength(2)
    }
  })

  it.runIf(isRoot && existsSync('/usr/bin/setpriv') && !engineUp)(
    'without root or sudo, fails where root is needed, with a hint',
    () => {
      const r = spawnSync(
        'setpriv',
        ['--reuid=65534', '--regid=65534', '--clear-groups', 'sh', '-s'],
        { input: SCRIPT, encoding: 'utf8', env: { PATH: process.env.PATH, PIER_DRY_RUN: '1' } }
      )
      expect(r.status).toBe(1)
      const s = summarize(r.stdout)
      expect(s).toMatchObject({ finished: true, ok: false, changed: false })
      expect(s.failure?.step).toBe('enable-engine')
      expect(s.failure?.detail).toMatch(
        /needs root.*passwordless sudo.*sudo (service docker start|systemctl)/
      )
    }
  )
})

describe('install-docker.sh pieces (dry-run env, functions only)', () => {
  it('refuses a system that is not Debian or Ubuntu', () => {
    const script = `${FUNCTIONS}
os_field() { case $1 in pretty) printf 'Alpine Linux v3.20' ;; ids) printf ' alpine  ' ;; esac; }
step_detect_os
`
    const { stdout, status } = dryRun(['/bin/sh'], script)
    expect(status).toBe(1)
    const s = summarize(stdout)
    expect(s.failure).toEqual({
      step: 'detect-os',
      detail: expect.stringMatching(
        /Alpine Linux v3\.20 is not Debian or Ubuntu.*docs\.docker\.com/
      )
    })
    expect(s.finished).toBe(true)
  })

  it('accepts a Debian derivative through ID_LIKE', () => {
    const script = `${FUNCTIONS}
os_field() { case $1 in pretty) printf 'Linux Mint 22' ;; ids) printf ' linuxmint ubuntu debian ' ;; esac; }
step_detect_os
FINISHED=yes
`
    expect(summarize(dryRun(['/bin/sh'], script).stdout).steps[0]).toMatchObject({
      status: 'ok',
      detail: 'Linux Mint 22'
    })
  })

  it('turns an unexpected error into a failed step and a done line', () => {
    const { stdout, status } = dryRun(['busybox', 'sh'], `${FUNCTIONS}\nSTEP=swarm-init\nfalse\n`)
    expect(status).toBe(1)
    const s = summarize(stdout)
    expect(s.finished).toBe(true)
    expect(s.failure).toEqual({
      step: 'swarm-init',
      detail: expect.stringMatching(/stopped unexpectedly \(exit status 1\)/)
    })
  })

  it('advertises the default route’s IPv4, or loopback without one', () => {
    const addr = dryRun(['/bin/sh'], `${FUNCTIONS}\nadvertise_addr\nFINISHED=yes\n`).stdout
    expect(addr).toMatch(/^\d{1,3}(\.\d{1,3}){3}$/)
    const noIp = `${FUNCTIONS}\nip() { return 1; }\nadvertise_addr\nFINISHED=yes\n`
    expect(dryRun(['busybox', 'sh'], noIp).stdout).toBe('127.0.0.1')
    const fakeIp = (inet: string) =>
      `${FUNCTIONS}\nip() { case $2 in route) echo 'default via 10.0.0.1 dev eth0 proto dhcp' ;; *) echo '2: eth0    inet ${inet} brd 10.0.0.255 scope global eth0' ;; esac; }\nadvertise_addr\nFINISHED=yes\n`
    expect(dryRun(['/bin/sh'], fakeIp('10.0.0.5/24')).stdout).toBe('10.0.0.5')
    expect(dryRun(['busybox', 'sh'], fakeIp('10.0.0.5;id/24')).stdout).toBe('127.0.0.1')
  })

  it('escapes details into valid JSON', () => {
    const script = `${FUNCTIONS}\nSTEP=final-state\nok "$(printf 'a"b\\\\c\\nd\\te')"\nFINISHED=yes\n`
    const line = dryRun(['busybox', 'sh'], script).stdout.trim()
    expect(parseSetupLine(line)).toMatchObject({ detail: 'a"b\\c\nd\te' })
  })
})

describe('parseSetupLine', () => {
  it('reads progress and done lines', () => {
    expect(parseSetupLine('{"step":"swarm-init","status":"ok","detail":"created"}')).toEqual({
      kind: 'progress',
      step: 'swarm-init',
      status: 'ok',
      detail: 'created',
      dryRun: false
    })
    expect(
      parseSetupLine('{"step":"enable-engine","status":"ok","detail":"x","dry_run":true}')
    ).toMatchObject({ dryRun: true })
    expect(parseSetupLine('{"done":true,"changed":true,"dry_run":false}')).toEqual({
      kind: 'done',
      changed: true,
      dryRun: false
    })
  })

  it.each([
    ['', /not JSON/],
    ['apt-get: done', /not JSON/],
    ['{"step":"rm -rf /","status":"ok","detail":""}', /not a setup progress line/],
    ['{"step":"privileges","status":"maybe","detail":""}', /not a setup progress line/],
    ['{"step":"privileges","status":"ok"}', /not a setup progress line/],
    ['{"step":"privileges","status":"ok","detail":"","extra":1}', /not a setup progress line/],
    ['{"step":"privileges","status":"start","detail":"","dry_run":true}', /not a setup progress/],
    ['{"step":"privileges","status":"ok","detail":"","dry_run":false}', /not a setup progress/],
    ['{"done":true,"changed":"yes","dry_run":false}', /not a setup progress line/],
    ['{"done":true,"changed":false}', /not a setup progress line/],
    ['{"done":false,"changed":false,"dry_run":false}', /not a setup progress line/],
    ['["step"]', /not a setup progress line/],
    [`{"step":"privileges","status":"ok","detail":"${'x'.repeat(9000)}"}`, /too long/]
  ])('refuses %j', (line, error) => {
    expect(() => parseSetupLine(line)).toThrow(SetupOutputError)
    expect(() => parseSetupLine(line)).toThrow(error)
  })
})

describe('summarize', () => {
  const p = (step: string, status: string, detail = '', dry = false) =>
    JSON.stringify({ step, status, detail, ...(dry ? { dry_run: true } : {}) })
  const done = (changed: boolean, dry = false) =>
    JSON.stringify({ done: true, changed, dry_run: dry })

  it('sums up a run that changed things', () => {
    const s = summarize([
      p('detect-os', 'start'),
      p('detect-os', 'ok', 'Ubuntu 24.04 LTS'),
      p('install-docker', 'start'),
      p('install-docker', 'ok', 'installed docker.io'),
      p('swarm-init', 'start'),
      p('swarm-init', 'skip', 'this node is already in a swarm'),
      done(true),
      ''
    ])
    expect(s).toMatchObject({ finished: true, ok: true, changed: true, dryRun: false })
    expect(s.wouldChange).toBe(false)
    expect(s.steps.map((x) => [x.step, x.status])).toEqual([
      ['detect-os', 'ok'],
      ['install-docker', 'ok'],
      ['swarm-init', 'skip']
    ])
  })

  it('reports the failed step', () => {
    const s = summarize(
      [p('privileges', 'start'), p('privileges', 'fail', 'needs root'), done(false)].join('\n')
    )
    expect(s).toMatchObject({ finished: true, ok: false })
    expect(s.failure).toEqual({ step: 'privileges', detail: 'needs root' })
  })

  it('says where a cut-off run stopped', () => {
    const s = summarize([
      p('detect-os', 'start'),
      p('detect-os', 'ok'),
      p('install-docker', 'start')
    ])
    expect(s).toMatchObject({ finished: false, ok: false, changed: false })
    expect(s.steps[1]).toMatchObject({ step: 'install-docker', status: 'running' })
    expect(s.failure?.step).toBe('install-docker')
    expect(summarize('').failure?.step).toBe('detect-os')
  })

  it('refuses lines after done, bad lines and inconsistent dry runs', () => {
    expect(() => summarize([done(false), p('detect-os', 'start')])).toThrow(/after the done line/)
    expect(() => summarize([p('detect-os', 'start'), 'oops', done(false)])).toThrow(
      /line 2: not JSON/
    )
    expect(() => summarize([p('swarm-init', 'ok', '', true), done(false)])).toThrow(/dry-run step/)
    expect(() => summarize([done(true, true)])).toThrow(/dry run reported a change/)
    expect(summarize([p('swarm-init', 'ok', 'would', true), done(false, true)])).toMatchObject({
      dryRun: true,
      wouldChange: true,
      ok: true
    })
  })
})
