// Runs in: main, CLI, headless server.
// Binds each contract method to main/core. Handlers get already-validated input; the
// transports never call core directly, so all three ways in behave the same.
import type { Core } from '../core/core'
import { appHandlers } from './router-apps'
import { stackHandlers } from './router-stacks'
import { databaseHandlers } from './router-databases'
import { proxyHandlers } from './router-proxy'
import { autodeployHandlers } from './router-autodeploy'
import { clusterHandlers } from './router-clusters'
import type { CallMethod, OutputOf, ParsedInputOf, StreamMethod, Transport } from './contract'

export type { Transport }

export interface RequestContext {
  transport: Transport
  signal: AbortSignal
}

export type Handlers = {
  [M in CallMethod]: (
    input: ParsedInputOf<M>,
    ctx: RequestContext
  ) => Promise<OutputOf<M>> | OutputOf<M>
} & {
  [M in StreamMethod]: (input: ParsedInputOf<M>, ctx: RequestContext) => AsyncIterable<OutputOf<M>>
}

async function* liveSamples(core: Core, server: string, every: number, signal: AbortSignal) {
  while (!signal.aborted) {
    const started = Date.now()
    yield await core.metrics.live(server)
    const wait = every * 1000 - (Date.now() - started)
    if (wait > 0) await new Promise((r) => setTimeout(r, wait))
  }
}

export interface HandlerOptions {
  /**
   * Hands a checked http(s) URL to the system browser (Electron's shell.openExternal). Absent
   * where Pier has no desktop to open it on (`pier serve`, the CLI): the viewer opens it itself.
   */
  openExternal?: (url: string) => Promise<void>
}

