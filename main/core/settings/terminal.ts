// Runs in: main, and in the renderer through the API contract (pure zod, no Node or DOM imports).
// The terminal's preferences, stored under the `terminal` key of the settings table. Every field
// has a default, so a stored value from an older Pier (missing fields) or a hand-edited one
// (a field out of range) still reads as a complete, valid set.
import { z } from 'zod'

export const TERMINAL_FONT_DEFAULT =
  "ui-monospace, 'SF Mono', Menlo, 'Cascadia Mono', Consolas, 'DejaVu Sans Mono', 'Liberation Mono', monospace"

export const terminalSettingsSchema = z.object({
  // A CSS font-family list; quotes and commas only, so it cannot break out of the style it lands in.
  fontFamily: z
    .string()
    .trim()
    .min(1)
    .max(300)
    .regex(/^[\p{L}\p{N} ,'"_-]+$/u, 'Use font names separated by commas.'),
  fontSize: z.number().int().min(6).max(48),
  scrollback: z.number().int().min(0).max(200_000),
  copyOnSelect: z.boolean(),
  /** Draw with WebGL where available; off forces xterm's DOM renderer. */
  gpu: z.boolean()
})
export type TerminalSettings = z.infer<typeof terminalSettingsSchema>

export const TERMINAL_DEFAULTS: TerminalSettings = {
  fontFamily: TERMINAL_FONT_DEFAULT,
  fontSize: 13,
  scrollback: 5000,
  copyOnSelect: false,
  gpu: true
}

export const terminalSettingsPatch = terminalSettingsSchema.partial().strict()
export type TerminalSettingsPatch = z.infer<typeof terminalSettingsPatch>

/** Whatever was stored (or nothing) as a complete set: each bad or missing field takes its default. */
export function readTerminalSettings(stored: unknown): TerminalSettings {
  const src =
    typeof stored === 'object' && stored !== null ? (stored as Record<string, unknown>) : {}
  const out: Record<string, unknown> = { ...TERMINAL_DEFAULTS }
  for (const key of Object.keys(TERMINAL_DEFAULTS) as (keyof TerminalSettings)[]) {
    const field = terminalSettingsSchema.shape[key].safeParse(src[key])
    if (field.success) out[key] = field.data
  }
  return out as TerminalSettings
}
