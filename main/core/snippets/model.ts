// Runs in: main, and in the renderer through the API contract (pure zod, no Node imports).
// A snippet as the API shows it: its server by name (null for a global snippet).
import { z } from 'zod'

export const snippetId = z.string().regex(/^[0-9a-f]{16}$/, 'Not a snippet id.')

export const snippetSchema = z.object({
  id: z.string(),
  server: z.string().nullable(),
  name: z.string(),
  command: z.string(),
  createdAt: z.string(),
  updatedAt: z.string()
})
export type SnippetView = z.infer<typeof snippetSchema>
