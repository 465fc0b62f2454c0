// Runs in: main, and in the renderer through the API contract (pure, no Node imports).
// Alert rules as users write them ("cpu > 90 for 5m", "mem > 85", "disk > 90", "down web") and
// webhook targets. Both are checked here, before anything reaches a server: the rule becomes a
// few key=value lines the collector reads, the webhook a curl config file readable only by the
// user, and a target that points back into the server (loopback, link-local, cloud metadata)
// is refused because a webhook must never become a way to reach those from outside.

export type AlertMetric = 'cpu' | 'mem' | 'disk' | 'down'
export type WebhookKind = 'json' | 'ntfy' | 'slack' | 'discord'

export interface AlertRule {
  metric: AlertMetric
  /** Percent for cpu/mem/disk; unused for down. */
  threshold: number
  /** How long the condition must hold before the alert fires. */
  minutes: number
  /** The container name, for down. */
  target: string | null
}

export class AlertRuleError extends Error {}

const THRESHOLD =
  /^(cpu|mem|disk)\s*>\s*(\d{1,3}(?:\.\d+)?)\s*%?(?:\s+for\s+(\d{1,4})\s*m(?:in(?:utes?)?)?)?$/i
const DOWN =
  /^down\s+([a-zA-Z0-9][a-zA-Z0-9_.-]{0,127})(?:\s+for\s+(\d{1,4})\s*m(?:in(?:utes?)?)?)?$/i

export function parseAlertRule(text: string): AlertRule {
  const t = text.trim()
  if (/[\r\n]/.test(t)) throw new AlertRuleError('A rule is one line.')
  const m = THRESHOLD.exec(t)
  if (m) {
    const threshold = Number(m[2])
    if (threshold <= 0 || threshold >= 100)
      throw new AlertRuleError('A threshold is a percentage between 0 and 100.')
    return {
      metric: (m[1] as string).toLowerCase() as AlertMetric,
      threshold,
      minutes: Number(m[3] ?? 0),
      target: null
    }
  }
  const d = DOWN.exec(t)
  if (d) return { metric: 'down', threshold: 0, minutes: Number(d[2] ?? 0), target: d[1] as string }
  throw new AlertRuleError(
    'Write a rule like "cpu > 90 for 5m", "mem > 85", "disk > 90" or "down CONTAINER".'
  )
}

export function describeRule(r: AlertRule): string {
  const hold = r.minutes > 0 ? ` for ${r.minutes}m` : ''
  return r.metric === 'down'
    ? `down ${r.target ?? ''}${hold}`
    : `${r.metric} > ${r.threshold}%${hold}`
}

const BLOCKED_NAMES = [
  /^localhost$/i,
  /\.localhost$/i,
  /^ip6-(localhost|loopback)$/i,
  /^metadata$/i,
  /^metadata\.google\.internal$/i,
  /^instance-data(\.ec2\.internal)?$/i
]

/** IP literals a webhook must not target; the collector checks resolved addresses the same way. */
export function isBlockedAddress(ip: string): boolean {
  const a = ip.toLowerCase().replace(/^\[|\]$/g, '')
  if (/^127\./.test(a) || /^0\./.test(a) || /^169\.254\./.test(a)) return true
  if (a === '0.0.0.0' || a === '100.100.100.200' || a === '168.63.129.16') return true
  if (a === '::1' || a === '::' || /^fe[89ab][0-9a-f]:/.test(a)) return true
  if (a.startsWith('::ffff:')) {
    // WHATWG URLs write an IPv4-mapped address in hex (::ffff:7f00:1 for 127.0.0.1).
    const hex = /^([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(a.slice(7))
    if (!hex) return isBlockedAddress(a.slice(7))
    const hi = parseInt(hex[1] as string, 16)
    const lo = parseInt(hex[2] as string, 16)
    return isBlockedAddress(`${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`)
  }
  if (a === 'fd00:ec2::254') return true
  return false
}

export interface Webhook {
  url: string
  host: string
  port: number
  kind: WebhookKind
}

export function parseWebhook(raw: string, kind?: WebhookKind): Webhook {
  let u: URL
  try {
    u = new URL(raw.trim())
  } catch {
    throw new AlertRuleError('The webhook is not a URL.')
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:')
    throw new AlertRuleError('A webhook URL starts with https:// or http://.')
  // The collector pins curl to this exact name; the checks ignore a trailing dot, which is the
  // same name to DNS ("localhost." is localhost).
  const host = u.hostname.replace(/^\[|\]$/g, '')
  const name = host.replace(/\.$/, '')
  if (name === '' || BLOCKED_NAMES.some((re) => re.test(name)) || isBlockedAddress(name))
    throw new AlertRuleError(
      'That webhook points at the server itself or a cloud metadata address, which Pier refuses.'
    )
  if (/[\s"\\]/.test(u.href))
    throw new AlertRuleError('The webhook URL contains spaces, quotes or backslashes.')
  const port = u.port ? Number(u.port) : u.protocol === 'https:' ? 443 : 80
  return { url: u.href, host, port, kind: kind ?? guessKind(name) }
}

function guessKind(host: string): WebhookKind {
  if (host === 'hooks.slack.com') return 'slack'
  if (/(^|\.)discord(app)?\.com$/.test(host)) return 'discord'
  if (host === 'ntfy.sh' || host.startsWith('ntfy.')) return 'ntfy'
  return 'json'
}
