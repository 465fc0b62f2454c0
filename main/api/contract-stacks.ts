// Runs in: main, preload and renderer (pure data: zod schemas and types, no Node or DOM imports).
// The stacks and templates part of the contract: `stack.deploy` is
// `pier stack deploy NAME --server S --file compose.yml [--env-file F]`, `template.render` is
// `pier template render DIR [--set K=V]…`, and so on. A compose or env file comes as a path
// (read on this machine: the CLI) or as text (pasted in the window).
import { z } from 'zod'
import type { LogLine } from '../core/docker/model'
import type { StackDeployResult } from '../core/stacks/model'
import { stackName, stackStateSchema } from '../core/stacks/model'
import type { RenderedTemplate } from '../core/templates/render'
import type { TemplateListing } from '../core/templates/service'
import { mutation, query, stream } from './define'

const server = z.string().min(1).max(200)
const name = z.string().min(1).max(200)
const filePath = z.string().min(1).max(4096)
const text = z.string().max(1_000_000)

/** `K=V` for a template variable; the value is everything after the first "=", literally. */
export const setPair = z.string().transform((s, ctx) => {
  const eq = s.indexOf('=')
  const key = eq === -1 ? '' : s.slice(0, eq)
  if (!/^[A-Za-z_][A-Za-z0-9_-]{0,127}$/.test(key)) {
    ctx.addIssue({
      code: 'custom',
      message: `"${s.slice(0, 40)}" is not NAME=VALUE with a template variable's name.`
    })
    return z.NEVER
  }
  return [key, s.slice(eq + 1)] as const
})

const wait = {
  wait: z.boolean().optional(),
  waitSec: z.coerce.number().int().min(10).max(3600).optional()
}

export const stackDeployResult = z.custom<StackDeployResult>()

export const stacksContract = {
  'stack.deploy': mutation({
    input: z
      .object({
        name: stackName,
        server,
        /** A compose file on this machine (the CLI's --file) … */
        file: filePath.optional(),
        /** … or its text. */
        compose: text.optional(),
        envFile: filePath.optional(),
        env: text.optional(),
        ...wait
      })
      .strict(),
    output: stackDeployResult,
    summary:
      'Deploy a compose stack on a server (docker stack deploy, as a job): --server S --file compose.yml [--env-file F] [--wait].',
    args: ['name']
  }),
  'stack.list': query({
    input: z.object({}).strict(),
    output: z.array(stackStateSchema),
    summary: 'List the stacks with their server, services (running/desired) and status.'
  }),
  'stack.start': mutation({
    input: z.object({ name }).strict(),
    output: stackStateSchema,
    summary: 'Start a stack again from the files kept on its server (after stop or down).',
    args: ['name']
  }),
  'stack.stop': mutation({
    input: z.object({ name }).strict(),
    output: stackStateSchema,
    summary: 'Stop a stack: scale its services to 0 (start brings them back).',
    args: ['name']
  }),
  'stack.restart': mutation({
    input: z.object({ name }).strict(),
    output: stackStateSchema,
    summary: "Restart a stack's services (new containers, same config).",
    args: ['name']
  }),
  'stack.down': mutation({
    input: z.object({ name, volumes: z.boolean().optional() }).strict(),
    output: stackStateSchema,
    summary:
      'Take a stack down: remove its services and networks; named volumes stay unless --volumes.',
    args: ['name']
  }),
  'stack.logs': stream({
    input: z
      .object({
        name,
        service: z.string().min(1).max(200),
        follow: z.boolean().optional(),
        tail: z.coerce.number().int().min(0).max(1_000_000).optional()
      })
      .strict(),
    output: z.custom<LogLine>(),
    summary: "Print the log of one of a stack's services (--follow, --tail N).",
    args: ['name', 'service']
  }),
  'stack.remove': mutation({
    input: z.object({ name, volumes: z.boolean().optional() }).strict(),
    output: z.object({ removed: z.string() }),
    summary: 'Take a stack down and forget it: also removes ~/.pier/stacks/NAME on its server.',
    args: ['name']
  }),
  'template.list': query({
    input: z.object({ dir: filePath.optional() }).strict(),
    output: z.custom<TemplateListing[]>(),
    summary: "List Pier's own templates and those in --dir (a folder of template folders)."
  }),
  'template.render': query({
    input: z
      .object({
        dir: filePath,
        set: z.array(setPair).max(1000).optional(),
        name: stackName.optional(),
        server: server.optional()
      })
      .strict(),
    output: z.custom<RenderedTemplate>(),
    summary:
      "Render a Dokploy-format template (DIR, or the id of one of Pier's own) without deploying: prints the compose file, env, mounts and domains.",
    args: ['dir']
  }),
  'template.deploy': mutation({
    input: z
      .object({
        dir: filePath,
        server,
        set: z.array(setPair).max(1000).optional(),
        name: stackName.optional(),
        ...wait
      })
      .strict(),
    output: stackDeployResult,
    summary:
      'Deploy a template as a stack: --server S [--set K=V]… [--name N] [--wait]; generated passwords are kept in the keychain.',
    args: ['dir']
  })
} as const
