// Runs in: renderer.
// Mirrors the chosen theme onto <html data-theme>, where the CSS variables switch. 'system' is
// left to the prefers-color-scheme query, so it follows the OS live without any JS.
import { useEffect } from 'react'
import { uiSelectors, useUi } from '../stores/ui'

export function useThemeAttribute(): void {
  const theme = useUi(uiSelectors.theme)
  useEffect(() => {
    document.documentElement.dataset.theme = theme
  }, [theme])
}
