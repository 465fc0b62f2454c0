// Runs in: renderer.
// The light or dark scheme in effect, following the OS live when the theme is 'system'. For
// things drawn outside CSS (xterm's canvas).
import { useEffect, useState } from 'react'
import { effectiveScheme, type Scheme } from '../lib/terminal-theme'
import { uiSelectors, useUi } from '../stores/ui'

const QUERY = '(prefers-color-scheme: dark)'

export function useScheme(): Scheme {
  const theme = useUi(uiSelectors.theme)
  const [prefersDark, setPrefersDark] = useState(() => window.matchMedia(QUERY).matches)
  useEffect(() => {
    const mq = window.matchMedia(QUERY)
    const on = (): void => setPrefersDark(mq.matches)
    mq.addEventListener('change', on)
    return () => mq.removeEventListener('change', on)
  }, [])
  return effectiveScheme(theme, prefersDark)
}
