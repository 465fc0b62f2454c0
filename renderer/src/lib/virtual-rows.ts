// Runs in: renderer (pure; no DOM).
// The arithmetic of a virtualized list with one fixed row height: which rows a scroll position
// shows, and where to scroll to show a row. Only those rows (plus a margin) are in the DOM, so
// a log of a million lines costs what a screenful does.

export interface Viewport {
  scrollTop: number
  /** The visible height of the scrolling box. */
  height: number
  rowHeight: number
  count: number
  /** Extra rows rendered above and below, so fast scrolling shows no blank band. */
  overscan: number
}

/** The rows to render: [start, end). */
export function visibleRows(v: Viewport): { start: number; end: number } {
  if (v.count === 0 || v.rowHeight <= 0) return { start: 0, end: 0 }
  const first = Math.floor(Math.max(0, v.scrollTop) / v.rowHeight)
  const last = Math.ceil((Math.max(0, v.scrollTop) + Math.max(0, v.height)) / v.rowHeight)
  const start = Math.max(0, Math.min(v.count, first - v.overscan))
  const end = Math.min(v.count, Math.max(start, last + v.overscan))
  return { start, end }
}

/**
 * Whether the view sits at the end, within `slack` pixels: the test for "keep following".
 * Fractional scroll positions on zoomed displays never quite reach the exact bottom.
 */
export function atBottom(
  scrollTop: number,
  height: number,
  contentHeight: number,
  slack: number
): boolean {
  return scrollTop + height >= contentHeight - slack
}

/** The scrollTop that puts `row` in the middle of the view (clamped to the content). */
export function scrollTopForRow(
  row: number,
  rowHeight: number,
  height: number,
  count: number
): number {
  const max = Math.max(0, count * rowHeight - height)
  const centered = row * rowHeight - (height - rowHeight) / 2
  return Math.round(Math.max(0, Math.min(max, centered)))
}
