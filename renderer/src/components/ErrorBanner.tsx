// Runs in: renderer.
// A failure as the API reported it: what went wrong, and the hint that says what to do next.
// Text only: messages can carry server-provided strings, so they are never parsed as HTML.
import { useState, type JSX } from 'react'
import type { UiError } from '../lib/errors'
import { AlertIcon } from './icons'

export interface ErrorBannerProps {
  error: UiError
  /** Shown as the banner's heading, above the message; defaults to the message alone. */
  title?: string
  onRetry?: () => void | Promise<void>
}

export function ErrorBanner({ error, title, onRetry }: ErrorBannerProps): JSX.Element {
  const [retrying, setRetrying] = useState(false)
  const retry = async (): Promise<void> => {
    if (!onRetry) return
    setRetrying(true)
    try {
      await onRetry()
    } finally {
      setRetrying(false)
    }
  }
  return (
    <div className="banner banner-error" role="alert">
      <span className="banner-icon">
        <AlertIcon size={18} />
      </span>
      <div className="banner-body">
        {title && <p className="banner-title">{title}</p>}
        <p className={title ? 'banner-message' : 'banner-title'}>{error.message}</p>
        {error.hint && <p className="banner-hint">{error.hint}</p>}
      </div>
      {onRetry && (
        <button
          type="button"
          className="button button-secondary banner-action"
          onClick={() => void retry()}
          disabled={retrying}
        >
          {retrying ? 'Retrying…' : 'Retry'}
        </button>
      )}
    </div>
  )
}
