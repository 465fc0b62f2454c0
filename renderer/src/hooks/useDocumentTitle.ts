// Runs in: renderer.
// The window title names the page, so the OS window switcher and screenshots say where you are.
import { useEffect } from 'react'

export function useDocumentTitle(title: string): void {
  useEffect(() => {
    document.title = `${title} · Pier`
  }, [title])
}
