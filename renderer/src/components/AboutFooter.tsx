// Runs in: renderer.
// Version and data folder from `system.info`: the two facts a bug report or a backup of Pier's
// own state needs.
import type { JSX } from 'react'
import { systemSelectors, useSystem } from '../stores/system'

export function AboutFooter(): JSX.Element {
  const info = useSystem(systemSelectors.info)
  return (
    <footer className="about" aria-label="About Pier">
      <p className="about-version">
        Pier <span data-testid="app-version">{info ? info.version : '…'}</span>
      </p>
      {info && (
        <p
          className="about-home"
          title={`Data folder: ${info.home}\nDatabase: ${info.database} (schema ${info.schemaVersion})\nRunning on ${info.platform} via ${info.transport}`}
        >
          <span className="about-label">Data</span>{' '}
          {/* The LRM keeps a leading '/' in place under the rtl trick that elides the start. */}
          <span className="about-path">
            {'\u200E'}
            <span data-testid="data-folder">{info.home}</span>
          </span>
        </p>
      )}
    </footer>
  )
}
