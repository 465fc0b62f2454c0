// Runs in: main, CLI, headless server; pure, so the renderer could use it too.
// The readiness checklist shown for a server: each check.sh finding as ok, warn or fail, and for
// anything not ok a concrete next step.
import { shQuote } from '../ssh/quote'
import type { ServerCheck } from './check'

export type ReadinessStatus = 'ok' | 'warn' | 'fail'
export type ReadinessId =
  | 'docker-engine'
  | 'docker-access'
  | 'swarm'
  | 'cron'
  | 'flock'
  | 'port-80'
  | 'port-443'
  | 'time'
  | 'disk'
  | 'memory'
  | 'arch'

export interface ReadinessItem {
  id: ReadinessId
  label: string
  status: ReadinessStatus
  detail: string
  /** A concrete next step; null only when status is 'ok'. */
  fix: string | null
}

export interface ReadinessOptions {
  /** The server's name in Pier, for the `pier server …` commands in fixes. */
  serverName?: string
}

const KB_PER_MB = 1024
const KB_PER_GB = 1024 * 1024
// A "1 GB" VPS reports less than 1 GiB of MemTotal (the kernel keeps some), so the memory
// warning starts a little below 1 GiB rather than nagging every 1 GB plan.
const LOW_MEMORY_KB = 900 * KB_PER_MB
const DISK_WARN_KB = 2 * KB_PER_GB
const DISK_FAIL_KB = 500 * KB_PER_MB
const SKEW_WARN_S = 5
const SKEW_FAIL_S = 60

export function formatKb(kb: number): string {
  if (kb >= KB_PER_GB) return `${(kb / KB_PER_GB).toFixed(1)} GB`
  return `${Math.round(kb / KB_PER_MB)} MB`
}

interface Ctx {
  check: ServerCheck
  setup: string
  user: string
  debianLike: boolean
  sudo: (cmd: string) => string
}

const ok = (id: ReadinessId, label: string, detail: string): ReadinessItem => ({
  id,
  label,
  status: 'ok',
  detail,
  fix: null
})
const notOk = (
  id: ReadinessId,
  label: string,
  status: 'warn' | 'fail',
  detail: string,
  fix: string
): ReadinessItem => ({ id, label, status, detail, fix })

function setupNeedsRoot(ctx: Ctx): string {
  if (ctx.check.uid === 0 || ctx.check.sudo === 'yes') return ''
  return ` It needs root: log in as root, or allow passwordless sudo for ${ctx.user}.`
}

function dockerEngine(ctx: Ctx): ReadinessItem {
  const { docker, init } = ctx.check
  const label = 'Docker engine'
  if (docker.access === 'yes') {
    const api = docker.apiVersion ? ` (API ${docker.apiVersion})` : ''
    return ok('docker-engine', label, docker.version ? `Docker ${docker.version}${api}` : 'Running')
  }
  if (docker.access === 'no-permission') {
    return ok('docker-engine', label, 'Running (its version shows once this user can use Docker)')
  }
  if (docker.access === 'no-engine') {
    const start = ctx.sudo(
      init === 'systemd' ? 'systemctl enable --now docker' : 'service docker start'
    )
    const why = docker.error ? `: ${docker.error}` : ''
    const fix = ctx.debianLike
      ? `Run \`${ctx.setup}\`, or start it on the server: ${start}.${setupNeedsRoot(ctx)}`
      : `Start it on the server: ${start}.`
    return notOk(
      'docker-engine',
      label,
      'fail',
      `Docker${docker.cli ? ` ${docker.cli}` : ''} is installed but the engine is not running${why}`,
      fix
    )
  }
  const fix = ctx.debianLike
    ? `Run \`${ctx.setup}\`: it installs Debian's docker.io package, starts the engine and creates a single-node swarm.${setupNeedsRoot(ctx)}`
    : `Install Docker Engine for ${ctx.check.os} (https://docs.docker.com/engine/install/), then check again; \`pier server setup-docker\` supports Debian and Ubuntu only.`
  return notOk('docker-engine', label, 'fail', 'Docker is not installed', fix)
}

