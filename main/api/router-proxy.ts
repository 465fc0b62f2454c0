// Runs in: main, CLI, headless server.
// Binds the domain.* and proxy.* methods to core.proxy.
import type { Core } from '../core/core'
import type { ParsedInputOf } from './contract'

export function proxyHandlers(core: Core) {
  return {
    'domain.add': (i: ParsedInputOf<'domain.add'>) => core.proxy.add(i),
    'domain.list': (i: ParsedInputOf<'domain.list'>) => core.proxy.list(i.app),
    'domain.remove': (i: ParsedInputOf<'domain.remove'>) =>
      core.proxy.remove(i.app, i.domain, i.path),
    'proxy.config': (i: ParsedInputOf<'proxy.config'>) => {
      const s = core.servers.get(i.server)
      return { server: s.name, caddyfile: core.proxy.render(s.id) }
    },
    'proxy.apply': (i: ParsedInputOf<'proxy.apply'>) => core.proxy.apply(i.server)
  }
}
