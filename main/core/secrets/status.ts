// Runs in: main, and in the renderer through the API contract (pure zod, no Node imports).
import { z } from 'zod'

export const keychainStatusSchema = z.object({
  available: z.boolean(),
  message: z.string(),
  hint: z.string().nullable()
})
export type KeychainStatus = z.infer<typeof keychainStatusSchema>
