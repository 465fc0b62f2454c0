// Runs in: CLI.
// Human output for the domain and proxy commands; --json prints the API's values instead.
import type { Method, OutputOf } from '../api/contract'
import type { Domain } from '../core/proxy/model'
import { table } from './format'

const url = (d: Domain): string => `https://${d.domain}${d.path === '/' ? '/' : d.path}`

export const proxyRenderers: Partial<{ [M in Method]: (out: OutputOf<M>) => string }> = {
  'domain.add': (d) =>
    `${url(d)} now reaches ${d.app} (port ${d.targetPort}, TLS ${d.tls}) through the proxy on ${d.server}.`,
  'domain.list': (ds) =>
    ds.length === 0
      ? 'No domains yet. Add one: pier domain add APP DOMAIN'
      : table(
          ds.map((d) => ({ ...d, url: url(d), port: String(d.targetPort) })),
          [
            ['url', 'URL'],
            ['app', 'TARGET'],
            ['server', 'SERVER'],
            ['port', 'PORT'],
            ['tls', 'TLS']
          ]
        ),
  'domain.remove': (r) => `Removed ${r.removed.join(', ')}.`,
  'proxy.config': (r) => r.caddyfile.trimEnd(),
  'proxy.apply': (r) => `The proxy on ${r.server} runs the new configuration.`
}
