// Runs in: renderer.
// What happened to a tab's session, and the one action that gives the tab a fresh one.
import type { JSX } from 'react'
import { AlertIcon, InfoIcon } from '../../components/icons'
import type { TerminalTab } from '../../stores/terminals'

export function bannerText(tab: TerminalTab): { title: string; action: string } | null {
  const server = tab.target.server
  switch (tab.status) {
    case 'lost':
      return { title: `Connection to ${server} lost`, action: 'Reconnect' }
    case 'exited':
      return tab.exitCode !== null
        ? { title: `Shell exited with code ${tab.exitCode}`, action: 'Restart' }
        : { title: `Shell ended by signal ${tab.signal ?? 'unknown'}`, action: 'Restart' }
    case 'failed':
      return { title: `Could not open a shell on ${server}`, action: 'Try again' }
    default:
      return null
  }
}

export function SessionBanner({
  tab,
  onRestart
}: {
  tab: TerminalTab
  onRestart: () => void
}): JSX.Element | null {
  const text = bannerText(tab)
  if (!text) return null
  const calm = tab.status === 'exited' && tab.exitCode === 0
  return (
    <div
      className={`term-banner ${calm ? 'term-banner-info' : 'term-banner-error'}`}
      role="alert"
      data-testid="session-banner"
      data-status={tab.status}
    >
      <span className="term-banner-icon">{calm ? <InfoIcon /> : <AlertIcon />}</span>
      <div className="term-banner-body">
        <p className="term-banner-title">{text.title}</p>
        {tab.error && (
          <p className="term-banner-detail">
            {tab.error.message}
            {tab.error.hint && ` ${tab.error.hint}`}
          </p>
        )}
      </div>
      <button type="button" className="button button-secondary" onClick={onRestart}>
        {text.action}
      </button>
    </div>
  )
}
