// Runs in: main, CLI, headless server (pure).
// A stack's services that have a domain must be on the proxy's overlay network. Pier does not
// edit the user's compose file for that: it writes a second file, proxy.yml, beside it on the
// server, and up.sh deploys both (`docker stack deploy -c compose.yml -c proxy.yml`), which
// merges the service's network map. So the attachment survives every redeploy, by Pier or by
// hand, and goes away with the last domain.
import { isMap, isScalar, parseDocument } from 'yaml'
import { PROXY_NETWORK } from '../proxy/model'

export interface ComposeInfo {
  /** The compose file's `version:`; docker refuses to merge files whose versions differ. */
  version: string | null
  /** Services that name their own networks (the others are on "default" only). */
  networked: string[]
}

/** What the overlay needs to know of a compose file (already checked by composeServices). */
export function composeInfo(text: string): ComposeInfo {
  const doc = parseDocument(text)
  if (!isMap(doc.contents)) return { version: null, networked: [] }
  const v = doc.contents.get('version')
  const services = doc.contents.get('services')
  const networked: string[] = []
  if (isMap(services))
    for (const pair of services.items) {
      const name = isScalar(pair.key) ? String(pair.key.value) : String(pair.key)
      if (isMap(pair.value) && pair.value.has('networks')) networked.push(name)
    }
  return { version: v === undefined || v === null ? null : String(v), networked }
}

export function parseComposeInfo(json: string): ComposeInfo {
  try {
    const o = JSON.parse(json) as Partial<ComposeInfo>
    return {
      version: typeof o.version === 'string' ? o.version : null,
      networked: Array.isArray(o.networked) ? o.networked.map(String) : []
    }
  } catch {
    return { version: null, networked: [] }
  }
}

/**
 * proxy.yml for a stack whose `services` have domains; empty when none has. A service that had
 * no networks of its own keeps "default" (naming any network would otherwise drop it). Service
 * names are those composeServices accepted and are written as JSON strings, which YAML reads
 * as the same string whatever they contain.
 */
export function proxyOverlay(info: ComposeInfo, services: readonly string[]): string {
  const list = [...new Set(services)].sort()
  if (list.length === 0) return ''
  const q = (s: string): string => JSON.stringify(s)
  const out = ['# Written by Pier: the services with a domain join the proxy network.']
  if (info.version !== null) out.push(`version: ${q(info.version)}`)
  out.push('services:')
  for (const s of list) {
    out.push(`  ${q(s)}:`, '    networks:')
    if (!info.networked.includes(s)) out.push('      default: {}')
    out.push(`      ${PROXY_NETWORK}: {}`)
  }
  out.push('networks:', `  ${PROXY_NETWORK}:`, '    external: true')
  return out.join('\n') + '\n'
}
