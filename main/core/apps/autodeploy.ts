// Runs in: main, CLI, headless server.
// Auto-deploy without a public webhook: the server's own cron polls a git app's repository and
// starts the app's usual deploy job when the tracked branch or tag moved, and a CI key whose
// only command is that deploy. Both run while the laptop is off, so what the job needs (the
// rendered compose file, the secret env values, the deploy key) is kept on the server in 0600
// files under ~/.pier/apps/APP/autodeploy/, and refreshed when the app changes.
import { PierError } from '../errors'
import type { EventBus } from '../events'
import type { CronService } from '../jobs/cron'
import { runRemote } from '../jobs/remote-run'
import { remoteScript } from '../remote-scripts'
import type { ServersService } from '../servers/service'
import type { SshPool } from '../ssh/pool'
import type { Db } from '../db/open'
import {
  autodeployCronName,
  autodeployPoll,
  autodeploySchedule,
  ciKeyLine,
  type Autodeploy,
  type AutodeployPoll
} from './autodeploy-model'
import { newDeployKey } from './build'
import { isCommitId } from './source'
import type { AppsService } from './service'

interface Setting {
  everyMin: number | null
  tagPattern: string | null
  ciKey: string | null
}

export interface CiKeyResult {
  app: string
  server: string
  /** The private key, shown this once; null when the key was revoked. */
  privateKey: string | null
  publicKey: string | null
  authorizedKeysLine: string | null
  /** What a CI job runs with the private key in a file. */
  sshCommand: string | null
  revoked: boolean
}

// Each value arrives on stdin; $2 is one of the fixed names below, never user data.
const WRITE =
  'umask 077 && d="$HOME/.pier/apps/$1/autodeploy" && mkdir -p "$d/job.new/secrets" && cat > "$d/$2.tmp" && mv -f "$d/$2.tmp" "$d/$2"'
const STAGE = 'rm -rf "$HOME/.pier/apps/$1/autodeploy/job.new"'
// The new job folder replaces the old one in one rename, so a poll never sees half of each.
const COMMIT = [
  'd="$HOME/.pier/apps/$1/autodeploy"',
  'rm -rf "$d/job.old"',
  'if [ -d "$d/job" ]; then mv "$d/job" "$d/job.old"; fi',
  'mv "$d/job.new" "$d/job" && rm -rf "$d/job.old"',
  'printf "%s\\n" "$PATH" > "$d/path"'
].join('\n')
const WRITE_BIN =
  'umask 077 && mkdir -p "$HOME/.pier/bin" && cat > "$HOME/.pier/bin/$1.new" && chmod 700 "$HOME/.pier/bin/$1.new" && mv -f "$HOME/.pier/bin/$1.new" "$HOME/.pier/bin/$1"'
const FORGET = 'rm -rf "$HOME/.pier/apps/$1/autodeploy"'
const READ = [
  'd="$HOME/.pier/apps/$1/autodeploy"',
  'head -n 1 "$d/status.json" 2>/dev/null || echo',
  'head -n 1 "$d/seen" 2>/dev/null || echo',
  'true'
].join('\n')

const now = (): number => Math.floor(Date.now() / 1000)

export interface AutodeployDeps {
  db: Db
  servers: ServersService
  pool: SshPool
  apps: AppsService
  cron: CronService
  bus: EventBus
}

export class AutodeployService {
  constructor(private readonly deps: AutodeployDeps) {}

  private setting(appId: string): Setting {
    const r = this.deps.db
      .prepare('SELECT every_min, tag_pattern, ci_key FROM app_autodeploy WHERE app_id = ?')
      .get(appId) as
      { every_min: number | null; tag_pattern: string | null; ci_key: string | null } | undefined
    return {
      everyMin: r?.every_min ?? null,
      tagPattern: r?.tag_pattern ?? null,
      ciKey: r?.ci_key ?? null
    }
  }

