// Runs in: main, and in the renderer through the API contract (pure zod, no Node imports).
// The shape of a server as Pier stores it. The API contract, the repository and the UI all use
// these schemas, so a field is declared once.
import { z } from 'zod'

export const authMethods = ['key', 'agent', 'password', 'keyfile'] as const
export const authMethod = z.enum(authMethods)
export type AuthMethod = z.infer<typeof authMethod>

export const serverSchema = z.object({
  id: z.string(),
  name: z.string(),
  host: z.string(),
  port: z.number().int(),
  username: z.string(),
  authMethod,
  keyPath: z.string().nullable(),
  hostKeyType: z.string().nullable(),
  hostKeyFingerprint: z.string().nullable(),
  proxyJump: z.string().nullable(),
  lastSeenAt: z.string().nullable(),
  createdAt: z.string()
})
export type Server = z.infer<typeof serverSchema>

export const linkStatusSchema = z.object({
  serverId: z.string(),
  state: z.enum(['idle', 'connecting', 'ready', 'reconnecting', 'failed', 'closed']),
  reason: z.string().nullable(),
  code: z.string().nullable(),
  attempt: z.number().int(),
  since: z.string()
})
export type ServerLinkStatus = z.infer<typeof linkStatusSchema>
