// Runs in: main, CLI, headless server.
// Binds the app.* methods to core.apps: turns the flat CLI-shaped input into an app spec.
import type { Core } from '../core/core'
import type { SourceInput } from '../core/apps/build'
import type { AppSpec } from '../core/apps/model'
import { PierError } from '../core/errors'
import type { ParsedInputOf } from './contract'

type SpecInput = Omit<ParsedInputOf<'app.update'>, 'name' | 'image' | 'unset'> & {
  unset?: string[]
}
type SourceFlags = Pick<
  ParsedInputOf<'app.update'>,
  'image' | 'git' | 'ref' | 'submodules' | 'dir' | 'dockerfile' | 'buildArg' | 'baseImage'
>

function sourceOf(i: SourceFlags): SourceInput {
  return {
    image: i.image,
    git: i.git,
    ref: i.ref,
    submodules: i.submodules,
    dir: i.dir,
    dockerfile: i.dockerfile,
    buildArgs: i.buildArg ? Object.fromEntries(i.buildArg) : undefined,
    baseImage: i.baseImage
  }
}

function specOf(i: SpecInput, current: AppSpec | null): Partial<AppSpec> {
  const spec: Partial<AppSpec> = {}
  if (i.env || i.unset) {
    const kept = Object.entries(current?.env ?? {}).filter(([k]) => !i.unset?.includes(k))
    spec.env = { ...Object.fromEntries(kept), ...Object.fromEntries(i.env ?? []) }
  }
  if (i.port) spec.ports = i.port
  if (i.volume) spec.volumes = i.volume
  if (i.command) spec.command = i.command
  if (i.replicas !== undefined) spec.replicas = i.replicas
  if (i.cpus !== undefined) spec.cpus = i.cpus
  if (i.memory !== undefined) spec.memoryMb = i.memory
  if (i.restart) spec.restart = i.restart
  if (i.stopGrace !== undefined) spec.stopGraceSec = i.stopGrace
  if (i.keep !== undefined) spec.keep = i.keep
  if (i.constraint) spec.constraints = i.constraint
  if (i.preference) spec.preferences = i.preference
  const h = current?.healthcheck
  if (
    i.healthCmd !== undefined ||
    (h && (i.healthInterval ?? i.healthRetries ?? i.healthStartPeriod) !== undefined)
  ) {
    const cmd = i.healthCmd ?? h?.cmd
    if (cmd)
      spec.healthcheck = {
        cmd,
        intervalSec: i.healthInterval ?? h?.intervalSec ?? 5,
        timeoutSec: h?.timeoutSec ?? 3,
        retries: i.healthRetries ?? h?.retries ?? 3,
        startPeriodSec: i.healthStartPeriod ?? h?.startPeriodSec ?? 0
      }
  }
  return spec
}

function secretsOf(i: SpecInput): Record<string, string> {
  const values = i.secretValues ?? {}
  const missing = (i.secret ?? []).find((k) => values[k] === undefined)
  if (missing)
    throw new PierError(
      'invalid_input',
      `The secret ${missing} has no value.`,
      'Pass secret values on standard input (one per line, in the order of the --secret flags).'
    )
  return values
}

export function appHandlers(core: Core) {
  return {
    'app.list': () => core.apps.list(),
    'app.watch': (_i: ParsedInputOf<'app.watch'>, ctx: { signal: AbortSignal }) =>
      core.watch('apps', () => core.apps.list(), ctx.signal),
    'app.status': () => core.apps.status(),
    'app.create': (i: ParsedInputOf<'app.create'>) =>
      core.apps.create({
        name: i.name,
        server: i.server,
        cluster: i.cluster,
        ...sourceOf(i),
        spec: specOf(i, null),
        secretValues: secretsOf(i)
      }),
    'app.update': async (i: ParsedInputOf<'app.update'>) => {
      const app = core.apps.update(i.name, {
        ...sourceOf(i),
        spec: specOf(i, core.apps.get(i.name).spec),
        secretValues: secretsOf(i),
        unsetSecrets: i.unset
      })
      // With auto-deploy on, the server's copy of the deploy job follows the change now.
      await core.autodeploy.refresh(app.name)
      return app
    },
    'app.deployKey': (i: ParsedInputOf<'app.deployKey'>) => core.apps.deployKey(i.name),
    'app.deploy': async (i: ParsedInputOf<'app.deploy'>, ctx: { signal: AbortSignal }) =>
      failed(
        await core.apps.deploy(i.name, { wait: i.wait, waitSec: i.waitSec, signal: ctx.signal })
      ),
    'app.releases': (i: ParsedInputOf<'app.releases'>) => core.apps.releases(i.name),
    'app.rollback': async (i: ParsedInputOf<'app.rollback'>, ctx: { signal: AbortSignal }) =>
      failed(await core.apps.rollback(i.name, { to: i.to, wait: i.wait, signal: ctx.signal })),
    'app.logs': (i: ParsedInputOf<'app.logs'>, ctx: { signal: AbortSignal }) =>
      core.apps.logs(i.name, { follow: i.follow, tail: i.tail, signal: ctx.signal }),
    'app.remove': (i: ParsedInputOf<'app.remove'>) => core.apps.remove(i.name)
  }
}

/** A deploy that was waited for and did not succeed is an error, with the job to look at. */
function failed<
  T extends { state: string; reason: string | null; jobId: string; app: string; server: string }
>(r: T): T {
  if (r.state === 'failed' || r.state === 'cancelled')
    throw new PierError(
      'deploy_failed',
      `Deploying ${r.app} ${r.state}: ${r.reason ?? 'see the job log'}`,
      `The previous release keeps serving. Full log: pier job logs ${r.server} ${r.jobId}`,
      { details: { jobId: r.jobId, state: r.state } }
    )
  return r
}
