// Runs in: renderer.
// xterm's colours for each app theme. xterm draws on a canvas (or WebGL) and cannot read CSS
// variables, so the palettes are spelled out here, matched to theme.css's surfaces.
import type { ITheme } from '@xterm/xterm'

export type Scheme = 'light' | 'dark'

export const TERMINAL_THEMES: Record<Scheme, ITheme> = {
  dark: {
    background: '#111215',
    foreground: '#e7e8eb',
    cursor: '#5cc6cf',
    cursorAccent: '#111215',
    selectionBackground: 'rgba(47, 166, 177, 0.35)',
    black: '#1d1e22',
    red: '#ef7a6c',
    green: '#5cc07d',
    yellow: '#e0a850',
    blue: '#6aa7ff',
    magenta: '#c792ea',
    cyan: '#5cc6cf',
    white: '#c9cbd1',
    brightBlack: '#71747d',
    brightRed: '#ff9d91',
    brightGreen: '#84d9a0',
    brightYellow: '#f2c57c',
    brightBlue: '#94c0ff',
    brightMagenta: '#dcb4f5',
    brightCyan: '#8adbe2',
    brightWhite: '#ffffff'
  },
  light: {
    background: '#ffffff',
    foreground: '#1b1c20',
    cursor: '#0d7c87',
    cursorAccent: '#ffffff',
    selectionBackground: 'rgba(13, 124, 135, 0.22)',
    black: '#1b1c20',
    red: '#c03a2b',
    green: '#2f8a4c',
    yellow: '#9a6510',
    blue: '#2459c4',
    magenta: '#8e3fb5',
    cyan: '#0a6d77',
    white: '#8a8c95',
    brightBlack: '#5e6069',
    brightRed: '#d9513f',
    brightGreen: '#3a9f5a',
    brightYellow: '#b7791f',
    brightBlue: '#3b73e0',
    brightMagenta: '#a457cc',
    brightCyan: '#0d7c87',
    brightWhite: '#b4b6bd'
  }
}

/** The scheme in effect: the chosen theme, or the OS preference for 'system'. */
export function effectiveScheme(theme: 'system' | Scheme, prefersDark: boolean): Scheme {
  if (theme === 'system') return prefersDark ? 'dark' : 'light'
  return theme
}
