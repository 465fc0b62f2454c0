// Runs in: renderer.
// A log viewer for any append-only list of lines (job logs now, container logs later). Only the
// rows in view are in the DOM (fixed row height, lib/virtual-rows.ts), and appends repaint at
// most once a frame, so a 100k-line log scrolls like a short one. It follows the end while the
// view is at the bottom and stops when the user scrolls up; "Jump to latest" resumes.
// Search highlights every hit and walks them; copy and download take the whole log as text.
// Keys: "/" focuses search, Enter / Shift+Enter step through hits, Escape clears the search or
// calls onClose.
import {
  memo,
  useCallback,
  useEffect,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
  type JSX,
  type ReactNode
} from 'react'
import { clockTime } from '../lib/job-log'
import type { LogBuffer, ParsedLine } from '../lib/log-buffer'
import { findMatches, firstMatchFrom, markSegments, type LogMatch } from '../lib/log-search'
import { atBottom, scrollTopForRow, visibleRows } from '../lib/virtual-rows'
import { AnsiText } from './AnsiText'

/** Must match .log-row's height in log.css: rows are placed by arithmetic, not measured. */
export const ROW_HEIGHT = 18
const OVERSCAN = 20

export interface LogViewProps {
  buffer: LogBuffer
  /** The accessible name of the log ("Log of job …"). */
  label: string
  /** The file name the download suggests. */
  fileName: string
  /** Text or elements at the end of the toolbar (the source's state: following, ended). */
  status?: ReactNode
  /** What an empty log says (it may be empty because nothing was printed yet). */
  emptyText?: string
  /** Escape (outside a dialog, with no search to clear) calls this. */
  onClose?: () => void
  /**
   * Grow with the log up to --log-height instead of always taking it: for a log shown inside
   * a page, where a three-line log should not leave a screen of blank space.
   */
  fitContent?: boolean
}

interface RowProps {
  line: ParsedLine
  index: number
  ranges: readonly { start: number; end: number; current?: boolean }[]
}

const Row = memo(function Row({ line, index, ranges }: RowProps): JSX.Element {
  const segments = ranges.length > 0 ? markSegments(line.segments, ranges) : line.segments
  return (
    <div
      className={`log-row${line.stream === 'stderr' ? ' log-row-stderr' : ''}`}
      data-line={index + 1}
    >
      <span className="log-gutter" aria-hidden="true">
        {index + 1}
      </span>
      {line.time && (
        <span className="log-time" title={line.time}>
          {clockTime(line.time)}
        </span>
      )}
      <span className="log-text">
        <AnsiText segments={segments} />
      </span>
    </div>
  )
})

const NO_RANGES: RowProps['ranges'] = []

function isTyping(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null
  return !!el && (el.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName))
}

