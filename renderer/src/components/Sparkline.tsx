// Runs in: renderer.
// A tiny live line chart as inline SVG (no chart library): the path math is lib/sparkline.ts.
// The numbers beside it carry the meaning; the chart is decoration for the eye, so it is hidden
// from screen readers and given a text summary instead.
import type { JSX } from 'react'
import { sparklineArea, sparklinePath } from '../lib/sparkline'

export interface SparklineProps {
  values: readonly (number | null)[]
  /** Slots across, so a young history fills from the right instead of stretching. */
  slots: number
  max?: number
  width?: number
  height?: number
  label: string
}

export function Sparkline({
  values,
  slots,
  max,
  width = 160,
  height = 36,
  label
}: SparklineProps): JSX.Element {
  const box = { width, height, slots, ...(max === undefined ? {} : { max }) }
  return (
    <svg
      className="sparkline"
      width={width}
      height={height}
      viewBox={`0 0 ${width} ${height}`}
      role="img"
      aria-label={label}
      data-points={values.filter((v) => v !== null).length}
    >
      <path className="sparkline-area" d={sparklineArea(values, box)} />
      <path className="sparkline-line" d={sparklinePath(values, box)} />
    </svg>
  )
}
