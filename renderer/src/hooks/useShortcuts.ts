// Runs in: renderer.
// Global page shortcuts, on window so they work wherever focus is.
import { useEffect } from 'react'
import { pageForKey } from '../lib/shortcuts'
import { setPage } from '../stores/ui'

export function usePageShortcuts(): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      if (e.repeat || e.isComposing) return
      const page = pageForKey(e)
      if (!page) return
      e.preventDefault()
      setPage(page)
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [])
}
