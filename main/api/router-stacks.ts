// Runs in: main, CLI, headless server.
// Binds the stack.* and template.* methods to core.stacks and core.templates.
import fs from 'node:fs'
import type { Core } from '../core/core'
import { PierError } from '../core/errors'
import { parseEnvFile } from '../core/stacks/env-file'
import type { StackDeployResult } from '../core/stacks/model'
import type { ParsedInputOf } from './contract'

function readLocal(file: string, what: string): string {
  try {
    if (fs.statSync(file).size > 1_000_000)
      throw new PierError(
        'invalid_input',
        `${file} is larger than 1 MB.`,
        `Give a smaller ${what}.`
      )
    return fs.readFileSync(file, 'utf8')
  } catch (err) {
    if (err instanceof PierError) throw err
    throw new PierError(
      'not_found',
      `Cannot read the ${what} ${JSON.stringify(file.slice(0, 200))}: ${(err as Error).message}`,
      'Give the path of a readable file on this machine.'
    )
  }
}

function oneOf(path: string | undefined, text: string | undefined, what: string, flag: string) {
  if (path !== undefined && text !== undefined)
    throw new PierError(
      'invalid_input',
      `Give the ${what} once.`,
      `Use --${flag} or its text, not both.`
    )
  return path !== undefined ? readLocal(path, what) : text
}

/** A deploy that was waited for and did not succeed is an error, with the job to look at. */
function failed(r: StackDeployResult): StackDeployResult {
  if (r.state === 'failed' || r.state === 'cancelled')
    throw new PierError(
      'deploy_failed',
      `Deploying the stack ${r.stack} ${r.state}: ${r.reason ?? 'see the job log'}`,
      `Full log: pier job logs ${r.server} ${r.jobId}`,
      { details: { jobId: r.jobId, state: r.state } }
    )
  return r
}

export function stackHandlers(core: Core) {
  return {
    'stack.deploy': async (i: ParsedInputOf<'stack.deploy'>, ctx: { signal: AbortSignal }) => {
      const compose = oneOf(i.file, i.compose, 'compose file', 'file')
      if (compose === undefined)
        throw new PierError(
          'invalid_input',
          'No compose file given.',
          'Pass --file compose.yml (or paste its text).'
        )
      const envText = oneOf(i.envFile, i.env, 'env file', 'env-file')
      return failed(
        await core.stacks.deploy({
          name: i.name,
          server: i.server,
          compose,
          env: envText === undefined ? {} : parseEnvFile(envText),
          wait: i.wait,
          waitSec: i.waitSec,
          signal: ctx.signal
        })
      )
    },
    'stack.list': () => core.stacks.list(),
    'stack.start': (i: ParsedInputOf<'stack.start'>) => core.stacks.start(i.name),
    'stack.stop': (i: ParsedInputOf<'stack.stop'>) => core.stacks.stop(i.name),
    'stack.restart': (i: ParsedInputOf<'stack.restart'>) => core.stacks.restart(i.name),
    'stack.down': (i: ParsedInputOf<'stack.down'>) =>
      core.stacks.down(i.name, { volumes: i.volumes }),
    'stack.remove': (i: ParsedInputOf<'stack.remove'>) =>
      core.stacks.remove(i.name, { volumes: i.volumes }),
    'stack.logs': (i: ParsedInputOf<'stack.logs'>, ctx: { signal: AbortSignal }) =>
      core.stacks.logs(i.name, i.service, { follow: i.follow, tail: i.tail, signal: ctx.signal }),
    'template.list': (i: ParsedInputOf<'template.list'>) => core.templates.list(i.dir),
    'template.render': (i: ParsedInputOf<'template.render'>) => {
      const r = core.templates.render(i.dir, {
        name: i.name,
        server: i.server,
        set: Object.fromEntries(i.set ?? [])
      })
      return { compose: r.compose, env: r.env, mounts: r.mounts, domains: r.domains }
    },
    'template.deploy': async (i: ParsedInputOf<'template.deploy'>, ctx: { signal: AbortSignal }) =>
      failed(
        await core.templates.deploy(i.dir, {
          server: i.server,
          name: i.name,
          set: Object.fromEntries(i.set ?? []),
          wait: i.wait,
          waitSec: i.waitSec,
          signal: ctx.signal
        })
      )
  }
}