export function LogView({
  buffer,
  label,
  fileName,
  status,
  emptyText = 'Nothing here yet.',
  onClose,
  fitContent = false
}: LogViewProps): JSX.Element {
  const scroller = useRef<HTMLDivElement>(null)
  const searchBox = useRef<HTMLInputElement>(null)
  const [count, setCount] = useState(buffer.length)
  const [scrollTop, setScrollTop] = useState(0)
  const [height, setHeight] = useState(0)
  const [follow, setFollow] = useState(true)
  const [query, setQuery] = useState('')
  const [matches, setMatches] = useState<LogMatch[]>([])
  const [current, setCurrent] = useState(-1)
  const scanned = useRef(0)
  const [notice, setNotice] = useState('')

  // Appends arrive at any rate; the view takes them once a frame.
  useEffect(() => {
    let frame = 0
    const flush = (): void => {
      frame = 0
      setCount(buffer.length)
    }
    const off = buffer.subscribe(() => {
      frame ||= requestAnimationFrame(flush)
    })
    frame = requestAnimationFrame(flush)
    return () => {
      off()
      cancelAnimationFrame(frame)
    }
  }, [buffer])

  useLayoutEffect(() => {
    const el = scroller.current
    if (!el) return
    const observer = new ResizeObserver(() => setHeight(el.clientHeight))
    observer.observe(el)
    setHeight(el.clientHeight)
    return () => observer.disconnect()
  }, [])

  // Following: pinned to the end before the frame paints, so new lines never flash elsewhere.
  useLayoutEffect(() => {
    const el = scroller.current
    if (!el || !follow) return
    el.scrollTop = el.scrollHeight
    setScrollTop(el.scrollTop)
  }, [count, follow, height])

  // New lines are searched as they come, not the whole log again.
  useEffect(() => {
    if (!query || scanned.current >= count) return
    const more = findMatches((i) => buffer.line(i)?.plain ?? '', query, scanned.current, count)
    scanned.current = count
    if (more.length > 0) setMatches((m) => [...m, ...more])
  }, [buffer, count, query])

  const reveal = useCallback(
    (line: number) => {
      const el = scroller.current
      if (!el) return
      setFollow(false)
      el.scrollTop = scrollTopForRow(line, ROW_HEIGHT, el.clientHeight, buffer.length)
      setScrollTop(el.scrollTop)
    },
    [buffer]
  )

  const search = (q: string): void => {
    setQuery(q)
    const found = q ? findMatches((i) => buffer.line(i)?.plain ?? '', q, 0, buffer.length) : []
    scanned.current = buffer.length
    setMatches(found)
    setCurrent(found.length > 0 ? 0 : -1)
    if (found[0]) reveal(found[0].line)
  }

  const step = (delta: 1 | -1): void => {
    if (matches.length === 0) return
    const next = (current + delta + matches.length) % matches.length
    setCurrent(next)
    reveal((matches[next] as LogMatch).line)
  }

  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      if (e.defaultPrevented || e.isComposing) return
      if (e.key === '/' && !e.ctrlKey && !e.metaKey && !e.altKey && !isTyping(e.target)) {
        e.preventDefault()
        searchBox.current?.focus()
        searchBox.current?.select()
      } else if (e.key === 'Escape' && onClose && !document.querySelector('dialog[open]')) {
        e.preventDefault()
        onClose()
      }
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [onClose])

  const onScroll = (): void => {
    const el = scroller.current
    if (!el) return
    setScrollTop(el.scrollTop)
    setFollow(atBottom(el.scrollTop, el.clientHeight, el.scrollHeight, ROW_HEIGHT))
  }

  const say = (text: string): void => {
    setNotice(text)
    setTimeout(() => setNotice(''), 2000)
  }

  const copy = async (): Promise<void> => {
    try {
      await navigator.clipboard.writeText(buffer.text())
      say('Copied')
    } catch {
      say('Copy failed')
    }
  }

  const download = (): void => {
    const url = URL.createObjectURL(new Blob([buffer.text()], { type: 'text/plain;charset=utf-8' }))
    const a = document.createElement('a')
    a.href = url
    a.download = fileName
    a.click()
    // The download has taken its copy once the click returns; the next task can let go.
    setTimeout(() => URL.revokeObjectURL(url), 0)
  }

  const { start, end } = visibleRows({
    scrollTop,
    height,
    rowHeight: ROW_HEIGHT,
    count,
    overscan: OVERSCAN
  })

  // The hits on the rendered rows, per line; the current hit is marked apart.
  const rangesByLine = useMemo(() => {
    const map = new Map<number, { start: number; end: number; current?: boolean }[]>()
    for (let i = firstMatchFrom(matches, start); i < matches.length; i++) {
      const m = matches[i] as LogMatch
      if (m.line >= end) break
      const list = map.get(m.line) ?? []
      list.push({ start: m.start, end: m.end, current: i === current })
      map.set(m.line, list)
    }
    return map
  }, [matches, start, end, current])

  const rows: JSX.Element[] = []
  for (let i = start; i < end; i++) {
    const line = buffer.line(i)
    if (line)
      rows.push(<Row key={i} line={line} index={i} ranges={rangesByLine.get(i) ?? NO_RANGES} />)
  }
  const digits = String(Math.max(count, 1)).length

  return (
    <section className="log-view" aria-label={label} data-lines={count}>
      <div className="log-toolbar">
        <div className="log-search">
          <input
            ref={searchBox}
            type="search"
            className="input log-search-input"
            placeholder="Search (/)"
            aria-label="Search the log"
            value={query}
            onChange={(e) => search(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter') {
                e.preventDefault()
                step(e.shiftKey ? -1 : 1)
              } else if (e.key === 'Escape' && query) {
                e.preventDefault()
                e.stopPropagation()
                search('')
              }
            }}
          />
          {query && (
            <span className="log-search-count" role="status" data-testid="log-search-count">
              {matches.length === 0 ? 'No matches' : `${current + 1} of ${matches.length}`}
            </span>
          )}
          <button
            type="button"
            className="button button-secondary button-small"
            onClick={() => step(-1)}
            disabled={matches.length === 0}
            title="Previous match (Shift+Enter)"
          >
            Previous
          </button>
          <button
            type="button"
            className="button button-secondary button-small"
            onClick={() => step(1)}
            disabled={matches.length === 0}
            title="Next match (Enter)"
          >
            Next
          </button>
        </div>
        <span className="log-count" data-testid="log-line-count">
          {count === 1 ? '1 line' : `${count.toLocaleString('en-US')} lines`}
        </span>
        {status}
        <span className="log-notice" role="status">
          {notice}
        </span>
        <button
          type="button"
          className="button button-secondary button-small"
          onClick={() => void copy()}
          disabled={count === 0}
        >
          Copy
        </button>
        <button
          type="button"
          className="button button-secondary button-small"
          onClick={download}
          disabled={count === 0}
        >
          Download
        </button>
      </div>
      <div className="log-body">
        <div
          ref={scroller}
          className={fitContent ? 'log-scroll log-scroll-fit' : 'log-scroll'}
          tabIndex={0}
          onScroll={onScroll}
          onWheel={(e) => e.deltaY < 0 && setFollow(false)}
          data-testid="log-scroll"
          style={{
            ['--log-gutter' as string]: `${digits + 1}ch`,
            ['--log-content' as string]: `${count * ROW_HEIGHT}px`
          }}
        >
          <div className="log-sizer" style={{ height: count * ROW_HEIGHT }}>
            <div className="log-rows" style={{ transform: `translateY(${start * ROW_HEIGHT}px)` }}>
              {rows}
            </div>
          </div>
          {count === 0 && <p className="log-empty">{emptyText}</p>}
        </div>
        {!follow && count * ROW_HEIGHT > height && (
          <button
            type="button"
            className="button button-primary log-jump"
            onClick={() => setFollow(true)}
          >
            Jump to latest
          </button>
        )}
      </div>
    </section>
  )
}
