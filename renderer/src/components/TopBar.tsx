// Runs in: renderer.
import type { JSX } from 'react'
import { ThemeToggle } from './ThemeToggle'

export function TopBar({ title }: { title: string }): JSX.Element {
  return (
    <header className="topbar">
      <h1 className="topbar-title">{title}</h1>
      <div className="topbar-actions">
        <ThemeToggle />
      </div>
    </header>
  )
}
