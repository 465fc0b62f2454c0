// Runs in: renderer.
// The readiness checklist of a server check: each item with an icon and a word for its state
// (ok, warning, problem), what was found, and for anything not ok the next step. Fix texts come
// from main and mark commands with backticks; those parts are shown as code, as text, never HTML.
import type { JSX } from 'react'
import type { ReadinessItem } from '../lib/check'
import { CheckCircleIcon, FailIcon, WarnIcon } from './icons'

const STATUS_WORD: Record<ReadinessItem['status'], string> = {
  ok: 'OK',
  warn: 'Warning',
  fail: 'Problem'
}

function StatusIcon({ status }: { status: ReadinessItem['status'] }): JSX.Element {
  if (status === 'ok') return <CheckCircleIcon />
  if (status === 'warn') return <WarnIcon />
  return <FailIcon />
}

/** `Run \`x\` then` → text and code parts; an unmatched backtick stays literal. */
export function FixText({ text }: { text: string }): JSX.Element {
  const parts = text.split('`')
  // An even number of parts means an odd number of backticks: leave the text as it is.
  if (parts.length % 2 === 0) return <>{text}</>
  return (
    <>
      {parts.map((part, i) =>
        i % 2 === 1 ? (
          <code key={i} className="mono code-inline">
            {part}
          </code>
        ) : (
          <span key={i}>{part}</span>
        )
      )}
    </>
  )
}

export function Readiness({ items }: { items: readonly ReadinessItem[] }): JSX.Element {
  const problems = items.filter((i) => i.status !== 'ok').length
  return (
    <div className="readiness">
      <p className="readiness-summary" role="status">
        {problems === 0
          ? `All ${items.length} checks passed.`
          : `${problems} of ${items.length} checks need attention.`}
      </p>
      <ul className="checklist" aria-label="Readiness checklist">
        {items.map((item) => (
          <li key={item.id} className={`check check-${item.status}`} data-check={item.id}>
            <span className="check-icon" title={STATUS_WORD[item.status]}>
              <StatusIcon status={item.status} />
              <span className="visually-hidden">{STATUS_WORD[item.status]}:</span>
            </span>
            <div className="check-body">
              <p className="check-label">{item.label}</p>
              <p className="check-detail">{item.detail}</p>
              {item.fix && (
                <p className="check-fix">
                  <FixText text={item.fix} />
                </p>
              )}
            </div>
          </li>
        ))}
      </ul>
    </div>
  )
}