  private save(appId: string, s: Setting): void {
    this.deps.db
      .prepare(
        `INSERT INTO app_autodeploy (app_id, every_min, tag_pattern, ci_key, updated_at)
         VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (app_id) DO UPDATE SET every_min = excluded.every_min,
           tag_pattern = excluded.tag_pattern, ci_key = excluded.ci_key,
           updated_at = excluded.updated_at`
      )
      .run(appId, s.everyMin, s.tagPattern, s.ciKey, now())
    this.deps.bus.changed('apps')
  }

  private run(serverId: string, server: string, script: string, argv: string[], stdin?: string) {
    return runRemote(this.deps.pool.link(serverId), server, script, argv, {
      stdin,
      what: 'Setting up auto-deploy',
      hint: 'Check that the user can write to ~/.pier and ~/.ssh on the server.'
    })
  }

  /** The app's setting, and the server's last poll when the server answers. */
  async get(name: string): Promise<Autodeploy> {
    const app = this.deps.apps.get(name)
    const s = this.setting(app.id)
    let lastPoll: AutodeployPoll | null = null
    let seen: string | null = null
    if (app.source.type === 'git' && (s.everyMin !== null || s.ciKey !== null)) {
      try {
        const out = await this.run(app.serverId, app.server, READ, [app.name])
        const [poll, last] = out.stdout.split('\n')
        const parsed = poll ? autodeployPoll.safeParse(safeJson(poll)) : null
        lastPoll = parsed?.success ? parsed.data : null
        seen = last && /^[0-9a-f]{40,64}$/.test(last) ? last : null
      } catch {
        // The setting is still worth showing while the server is out of reach.
      }
    }
    return {
      app: app.name,
      server: app.server,
      everyMin: s.everyMin,
      schedule: s.everyMin === null ? null : autodeploySchedule(s.everyMin),
      ref: app.source.type === 'git' ? app.source.ref : null,
      tagPattern: s.tagPattern,
      ciKey: s.ciKey,
      lastPoll,
      seen
    }
  }

  /** Turns polling on (every N minutes, optionally for a tag glob) or off. */
  async set(
    name: string,
    change: { every?: number; off?: boolean; tagPattern?: string | null }
  ): Promise<Autodeploy> {
    if (change.off && change.every !== undefined)
      throw new PierError(
        'invalid_input',
        '--off and --every contradict each other.',
        'Give one of them.'
      )
    const app = this.deps.apps.get(name)
    const before = this.setting(app.id)
    if (change.off) {
      await this.deps.cron.remove(app.server, autodeployCronName(app.name))
      if (before.ciKey === null) await this.run(app.serverId, app.server, FORGET, [app.name])
      this.save(app.id, { ...before, everyMin: null })
      return this.get(name)
    }
    const next: Setting = {
      ...before,
      everyMin: change.every ?? before.everyMin,
      tagPattern: change.tagPattern === undefined ? before.tagPattern : change.tagPattern
    }
    if (next.everyMin === null) {
      if (change.tagPattern !== undefined) this.save(app.id, next)
      return this.get(name)
    }
    await this.upload(name, next)
    await this.deps.cron.install(app.server, {
      name: autodeployCronName(app.name),
      schedule: autodeploySchedule(next.everyMin),
      script: remoteScript('autodeploy.sh')
    })
    this.save(app.id, next)
    return this.get(name)
  }

  /**
   * Writes what a server-side deploy needs: the job (script, arguments, secrets as 0600 files)
   * and what to poll. Refuses sources the server cannot fetch by itself.
   */
  private async upload(name: string, s: Setting): Promise<void> {
    const { app, source, job } = await this.deps.apps.serverDeployJob(name)
    if (source.ref !== null && isCommitId(source.ref) && s.tagPattern === null)
      throw new PierError(
        'invalid_input',
        `${app.name} is pinned to commit ${source.ref.slice(0, 12)}, which never moves: there is nothing to poll.`,
        `Track a branch or tag (pier app update ${app.name} --ref main), or a tag glob with --pattern.`
      )
    const put = (file: string, body: string) =>
      this.run(app.serverId, app.server, WRITE, [app.name, file], body)
    await this.run(app.serverId, app.server, STAGE, [app.name])
    await put('url', source.url + '\n')
    await put('branch', (source.ref ?? '') + '\n')
    await put('pattern', (s.tagPattern ?? '') + '\n')
    await put('every', String(s.everyMin ?? 1) + '\n')
    await put('job.new/script', job.script)
    await put(
      'job.new/args',
      (job.args ?? []).map((a) => Buffer.from(a, 'utf8').toString('base64') + '\n').join('')
    )
    await put('job.new/run.sh', remoteScript('job-run.sh'))
    await put('job.new/key', job.key + '\n')
    await put('job.new/timeout', String(Math.floor(job.timeoutSec ?? 0)) + '\n')
    for (const [secret, value] of Object.entries(job.secrets ?? {}))
      await put(`job.new/secrets/${secret}`, value)
    await this.run(app.serverId, app.server, COMMIT, [app.name])
    await this.run(
      app.serverId,
      app.server,
      WRITE_BIN,
      ['pier-deploy'],
      remoteScript('pier-deploy.sh')
    )
  }

