// Runs in: renderer.
// UI preferences and navigation. Only the theme is persisted (to localStorage, persist's
// default): the app opens on Servers, the page that says what to do next.
import { create } from 'zustand'
import { persist } from 'zustand/middleware'
import type { PageId } from '../pages/pages'

export const THEMES = ['system', 'light', 'dark'] as const
export type Theme = (typeof THEMES)[number]

export interface UiState {
  theme: Theme
  page: PageId
}

export const useUi = create<UiState>()(
  persist((): UiState => ({ theme: 'system', page: 'servers' }), {
    name: 'pier.ui',
    version: 1,
    partialize: (s) => ({ theme: s.theme }),
    merge: restoreUi
  })
)

/** A hand-edited or older stored value must not leave the app with a theme the CSS lacks. */
export function restoreUi(persisted: unknown, current: UiState): UiState {
  const theme = (persisted as { theme?: unknown } | null | undefined)?.theme
  return isTheme(theme) ? { ...current, theme } : current
}

export function isTheme(value: unknown): value is Theme {
  return typeof value === 'string' && (THEMES as readonly string[]).includes(value)
}

export const uiSelectors = {
  theme: (s: UiState) => s.theme,
  page: (s: UiState) => s.page
}

export function setTheme(theme: Theme): void {
  useUi.setState({ theme })
}

export function setPage(page: PageId): void {
  useUi.setState({ page })
}
