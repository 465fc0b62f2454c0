// Runs in: main, CLI, headless server.
// Alert rules are evaluated by the collector on the server, so they fire while the laptop is
// asleep; this service writes them there (a key=value rule file and a 0600 curl config holding
// the webhook URL, both through stdin) and reads back what the collector did, via metrics sync.
import { randomBytes } from 'node:crypto'
import { z } from 'zod'
import type { Db } from '../db/open'
import { PierError } from '../errors'
import type { EventBus } from '../events'
import type { Keychain } from '../secrets/keychain'
import type { ServersService } from '../servers/service'
import type { SshPool } from '../ssh/pool'
import { shJoin } from '../ssh/quote'
import {
  AlertRuleError,
  describeRule,
  parseAlertRule,
  parseWebhook,
  type AlertRule,
  type WebhookKind
} from './rule'

export interface AlertRuleInfo {
  id: string
  server: string
  rule: string
  kind: WebhookKind
  webhookHost: string
  rateLimitMin: number
  createdAt: string
}

export interface AlertEvent {
  server: string
  t: number
  ruleId: string
  metric: string
  value: number | null
  threshold: number | null
  delivered: boolean
  error: string | null
}

const eventLine = z.object({
  t: z.number().int(),
  rule: z.string().regex(/^[0-9a-f]{8}$/),
  metric: z.string().max(10),
  value: z.number().nullable(),
  threshold: z.number().nullable(),
  delivered: z.boolean(),
  error: z.string().max(300)
})

// Rule id and file name are our own hex; everything else arrives on stdin.
const WRITE =
  'umask 077 && mkdir -p "$HOME/.pier/metrics/alerts" && cat > "$HOME/.pier/metrics/alerts/$1.new" && mv -f "$HOME/.pier/metrics/alerts/$1.new" "$HOME/.pier/metrics/alerts/$1"'
const REMOVE =
  'rm -f "$HOME/.pier/metrics/alerts/$1.rule" "$HOME/.pier/metrics/alerts/$1.curl" "$HOME/.pier/metrics/alerts/$1.state"'

export class AlertService {
  constructor(
    private readonly deps: {
      db: Db
      servers: ServersService
      pool: SshPool
      keychain: () => Keychain
      bus: EventBus
      metricsEnabled: (serverId: string) => boolean
    }
  ) {}

  async add(
    server: string,
    input: { rule: string; webhook: string; kind?: WebhookKind; rateLimitMin?: number }
  ): Promise<AlertRuleInfo> {
    const s = this.deps.servers.get(server)
    let rule: AlertRule
    let hook
    try {
      rule = parseAlertRule(input.rule)
      hook = parseWebhook(input.webhook, input.kind)
    } catch (err) {
      if (err instanceof AlertRuleError)
        throw new PierError('invalid_input', err.message, 'See `pier help` for the rule forms.')
      throw err
    }
    if (!this.deps.metricsEnabled(s.id))
      throw new PierError(
        'invalid_input',
        `Metrics are off on ${s.name}, and the collector is what checks alert rules.`,
        `Run \`pier metrics enable ${s.name}\` first.`
      )
    const rateLimit = Math.max(1, Math.min(7 * 24 * 60, Math.round(input.rateLimitMin ?? 60)))
    const id = randomBytes(4).toString('hex')
    const text = describeRule(rule)
    const ruleFile = [
      `metric=${rule.metric}`,
      `threshold=${rule.threshold}`,
      `minutes=${rule.minutes}`,
      `target=${rule.target ?? ''}`,
      `ratelimit=${rateLimit}`,
      `kind=${hook.kind}`,
      `host=${hook.host}`,
      `port=${hook.port}`,
      `text=${text}`,
      ''
    ].join('\n')
    const curlConfig = `url = "${hook.url}"\n`
    const ref = `alert-webhook:${id}`
    this.deps.keychain().set(ref, hook.url)
    const link = this.deps.pool.link(s.id)
    // The curl config first: a rule file without its webhook would fire into nothing.
    for (const [file, body] of [
      [`${id}.curl`, curlConfig],
      [`${id}.rule`, ruleFile]
    ] as const) {
      const r = await link.exec(shJoin(['sh', '-c', WRITE, 'pier', file]), { stdin: body })
      if (r.code !== 0) {
        this.deps.keychain().delete(ref)
        throw new PierError(
          'remote_failed',
          `Could not write the alert rule on ${s.name}: ${r.stderr.trim().slice(0, 200)}`,
          'Check that the user can write to ~/.pier on the server.'
        )
      }
    }
    this.deps.db
      .prepare(
        `INSERT INTO alert_rules (id, server_id, text, metric, threshold, minutes, target, kind,
           webhook_host, webhook_ref, rate_limit_min)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`
      )
      .run(
        id,
        s.id,
        text,
        rule.metric,
        rule.threshold,
        rule.minutes,
        rule.target,
        hook.kind,
        hook.host,
        ref,
        rateLimit
      )
    this.deps.bus.changed('alerts')
    return this.list().find((r) => r.id === id) as AlertRuleInfo
  }

