// Runs in: renderer.
// UI preferences and navigation. Only the theme is persisted (to localStorage, persist's
// default): the app opens on Servers, the page that says what to do next. `serverId` is the
// server whose detail the Servers page shows instead of the list.
import { create } from 'zustand'
import { persist } from 'zustand/middleware'
import type { PageId } from '../pages/pages'

export const THEMES = ['system', 'light', 'dark'] as const
export type Theme = (typeof THEMES)[number]

export const SERVER_TABS = ['overview', 'monitoring'] as const
export type ServerTab = (typeof SERVER_TABS)[number]

export interface UiState {
  theme: Theme
  page: PageId
  /** The server whose detail is open; absent or null shows the list. Never persisted. */
  serverId?: string | null
  /** Which part of the open server's page shows. */
  serverTab?: ServerTab
  /** The app whose page the Apps page shows instead of the list. Never persisted. */
  appName?: string | null
}

export const useUi = create<UiState>()(
  persist((): UiState => ({ theme: 'system', page: 'servers', serverId: null }), {
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
  page: (s: UiState) => s.page,
  serverId: (s: UiState) => s.serverId ?? null,
  serverTab: (s: UiState): ServerTab => s.serverTab ?? 'overview',
  appName: (s: UiState) => s.appName ?? null
}

export function setTheme(theme: Theme): void {
  useUi.setState({ theme })
}

/** Choosing a page from the sidebar (even the current one) starts at its top: the list. */
export function setPage(page: PageId): void {
  useUi.setState({ page, serverId: null, serverTab: 'overview', appName: null })
}

export function openApp(name: string): void {
  useUi.setState({ page: 'apps', appName: name })
}

export function closeApp(): void {
  useUi.setState({ appName: null })
}

export function openServer(serverId: string, tab: ServerTab = 'overview'): void {
  useUi.setState({ page: 'servers', serverId, serverTab: tab })
}

export function setServerTab(tab: ServerTab): void {
  useUi.setState({ serverTab: tab })
}

export function closeServer(): void {
  useUi.setState({ serverId: null })
}
