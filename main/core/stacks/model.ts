// Runs in: main, and in the renderer through the API contract (pure zod, no Node imports).
// A compose stack as Pier knows it, and what `pier stack list` reports of its services.
import { z } from 'zod'

/**
 * Also the swarm stack namespace (services are "<name>_<service>"), the folder under
 * ~/.pier/stacks and the job lock key suffix: short, lowercase, DNS-safe.
 */
export const stackName = z
  .string()
  .regex(
    /^[a-z][a-z0-9-]{0,39}$/,
    'A stack name is 1-40 lowercase letters, digits or "-", starting with a letter.'
  )
  .refine((s) => !s.endsWith('-'), 'A stack name cannot end with "-".')

export const stackServiceSchema = z.object({
  name: z.string(),
  mode: z.string(),
  running: z.number().int(),
  desired: z.number().int()
})
export type StackService = z.infer<typeof stackServiceSchema>

export const stackStatuses = ['running', 'starting', 'stopped', 'down', 'unknown'] as const
export type StackStatus = (typeof stackStatuses)[number]

export const stackSchema = z.object({
  id: z.string(),
  name: z.string(),
  server: z.string(),
  serverId: z.string(),
  /** The template folder it was deployed from, or null for a plain compose file. */
  template: z.string().nullable(),
  createdAt: z.number().int(),
  updatedAt: z.number().int()
})
export type Stack = z.infer<typeof stackSchema>

export const stackStateSchema = stackSchema.extend({
  status: z.enum(stackStatuses),
  services: z.array(stackServiceSchema),
  /** URLs of its services' domains ("https://shop.test/ → web"), routed by the server's proxy. */
  domains: z.array(z.object({ url: z.string(), service: z.string() })),
  /** Why the status is unknown (the server did not answer). */
  error: z.string().nullable()
})
export type StackState = z.infer<typeof stackStateSchema>

export interface StackDeployResult {
  stack: string
  server: string
  jobId: string
  state: 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled'
  reason: string | null
  services: string[]
  /** URLs of the stack's domains (a template deploy's [config] domains, applied to the proxy). */
  domains?: string[]
}

/** What stack-ps.sh prints, as stack name → status and services. */
export function parseStackPs(
  text: string
): Map<string, { stopped: boolean; services: StackService[] }> {
  const out = new Map<string, { stopped: boolean; services: StackService[] }>()
  const entry = (name: string) => {
    let e = out.get(name)
    if (!e) out.set(name, (e = { stopped: false, services: [] }))
    return e
  }
  for (const line of text.split('\n')) {
    const words = line.split(' ')
    if (words[0] === 'stopped' && words[1]) entry(words[1]).stopped = true
    else if (words[0] === 'service' && words.length >= 5) {
      const [, stack = '', name = '', mode = '', replicas = ''] = words
      const m = /^(\d+)\/(\d+)/.exec(replicas)
      entry(stack).services.push({
        name,
        mode,
        running: m ? Number(m[1]) : 0,
        desired: m ? Number(m[2]) : 0
      })
    }
  }
  return out
}

export function statusOf(stopped: boolean, services: readonly StackService[]): StackStatus {
  if (services.length === 0) return 'down'
  // Stopped means scaled to 0 on purpose; tasks still on their way out don't change that.
  if (stopped && services.every((s) => s.desired === 0)) return 'stopped'
  return services.every((s) => s.running === s.desired) ? 'running' : 'starting'
}