function dockerAccess(ctx: Ctx): ReadinessItem {
  const { docker, user } = ctx.check
  const label = `Docker usable by ${user}`
  if (docker.access === 'yes') {
    return ok(
      'docker-access',
      label,
      ctx.check.uid === 0 ? 'Running as root' : `${user} can use Docker`
    )
  }
  if (docker.access === 'no-engine' || docker.access === 'no-docker') {
    return notOk(
      'docker-access',
      label,
      'fail',
      'There is no running engine to use',
      'Get the Docker engine running first (see above), then check again.'
    )
  }
  if (docker.group === 'next-login') {
    return notOk(
      'docker-access',
      label,
      'fail',
      `${user} is in the docker group, but this SSH session started before that`,
      'Reconnect the server in Pier: a new login picks up the group.'
    )
  }
  if (docker.group === 'active') {
    return notOk(
      'docker-access',
      label,
      'fail',
      `${user} is in the docker group but the socket refuses it${docker.error ? `: ${docker.error}` : ''}`,
      'Check the socket on the server with `ls -l /var/run/docker.sock`: it should be owned by root:docker with mode 660 (restart Docker to recreate it).'
    )
  }
  return notOk(
    'docker-access',
    label,
    'fail',
    `${user} is not in the docker group`,
    `Add the user to the docker group: ${ctx.sudo(`usermod -aG docker ${ctx.user}`)}, then reconnect (or run \`${ctx.setup}\`, which does it).`
  )
}

function swarm(ctx: Ctx): ReadinessItem {
  const { state, role } = ctx.check.swarm
  const label = 'Docker Swarm'
  const restart = `run \`docker swarm leave --force\` on the server, then \`${ctx.setup}\``
  switch (state) {
    case 'active':
      if (role === 'worker') {
        return notOk(
          'swarm',
          label,
          'fail',
          'Active, but this node is a worker: services are deployed through a manager',
          'Add the manager node to Pier instead, or promote this node from a manager: docker node promote <this node>.'
        )
      }
      return ok('swarm', label, 'Active; this node is a manager')
    case 'inactive':
      return notOk(
        'swarm',
        label,
        'warn',
        'Not active yet: Pier runs apps as swarm services',
        `Run \`${ctx.setup}\`: it creates a single-node swarm (docker swarm init).`
      )
    case 'pending':
      return notOk(
        'swarm',
        label,
        'warn',
        'Joining a swarm',
        `Wait a minute and check again; if it stays pending, ${restart}.`
      )
    case 'error':
      return notOk(
        'swarm',
        label,
        'fail',
        'The swarm is in an error state',
        `See \`docker info\` on the server; to start over, ${restart}.`
      )
    case 'locked':
      return notOk(
        'swarm',
        label,
        'fail',
        'The swarm is locked (autolock after a restart)',
        'Unlock it on the server with `docker swarm unlock` and the unlock key.'
      )
    default:
      return ctx.check.docker.access === 'yes'
        ? notOk(
            'swarm',
            label,
            'warn',
            'The engine did not report its swarm state',
            'Run `docker info` on the server to see why.'
          )
        : notOk(
            'swarm',
            label,
            'warn',
            'Unknown until this user can use Docker',
            'Fix the Docker items above, then check again.'
          )
  }
}

function cron(ctx: Ctx): ReadinessItem {
  const { crontab, daemon } = ctx.check.cron
  const label = 'cron'
  const unit = ctx.debianLike ? 'cron' : 'crond'
  if (!crontab) {
    const install = ctx.debianLike
      ? ctx.sudo('apt-get install cron')
      : "your distribution's cron package (cronie or cron)"
    return notOk(
      'cron',
      label,
      'fail',
      'No crontab command: backups, metrics and auto-deploy are scheduled with cron',
      `Install ${install}, then check again.`
    )
  }
  if (daemon === 'stopped') {
    const start =
      ctx.check.init === 'systemd' ? `systemctl enable --now ${unit}` : `service ${unit} start`
    return notOk(
      'cron',
      label,
      'fail',
      'crontab is there but no cron daemon runs, so scheduled jobs would never start',
      `Start it on the server: ${ctx.sudo(start)}.`
    )
  }
  if (daemon === 'unknown') {
    return notOk(
      'cron',
      label,
      'warn',
      'Could not tell whether a cron daemon runs',
      'Check on the server with `ps -e | grep cron`.'
    )
  }
  return ok('cron', label, 'crontab present and the cron daemon runs')
}

function flock(ctx: Ctx): ReadinessItem {
  if (ctx.check.flock) return ok('flock', 'flock', 'Present')
  const install = ctx.debianLike ? ctx.sudo('apt-get install util-linux') : 'util-linux'
  return notOk(
    'flock',
    'flock',
    'fail',
    'No flock command: Pier uses it so two deploys or jobs never overlap',
    `Install ${install} (it provides flock).`
  )
}

function port(ctx: Ctx, p: 80 | 443): ReadinessItem {
  const id = p === 80 ? 'port-80' : 'port-443'
  const label = `Port ${p}`
  const state = ctx.check.ports[p]
  if (state === 'free') return ok(id, label, 'Free for Pier’s proxy (Caddy)')
  if (state === 'in-use') {
    return notOk(
      id,
      label,
      'warn',
      `Something listens on port ${p}; Caddy needs it for sites and TLS (fine if it is Pier's own proxy)`,
      `See what it is with ${ctx.sudo(`ss -ltnp 'sport = :${p}'`)}, then stop or move that service.`
    )
  }
  return notOk(
    id,
    label,
    'warn',
    'Could not read the listening sockets',
    `Check on the server with ${ctx.sudo(`ss -ltnp 'sport = :${p}'`)}.`
  )
}

