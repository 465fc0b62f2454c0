// Runs in: renderer.
// Styled log text as React text nodes: the segments' text is never parsed as HTML, so a line
// that reads `<b>` shows those three characters. Search hits are wrapped in <mark>.
import { memo, type JSX } from 'react'
import { segmentLook } from '../lib/ansi'
import type { MarkedSegment } from '../lib/log-search'

function Segment({ segment }: { segment: MarkedSegment }): JSX.Element {
  const look = segmentLook(segment.style)
  const text = (
    <span className={look.className || undefined} style={look.style}>
      {segment.text}
    </span>
  )
  if (!segment.mark) return text
  return (
    <mark className={segment.mark === 'current' ? 'log-mark log-mark-current' : 'log-mark'}>
      {text}
    </mark>
  )
}

export const AnsiText = memo(function AnsiText({
  segments
}: {
  segments: readonly MarkedSegment[]
}): JSX.Element {
  return (
    <>
      {segments.map((seg, i) => (
        <Segment key={i} segment={seg} />
      ))}
    </>
  )
})
