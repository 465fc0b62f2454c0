// Runs in: renderer.
// The busy indicator for buttons and rows. Decorative: whatever holds it says in words what is
// running (a button's label, a status line), which is what screen readers announce.
import type { JSX } from 'react'

export function Spinner({ size = 14 }: { size?: number }): JSX.Element {
  return <span className="spinner" style={{ width: size, height: size }} aria-hidden="true" />
}
