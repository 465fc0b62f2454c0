// Runs in: renderer.
// The terminal settings: defaults until the stored ones arrive, then whatever the user sets.
// A change applies at once (every open terminal follows the store) and is saved in the
// background; a save that fails puts back the values that were saved.
import { create } from 'zustand'
import {
  TERMINAL_DEFAULTS,
  terminalSettingsSchema,
  type TerminalSettings,
  type TerminalSettingsPatch
} from '../../../main/core/settings/terminal'
import type { UiError } from '../lib/errors'
import type { StoreDeps } from './deps'
import type { LoadStatus } from './servers'

export interface TerminalSettingsState {
  settings: TerminalSettings
  status: LoadStatus
  error: UiError | null
}

export const useTerminalSettings = create<TerminalSettingsState>()(() => ({
  settings: TERMINAL_DEFAULTS,
  status: 'loading',
  error: null
}))

export const terminalSettingsSelectors = {
  settings: (s: TerminalSettingsState) => s.settings,
  status: (s: TerminalSettingsState) => s.status,
  error: (s: TerminalSettingsState) => s.error
}

/** The patch with only the fields that are valid as they stand (a half-typed size is not). */
export function validPatch(patch: TerminalSettingsPatch): TerminalSettingsPatch {
  const out: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(patch)) {
    const field = terminalSettingsSchema.shape[key as keyof TerminalSettings]
    const parsed = field?.safeParse(value)
    if (parsed?.success) out[key] = parsed.data
  }
  return out as TerminalSettingsPatch
}

export interface TerminalSettingsActions {
  load(): Promise<void>
  update(patch: TerminalSettingsPatch): Promise<void>
}

export function createTerminalSettingsActions(deps: StoreDeps): TerminalSettingsActions {
  const set = useTerminalSettings.setState
  let saved: TerminalSettings = TERMINAL_DEFAULTS
  // Saves go out in order and only the newest answer counts.
  let seq = 0
  return {
    async load() {
      try {
        saved = await deps.api.call('settings.get', { key: 'terminal' })
        set({ settings: saved, status: 'ready', error: null })
      } catch (err) {
        set({ status: 'error', error: deps.describeError(err) })
      }
    },
    async update(patch) {
      const valid = validPatch(patch)
      if (Object.keys(valid).length === 0) return
      set((s) => ({ settings: { ...s.settings, ...valid } }))
      const mine = ++seq
      try {
        const stored = await deps.api.call('settings.set', { key: 'terminal', value: valid })
        saved = stored
        if (mine === seq) set({ settings: stored, error: null })
      } catch (err) {
        if (mine === seq) set({ settings: saved, error: deps.describeError(err) })
      }
    }
  }
}
