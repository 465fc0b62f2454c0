// Runs in: renderer.
// A small chart for the overview: a few lines on a fixed 0–100 scale, no axes or tooltip. The
// figures beside it say the numbers; this shows the shape of the last hour.
import { useMemo, type JSX } from 'react'
import { ComposedChart, Line as LineSeries, ResponsiveContainer, XAxis, YAxis } from 'recharts'
import { chartRows, type ChartRow } from '../../lib/chart-rows'
import type { ChartLine } from './TimeChart'

export function Sparkline({
  lines,
  from,
  to,
  label
}: {
  lines: ChartLine[]
  from: number
  to: number
  label: string
}): JSX.Element {
  const rows = useMemo(
    () => chartRows(Object.fromEntries(lines.map((l) => [l.key, l.line]))),
    [lines]
  )
  return (
    <div className="sparkline" role="img" aria-label={label}>
      <ResponsiveContainer width="100%" height="100%">
        <ComposedChart data={rows} margin={{ top: 2, right: 2, bottom: 2, left: 2 }}>
          <XAxis dataKey="t" type="number" domain={[from, to]} hide allowDataOverflow />
          <YAxis type="number" domain={[0, 100]} hide allowDataOverflow />
          {lines.map((l) => (
            <LineSeries
              key={l.key}
              className={`series series-${l.key}`}
              type="linear"
              dataKey={(r: ChartRow) => r.v[l.key]}
              stroke={l.color}
              strokeWidth={1.4}
              dot={false}
              isAnimationActive={false}
              connectNulls={false}
            />
          ))}
        </ComposedChart>
      </ResponsiveContainer>
    </div>
  )
}