  /** After a change to the app: the server's copy of its deploy job follows. */
  async refresh(name: string): Promise<void> {
    const app = this.deps.apps.get(name)
    const s = this.setting(app.id)
    if (s.everyMin === null && s.ciKey === null) return
    if (app.source.type !== 'git') {
      // The app left git: nothing to poll or deploy from any more.
      await this.deps.cron.remove(app.server, autodeployCronName(app.name))
      if (s.ciKey) await this.swapKey(app.serverId, app.server, s.ciKey, null)
      await this.run(app.serverId, app.server, FORGET, [app.name])
      this.save(app.id, { everyMin: null, tagPattern: null, ciKey: null })
      return
    }
    await this.upload(name, s)
  }

  private async swapKey(
    serverId: string,
    server: string,
    oldKey: string | null,
    newLine: string | null
  ): Promise<void> {
    const material = oldKey ? oldKey.split(' ').slice(0, 2).join(' ') : ''
    await this.run(
      serverId,
      server,
      remoteScript('ci-key.sh'),
      [],
      `${material}\n${newLine ?? ''}\n`
    )
  }

  /**
   * A new CI key for the app (replacing any earlier one), or --revoke to remove it. The private
   * half is returned once and kept nowhere: the user puts it in the CI's secret store.
   */
  async ciKey(name: string, opts: { revoke?: boolean } = {}): Promise<CiKeyResult> {
    const app = this.deps.apps.get(name)
    const s = this.setting(app.id)
    const srv = this.deps.servers.get(app.server)
    if (opts.revoke) {
      if (s.ciKey) await this.swapKey(app.serverId, app.server, s.ciKey, null)
      if (s.everyMin === null) await this.run(app.serverId, app.server, FORGET, [app.name])
      this.save(app.id, { ...s, ciKey: null })
      return {
        app: app.name,
        server: app.server,
        privateKey: null,
        publicKey: null,
        authorizedKeysLine: null,
        sshCommand: null,
        revoked: s.ciKey !== null
      }
    }
    await this.upload(name, s)
    const pair = newDeployKey(app.name, 'ci')
    const publicKey = pair.publicKey
    const line = ciKeyLine(app.name, publicKey)
    await this.swapKey(app.serverId, app.server, s.ciKey, line)
    this.save(app.id, { ...s, ciKey: publicKey })
    const port = srv.port === 22 ? '' : ` -p ${srv.port}`
    return {
      app: app.name,
      server: app.server,
      privateKey: pair.privateKey,
      publicKey,
      authorizedKeysLine: line,
      sshCommand: `ssh -i KEYFILE${port} -o IdentitiesOnly=yes ${srv.username}@${srv.host}`,
      revoked: false
    }
  }

  /** Before an app is removed: its poller and CI key go (its folder goes with the app's). */
  async appRemoving(name: string): Promise<void> {
    const app = this.deps.apps.get(name)
    const s = this.setting(app.id)
    if (s.everyMin !== null) await this.deps.cron.remove(app.server, autodeployCronName(app.name))
    if (s.ciKey !== null) await this.swapKey(app.serverId, app.server, s.ciKey, null)
  }
}

function safeJson(s: string): unknown {
  try {
    return JSON.parse(s)
  } catch {
    return null
  }
}
