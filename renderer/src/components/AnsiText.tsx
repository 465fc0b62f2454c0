// Runs in: renderer.
// Styled log text as React text nodes: the segments' text is never parsed as HTML, so a line
// that reads `<b>` shows those three characters. Search hits are wrapped in <mark>.
import { memo, type JSX } from 'react'
import { segmentLook } from '../lib/ansi'
import type { MarkedSegment } from '../lib/log-search'

export const AnsiText = memo(function AnsiText({
  segments
}: {
  segments: readonly MarkedSegment[]
}): JSX.Element {
  return (
    <>
      {segments.map((seg, i) => {
        const look = segmentLook(seg.style)
        const text =
          look.className || look.style ? (
            <span className={look.className || undefined} style={look.style}>
              {seg.text}
            </span>
          ) : (
            seg.text
          )
        if (!seg.mark) return <span key={i}>{text}</span>
        return (
          <mark
            key={i}
            className={seg.mark === 'current' ? 'log-mark log-mark-current' : 'log-mark'}
          >
            {text}
          </mark>
        )
      })}
    </>
  )
})
