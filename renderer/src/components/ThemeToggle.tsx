// Runs in: renderer.
// System / light / dark, as one pressed-button group so each choice is one Tab stop and one
// keypress away.
import type { JSX } from 'react'
import { setTheme, THEMES, uiSelectors, useUi, type Theme } from '../stores/ui'
import { MoonIcon, SunIcon, SystemIcon } from './icons'

const LABELS: Record<Theme, string> = {
  system: 'Match system theme',
  light: 'Light theme',
  dark: 'Dark theme'
}

const ICONS: Record<Theme, () => JSX.Element> = {
  system: () => <SystemIcon />,
  light: () => <SunIcon />,
  dark: () => <MoonIcon />
}

export function ThemeToggle(): JSX.Element {
  const theme = useUi(uiSelectors.theme)
  return (
    <div className="segmented" role="group" aria-label="Theme">
      {THEMES.map((t) => (
        <button
          key={t}
          type="button"
          className="segmented-item"
          aria-pressed={theme === t}
          aria-label={LABELS[t]}
          title={LABELS[t]}
          data-theme-option={t}
          onClick={() => setTheme(t)}
        >
          {ICONS[t]()}
        </button>
      ))}
    </div>
  )
}
