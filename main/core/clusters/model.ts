// Runs in: main, and in the renderer through the API contract (pure zod, no Node imports).
// A cluster is a Docker Swarm whose members are servers Pier already knows. The swarm is the
// truth about nodes; Pier keeps only which server is which node, to reach each one over SSH.
import { z } from 'zod'

export const clusterName = z
  .string()
  .regex(
    /^[a-z][a-z0-9-]{0,29}$/,
    'A cluster name is 1-30 lowercase letters, digits or "-", starting with a letter.'
  )
  .refine((s) => !s.endsWith('-'), 'A cluster name cannot end with "-".')

export const nodeRole = z.enum(['worker', 'manager'])
export type NodeRole = z.infer<typeof nodeRole>

export const nodeAvailability = z.enum(['active', 'pause', 'drain'])
export type NodeAvailability = z.infer<typeof nodeAvailability>

/** An IPv4 or IPv6 address the swarm advertises to the other nodes (no port). */
export const advertiseAddr = z
  .string()
  .max(45)
  .refine(
    (s) => /^(\d{1,3})(\.\d{1,3}){3}$/.test(s) || /^[0-9a-fA-F:]{2,45}$/.test(s),
    'An advertise address is an IPv4 or IPv6 address of the server, without a port.'
  )
  .refine(
    (s) => !s.includes('.') || s.split('.').every((p) => Number(p) <= 255),
    'Each part of an IPv4 address is 0-255.'
  )

/** Docker's own rule for node label keys is loose; ours keeps them safe in constraints. */
export const labelKey = z
  .string()
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$/,
    'A label key is letters, digits, "_", "." or "-" (up to 63), starting with a letter or digit.'
  )
export const labelValue = z
  .string()
  .max(255)
  .regex(/^[^\0\n\r"]*$/, 'A label value cannot contain quotes or line breaks.')

/** `key=value`, split at the first "=". */
export const labelPair = z.string().transform((s, ctx) => {
  const eq = s.indexOf('=')
  const key = labelKey.safeParse(eq === -1 ? s : s.slice(0, eq))
  const value = labelValue.safeParse(eq === -1 ? '' : s.slice(eq + 1))
  if (eq === -1 || !key.success || !value.success) {
    ctx.addIssue({
      code: 'custom',
      message: `"${s.slice(0, 40)}" is not key=value (key: letters, digits, "_", ".", "-"; value without quotes or line breaks).`
    })
    return z.NEVER
  }
  return [key.data, value.data] as const
})

export const clusterNode = z.object({
  id: z.string(),
  hostname: z.string(),
  /** The Pier server this node is, when it joined through Pier. */
  server: z.string().nullable(),
  role: nodeRole,
  /** ready, down, unknown, disconnected (the engine's words). */
  status: z.string(),
  availability: nodeAvailability,
  /** leader, reachable or unreachable for managers; null for workers. */
  managerStatus: z.string().nullable(),
  addr: z.string(),
  engineVersion: z.string(),
  labels: z.record(z.string(), z.string()),
  cpus: z.number(),
  memoryBytes: z.number()
})
export type ClusterNode = z.infer<typeof clusterNode>

export const clusterMember = z.object({
  server: z.string(),
  nodeId: z.string(),
  role: nodeRole,
  joinedAt: z.number().int()
})
export type ClusterMember = z.infer<typeof clusterMember>

/** How images built on one node reach the others: streamed over SSH, or a registry. */
export const imageMode = z.enum(['stream', 'registry'])
export type ImageMode = z.infer<typeof imageMode>

export const clusterSchema = z.object({
  id: z.string(),
  name: z.string(),
  swarmId: z.string(),
  /** How images built on one node reach the others: streamed over SSH, or a registry. */
  distribution: imageMode,
  members: z.array(clusterMember),
  createdAt: z.number().int()
})
export type Cluster = z.infer<typeof clusterSchema>

/** What a person should know about the shape of the cluster (fault tolerance). */
export function clusterWarnings(nodes: Pick<ClusterNode, 'role' | 'status'>[]): string[] {
  const managers = nodes.filter((n) => n.role === 'manager')
  const warnings: string[] = []
  if (nodes.length > 1 && managers.length === 1)
    warnings.push(
      'Only one manager: if it goes down, the services keep running but nothing can be deployed or rescheduled. Three managers tolerate one failure.'
    )
  if (managers.length > 1 && managers.length % 2 === 0)
    warnings.push(
      `${managers.length} managers tolerate no more failures than ${managers.length - 1}: an odd number is better (promote or demote one).`
    )
  const down = nodes.filter((n) => n.status !== 'ready')
  if (down.length)
    warnings.push(
      `${down.length} node${down.length > 1 ? 's are' : ' is'} not ready: its tasks run elsewhere until it is back.`
    )
  return warnings
}