function timeSkew(ctx: Ctx, laptopNowSeconds: number): ReadinessItem {
  const label = 'Clock'
  const { serverTime, init } = ctx.check
  const sync =
    init === 'systemd'
      ? `turn on time sync on the server (${ctx.sudo('timedatectl set-ntp true')}, or install chrony)`
      : 'install and start chrony or ntpd on the server'
  if (serverTime === null) {
    return notOk(
      'time',
      label,
      'warn',
      'The server did not report its time',
      `Check \`date\` on the server; ${sync}.`
    )
  }
  const skew = Math.round(serverTime - laptopNowSeconds)
  if (Math.abs(skew) <= SKEW_WARN_S) return ok('time', label, 'In step with this computer')
  const detail = `The server's clock is ${Math.abs(skew)} s ${skew > 0 ? 'ahead of' : 'behind'} this computer`
  return notOk(
    'time',
    label,
    Math.abs(skew) > SKEW_FAIL_S ? 'fail' : 'warn',
    detail,
    `Sync the clocks: ${sync}; or fix this computer's clock if it is the one that is off.`
  )
}

function disk(ctx: Ctx): ReadinessItem {
  const label = 'Disk space'
  const { root, docker } = ctx.check.disk
  const places = [{ path: '/', free: root.freeKb }]
  if (docker && docker.freeKb !== null) places.push({ path: docker.path, free: docker.freeKb })
  const known = places.filter((p): p is { path: string; free: number } => p.free !== null)
  if (known.length === 0) {
    return notOk(
      'disk',
      label,
      'warn',
      'Could not read free disk space',
      'Check on the server with `df -h`.'
    )
  }
  const least = known.reduce((a, b) => (b.free < a.free ? b : a))
  const detail = `${formatKb(least.free)} free on ${least.path}`
  if (least.free >= DISK_WARN_KB) return ok('disk', label, detail)
  return notOk(
    'disk',
    label,
    least.free < DISK_FAIL_KB ? 'fail' : 'warn',
    `Only ${detail}`,
    'Free space on the server: `docker system prune` removes unused images and stopped containers; or grow the disk.'
  )
}

function memory(ctx: Ctx): ReadinessItem {
  const label = 'Memory'
  const { totalKb, swapKb } = ctx.check.memory
  if (totalKb === null) {
    return notOk(
      'memory',
      label,
      'warn',
      'Could not read the memory size',
      'Check on the server with `free -m`.'
    )
  }
  const swap = swapKb ? `, ${formatKb(swapKb)} swap` : ', no swap'
  const detail = `${formatKb(totalKb)} RAM${swap}`
  if (totalKb >= LOW_MEMORY_KB) return ok('memory', label, detail)
  return notOk(
    'memory',
    label,
    'warn',
    `${detail}: less than 1 GB leaves little room for builds and databases`,
    'Use a server with at least 1 GB of RAM, or add a swap file.'
  )
}

function arch(ctx: Ctx): ReadinessItem {
  const a = ctx.check.arch
  if (['x86_64', 'amd64', 'aarch64', 'arm64'].includes(a)) return ok('arch', 'Architecture', a)
  return notOk(
    'arch',
    'Architecture',
    'warn',
    `${a}: many images are published only for x86_64 and aarch64`,
    `Use images built for ${a}, or an x86_64 or aarch64 server.`
  )
}

/**
 * The checklist the UI shows for a server, from a parsed check. `laptopNowSeconds` is this
 * computer's clock (epoch seconds) when the check's output arrived.
 */
export function readiness(
  check: ServerCheck,
  laptopNowSeconds: number,
  opts: ReadinessOptions = {}
): ReadinessItem[] {
  const asRoot = check.uid === 0
  const ctx: Ctx = {
    check,
    setup: `pier server setup-docker ${opts.serverName ? shQuote(opts.serverName) : 'NAME'}`,
    user: shQuote(check.user || 'USER'),
    debianLike: [check.osId ?? '', ...check.osIdLike].some(
      (id) => id === 'debian' || id === 'ubuntu'
    ),
    sudo: (cmd) => (asRoot ? cmd : `sudo ${cmd}`)
  }
  return [
    dockerEngine(ctx),
    dockerAccess(ctx),
    swarm(ctx),
    cron(ctx),
    flock(ctx),
    port(ctx, 80),
    port(ctx, 443),
    timeSkew(ctx, laptopNowSeconds),
    disk(ctx),
    memory(ctx),
    arch(ctx)
  ]
}
