// Runs in: main, CLI, headless server.
// Binds each contract method to main/core. Handlers get already-validated input; the
// transports never call core directly, so all three ways in behave the same.
import type { Core } from '../core/core'
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
    'server.statuses': (_input, ctx) => core.watch('links', () => core.linkStatuses(), ctx.signal),
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
    'server.watch': (_input, ctx) => core.watch('servers', () => core.servers.list(), ctx.signal)
  }
}
