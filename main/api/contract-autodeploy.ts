// Runs in: main, preload and renderer (pure data: zod schemas and types, no Node or DOM imports).
// Auto-deploy in the contract: `pier app autodeploy APP --every MINUTES [--pattern GLOB]`, `--off`,
// or alone to show the setting; `pier app ci-key APP [--revoke]` for deploys from CI.
import { z } from 'zod'
import { autodeployEvery, autodeploySchema, tagPattern } from '../core/apps/autodeploy-model'
import type { CiKeyResult } from '../core/apps/autodeploy'
import { mutation } from './define'

const name = z.string().min(1).max(200)

export const autodeployContract = {
  'app.autodeploy': mutation({
    input: z
      .object({
        name,
        /** Minutes between the server's polls of the repository (1-1440). */
        every: autodeployEvery.optional(),
        off: z.boolean().optional(),
        /** Track the newest tag matching this glob instead of the app's branch. */
        pattern: tagPattern.optional(),
        /** Back to tracking the app's branch (or ref). */
        clearPattern: z.boolean().optional()
      })
      .strict(),
    output: autodeploySchema,
    summary:
      "Deploy a git app when its branch moves, by the server's own cron (no webhook, laptop may be off): --every MINUTES [--pattern TAG-GLOB], --off, or no flag to show the setting and the last poll.",
    args: ['name']
  }),
  'app.ciKey': mutation({
    input: z.object({ name, revoke: z.boolean().optional() }).strict(),
    output: z.custom<CiKeyResult>(),
    summary:
      "Make a CI key for a git app (replacing any earlier one): on its server the key can only run this app's deploy (pier-deploy APP). The private key is printed once, for the CI's secrets. --revoke removes it.",
    args: ['name']
  })
} as const