export function createHandlers(core: Core, options: HandlerOptions = {}): Handlers {
  return {
    'system.info': (_input, ctx) => ({
      version: core.version,
      home: core.paths.home,
      database: core.paths.database,
      schemaVersion: core.schemaVersion(),
      platform: `${process.platform}-${process.arch}`,
      transport: ctx.transport
    }),
    'system.keychain': () => core.keychainStatus(),
    'system.openExternal': async ({ url }) => {
      if (!options.openExternal) return { opened: false }
      await options.openExternal(url)
      return { opened: true }
    },
    'settings.get': () => core.settings.terminal(),
    'settings.set': ({ value }) => core.settings.updateTerminal(value),
    'snippet.list': ({ server }) => core.snippets.list(server),
    'snippet.save': (input) => core.snippets.save(input),
    'snippet.remove': ({ id }) => core.snippets.remove(id),
    'server.list': () => core.servers.list(),
    'server.add': (input) => core.servers.add(input),
    'server.remove': ({ name, fromServer }) => core.servers.remove(name, { fromServer }),
    'server.update': (input) => core.servers.update(input),
    'server.importSshConfig': (input) => core.servers.importSshConfig(input),
    'server.trustKey': ({ name, fingerprint }) => core.servers.trustKey(name, fingerprint),
    'server.ping': async ({ name }) => {
      const server = core.servers.get(name)
      const link = core.pool.link(server.id)
      const started = performance.now()
      const r = await link.exec('true', { timeoutMs: 15_000 })
      if (r.code !== 0) throw new Error(`true exited with ${r.code}`)
      return {
        state: link.status.state,
        latencyMs: Math.round((performance.now() - started) * 10) / 10
      }
    },
    'server.check': ({ name }) => core.servers.check(name),
    'server.setupDocker': ({ name }) => core.servers.setupDocker(name),
    'job.list': ({ server }) => core.jobs.list(server),
    'job.logs': ({ server, job, follow, offset }) =>
      core.jobs.logs(server, job, { follow: follow ?? false, offset }),
    'job.cancel': ({ server, job }) => core.jobs.cancel(server, job),
    'job.start': ({ server, ...job }) => core.jobs.start(server, job),
    'job.history': ({ server }) => core.jobs.history(server),
    'job.watch': ({ server }, ctx) =>
      core.watch('jobs', () => core.jobs.history(server), ctx.signal),
    'job.prune': ({ server, days }) => core.jobs.prune(server, days),
    'cron.list': ({ server }) => core.cron.list(server),
    'cron.add': ({ server, ...entry }) => core.cron.install(server, entry),
    'cron.remove': ({ server, name }) => core.cron.remove(server, name),
    'docker.ps': ({ server, all }) => core.docker.ps(server, { all }),
    'docker.containersAll': ({ all }) => core.docker.containersAll({ all }),
    'docker.watch': ({ server, all }, ctx) =>
      core.docker.watchContainers({ servers: server ? [server] : undefined, all }, ctx.signal),
    'docker.events': ({ server }, ctx) => core.docker.subscribe(server, ctx.signal),
    'docker.inspect': ({ server, container }) => core.docker.inspect(server, container),
    'docker.start': ({ server, container }) => core.docker.action(server, container, 'start'),
    'docker.stop': ({ server, container, timeout }) =>
      core.docker.action(server, container, 'stop', { timeoutSec: timeout }),
    'docker.restart': ({ server, container, timeout }) =>
      core.docker.action(server, container, 'restart', { timeoutSec: timeout }),
    'docker.pause': ({ server, container }) => core.docker.action(server, container, 'pause'),
    'docker.unpause': ({ server, container }) => core.docker.action(server, container, 'unpause'),
    'docker.remove': ({ server, container, force, volumes }) =>
      core.docker.action(server, container, 'remove', { force, volumes }),
    'docker.logs': ({ server, container, ...opts }, ctx) =>
      core.docker.logs(server, container, { ...opts, signal: ctx.signal }),
    'docker.serviceLogs': ({ server, service, ...opts }, ctx) =>
      core.docker.serviceLogs(server, service, { ...opts, signal: ctx.signal }),
    'docker.stats': ({ server }) => core.docker.stats(server),
    'docker.images': ({ server }) => core.docker.images(server),
    'docker.imageRemove': ({ server, image, force }) =>
      core.docker.imageRemove(server, image, force),
    'docker.imagePrunePreview': ({ server, all }) => core.docker.imagePrunePreview(server, all),
    'docker.imagePrune': ({ server, all }) => core.docker.imagePrune(server, all),
    'docker.volumes': ({ server }) => core.docker.volumes(server),
    'docker.volumeRemove': ({ server, volume, force }) =>
      core.docker.volumeRemove(server, volume, force),
    'docker.volumePrunePreview': ({ server }) => core.docker.volumePrunePreview(server),
    'docker.volumePrune': ({ server }) => core.docker.volumePrune(server),
    'docker.networks': ({ server }) => core.docker.networks(server),
    'docker.networkRemove': ({ server, network }) => core.docker.networkRemove(server, network),
    'server.statuses': (_input, ctx) => core.watch('links', () => core.linkStatuses(), ctx.signal),
    'metrics.enable': ({ server, interval, retention }) =>
      core.metrics.enable(server, { intervalSec: interval, retentionDays: retention }),
    'metrics.disable': ({ server }) => core.metrics.disable(server),
    'metrics.settings': ({ server }) => core.metrics.settings(server),
    'metrics.sync': ({ server }) => core.metrics.sync(server),
    'metrics.show': async ({ server, since }) => {
      // Offline, the history on this laptop is still worth showing; say that it may be stale.
      let warning: string | null = null
      try {
        await core.metrics.sync(server)
      } catch (err) {
        warning = `Not synced: ${(err as Error).message}`
      }
      return {
        server: core.servers.get(server).name,
        synced: warning === null,
        warning,
        samples: core.metrics.show(server, since)
      }
    },
    'metrics.series': ({ server, since, until, maxPoints }) =>
      core.metrics.series(server, since, maxPoints, until),
    'metrics.live': (input, ctx) => liveSamples(core, input.server, input.every, ctx.signal),
    'alert.add': ({ server, rule, webhook, kind, rateLimit }) =>
      core.alerts.add(server, { rule, webhook, kind, rateLimitMin: rateLimit }),
    'alert.list': ({ server }) => ({
      rules: core.alerts.list(server),
      events: core.alerts.events(server)
    }),
    'alert.remove': ({ id }) => core.alerts.remove(id),
    'terminal.open': ({ server, ...size }, ctx) => core.terminals.stream(server, size, ctx.signal),
    'terminal.input': ({ id, data }) => {
      core.terminals.get(id).write(data)
      return {}
    },
    'terminal.resize': ({ id, cols, rows }) => {
      core.terminals.get(id).resize(cols, rows)
      return {}
    },
    // Acks race the session's end by nature (the last output is drawn after the exit), so an
    // ack for a session that is gone is not an error.
    'terminal.ack': ({ id, bytes }) => {
      core.terminals.find(id)?.ack(bytes)
      return {}
    },
    'server.watch': (_input, ctx) => core.watch('servers', () => core.servers.list(), ctx.signal),
    ...appHandlers(core),
    ...stackHandlers(core),
    ...databaseHandlers(core),
    ...proxyHandlers(core),
    ...autodeployHandlers(core),
    ...clusterHandlers(core)
  }
}
