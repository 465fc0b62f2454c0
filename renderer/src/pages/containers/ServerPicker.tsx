// Runs in: renderer.
// Images, volumes and networks belong to one engine each: the resource tabs show one server at a
// time, picked here (the first server until the user picks another).
import type { JSX } from 'react'

export function ServerPicker({
  servers,
  value,
  onChange
}: {
  servers: readonly string[]
  value: string
  onChange: (server: string) => void
}): JSX.Element {
  return (
    <label className="container-groupby">
      <span className="muted">Server</span>
      <select
        className="input"
        aria-label="Server"
        value={value}
        onChange={(e) => onChange(e.target.value)}
      >
        {servers.map((s) => (
          <option key={s} value={s}>
            {s}
          </option>
        ))}
      </select>
    </label>
  )
}