  async remove(id: string): Promise<{ removed: string }> {
    const row = this.deps.db
      .prepare('SELECT server_id, webhook_ref FROM alert_rules WHERE id = ?')
      .get(id) as { server_id: string; webhook_ref: string } | undefined
    if (!row)
      throw new PierError('not_found', `There is no alert rule ${id}.`, 'See `pier alert list`.')
    const r = await this.deps.pool
      .link(row.server_id)
      .exec(shJoin(['sh', '-c', REMOVE, 'pier', id]))
    if (r.code !== 0)
      throw new PierError(
        'remote_failed',
        `Could not remove the rule from the server: ${r.stderr.trim().slice(0, 200)}`,
        'Try again when the server is reachable.'
      )
    this.deps.keychain().delete(row.webhook_ref)
    this.deps.db.prepare('DELETE FROM alert_rules WHERE id = ?').run(id)
    this.deps.bus.changed('alerts')
    return { removed: id }
  }

  list(server?: string): AlertRuleInfo[] {
    const serverId = server === undefined ? null : this.deps.servers.get(server).id
    const rows = this.deps.db
      .prepare(
        `SELECT r.*, s.name AS server FROM alert_rules r JOIN servers s ON s.id = r.server_id
         WHERE (? IS NULL OR r.server_id = ?) ORDER BY s.name, r.created_at`
      )
      .all(serverId, serverId) as {
      id: string
      server: string
      text: string
      kind: WebhookKind
      webhook_host: string
      rate_limit_min: number
      created_at: string
    }[]
    return rows.map((r) => ({
      id: r.id,
      server: r.server,
      rule: r.text,
      kind: r.kind,
      webhookHost: r.webhook_host,
      rateLimitMin: r.rate_limit_min,
      createdAt: r.created_at
    }))
  }

  events(server?: string, limit = 200): AlertEvent[] {
    const serverId = server === undefined ? null : this.deps.servers.get(server).id
    const rows = this.deps.db
      .prepare(
        `SELECT e.*, s.name AS server FROM alert_events e JOIN servers s ON s.id = e.server_id
         WHERE (? IS NULL OR e.server_id = ?) ORDER BY e.t DESC LIMIT ?`
      )
      .all(serverId, serverId, limit) as {
      server: string
      t: number
      rule_id: string
      metric: string
      value: number | null
      threshold: number | null
      delivered: number
      error: string | null
    }[]
    return rows.map((r) => ({
      server: r.server,
      t: r.t,
      ruleId: r.rule_id,
      metric: r.metric,
      value: r.value,
      threshold: r.threshold,
      delivered: r.delivered === 1,
      error: r.error
    }))
  }

  /** Takes alerts.log lines from a metrics sync; returns the events not seen before. */
  ingest(serverId: string, lines: readonly string[]): AlertEvent[] {
    const insert = this.deps.db.prepare(
      `INSERT OR IGNORE INTO alert_events (server_id, t, rule_id, metric, value, threshold,
         delivered, error) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`
    )
    const fresh: AlertEvent[] = []
    const server = this.deps.servers.get(serverId).name
    this.deps.db.transaction(() => {
      for (const line of lines) {
        let parsed
        try {
          parsed = eventLine.safeParse(JSON.parse(line))
        } catch {
          continue
        }
        if (!parsed.success) continue
        const e = parsed.data
        const r = insert.run(
          serverId,
          e.t,
          e.rule,
          e.metric,
          e.value,
          e.threshold,
          e.delivered ? 1 : 0,
          e.error || null
        )
        if (r.changes === 1)
          fresh.push({
            server,
            t: e.t,
            ruleId: e.rule,
            metric: e.metric,
            value: e.value,
            threshold: e.threshold,
            delivered: e.delivered,
            error: e.error || null
          })
      }
    })()
    if (fresh.length) this.deps.bus.changed('alerts')
    return fresh
  }
}
