// Runs in: main, CLI, headless server.
// Renders an app as a compose file for `docker stack deploy` (JSON, which is YAML too). The file
// is what the server keeps under ~/.pier/apps/<app>/, so the app stays deployable without Pier.
// Secret values go to a second compose file with only their environment entries, uploaded as a
// 0600 job secret and merged by the docker CLI: they never touch argv, a log or SQLite.
import type { AppSpec } from './model'
import { spreadOver } from './placement'

/** Compose interpolates "$" everywhere; "$$" is a literal dollar. */
const literal = (s: string): string => s.replace(/\$/g, '$$$$')

const duration = (sec: number): string => `${sec}s`

/** network: an external overlay network to join besides the stack's own (the proxy's). */
export function renderCompose(
  app: string,
  spec: AppSpec,
  opts: { network?: string | null } = {}
): string {
  // Host-mode ports are bound by one task at a time on a node, so a second copy can't start
  // before the first stops; without ports the new version starts first and takes over.
  const order = spec.ports.length > 0 ? 'stop-first' : 'start-first'
  const service: Record<string, unknown> = {
    // The release tag is known only on the server (the deploy script numbers releases).
    image: '${PIER_IMAGE}',
    environment: Object.fromEntries(Object.entries(spec.env).map(([k, v]) => [k, literal(v)])),
    labels: { 'pier.app': app },
    stop_grace_period: duration(spec.stopGraceSec),
    deploy: {
      replicas: spec.replicas,
      // No IPVS is needed: DNS round-robin instead of a virtual IP.
      endpoint_mode: 'dnsrr',
      labels: { 'pier.app': app },
      update_config: {
        parallelism: 1,
        order,
        failure_action: 'rollback',
        monitor: '5s',
        max_failure_ratio: 0
      },
      rollback_config: { parallelism: 1, order, failure_action: 'pause', monitor: '5s' },
      restart_policy:
        spec.restart === 'none' ? { condition: 'none' } : { condition: spec.restart, delay: '2s' },
      resources: {
        limits: {
          ...(spec.cpus === null ? {} : { cpus: String(spec.cpus) }),
          ...(spec.memoryMb === null ? {} : { memory: `${spec.memoryMb}M` })
        }
      }
    }
  }
  if (spec.constraints.length > 0 || spec.preferences.length > 0)
    (service.deploy as Record<string, unknown>).placement = {
      ...(spec.constraints.length > 0 ? { constraints: spec.constraints.map(literal) } : {}),
      ...(spec.preferences.length > 0
        ? { preferences: spec.preferences.map((p) => ({ spread: literal(spreadOver(p)) })) }
        : {})
    }
  if (spec.command) service.command = spec.command.map(literal)
  if (spec.ports.length > 0)
    service.ports = spec.ports.map((p) => ({
      target: p.target,
      published: p.published,
      protocol: p.protocol,
      mode: 'host'
    }))
  if (spec.volumes.length > 0)
    service.volumes = spec.volumes.map((v) => ({
      type: v.type,
      source: literal(v.source),
      target: literal(v.target),
      read_only: v.readOnly
    }))
  if (spec.healthcheck) {
    const h = spec.healthcheck
    service.healthcheck = {
      test: ['CMD-SHELL', literal(h.cmd)],
      interval: duration(h.intervalSec),
      timeout: duration(h.timeoutSec),
      retries: h.retries,
      start_period: duration(h.startPeriodSec)
    }
  }
  const named = spec.volumes.filter((v) => v.type === 'volume').map((v) => v.source)
  const compose: Record<string, unknown> = { version: '3.8', services: { app: service } }
  if (named.length > 0) compose.volumes = Object.fromEntries(named.map((n) => [literal(n), {}]))
  if (opts.network) {
    service.networks = ['default', opts.network]
    compose.networks = { [opts.network]: { external: true } }
  }
  return JSON.stringify(compose, null, 2) + '\n'
}

/** The secret half: only environment entries, merged over the main file by the docker CLI. */
export function renderSecretCompose(values: Readonly<Record<string, string>>): string {
  const environment = Object.fromEntries(Object.entries(values).map(([k, v]) => [k, literal(v)]))
  return JSON.stringify({ version: '3.8', services: { app: { environment } } }) + '\n'
}
