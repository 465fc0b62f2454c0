// Runs in: renderer.
// One metric over time (recharts): lines (or a soft area, for a band such as each minute's CPU
// peak) over a shared time axis, gaps where samples are missing, and a tooltip with the exact
// values and units of the hovered moment. Values a line only crosses there (it has no sample of
// its own at that time) are marked "≈". Animation is off: a week of points should just appear.
import { useMemo, useState, type JSX, type ReactNode } from 'react'
import {
  Area,
  CartesianGrid,
  ComposedChart,
  Line as LineSeries,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
  type TooltipContentProps
} from 'recharts'
import { foldColumns } from '../../lib/chart-columns'
import { chartRows, lineMax, type ChartRow, type Line } from '../../lib/chart-rows'
import {
  byteTicks,
  formatAxisTime,
  formatPointTime,
  niceStep,
  timeTicks
} from '../../lib/metrics-format'

export interface ChartLine {
  key: string
  label: string
  line: Line
  /** A CSS colour, usually one of the --chart-* tokens. */
  color: string
  kind?: 'line' | 'area'
}

export type YScale =
  { kind: 'percent' } | { kind: 'bytes'; max?: number | null } | { kind: 'number' }

export interface TimeChartProps {
  id: string
  title: string
  /** The latest figure or a total, next to the title. */
  summary?: ReactNode
  lines: ChartLine[]
  from: number
  to: number
  scale: YScale
  /** Tooltip and axis text for a value. */
  format: (v: number | null) => string
  axisFormat?: (v: number) => string
  height?: number
  /** Name the lines above the chart; by default only when there are several. */
  legend?: boolean
}

// The plot area is the chart's width less the y axis and the right margin.
const Y_AXIS_WIDTH = 62
const MARGIN = { top: 6, right: 10, bottom: 0, left: 0 }

export function TimeChart(props: TimeChartProps): JSX.Element {
  const { id, title, summary, from, to, scale, format, height = 170 } = props
  const legend = props.legend ?? props.lines.length > 1
  const [plotWidth, setPlotWidth] = useState(0)
  const lines = useMemo(
    () =>
      props.lines.map((l) => ({
        ...l,
        line: foldColumns(l.line, from, to, plotWidth, l.kind === 'area' ? 'max' : 'mean')
      })),
    [props.lines, from, to, plotWidth]
  )
  const rows = useMemo(
    () => chartRows(Object.fromEntries(lines.map((l) => [l.key, l.line]))),
    [lines]
  )
  const points = Math.max(0, ...lines.map((l) => l.line.length))
  const dataMax = Math.max(0, ...lines.map((l) => lineMax(l.line) ?? 0))
  const y = yAxis(scale, dataMax, props.axisFormat ?? format)
  const span = to - from
  const hasData = lines.some((l) => l.line.some((p) => p[1] !== null))

  return (
    <figure
      className="chart"
      data-chart={id}
      data-points={points}
      aria-labelledby={`chart-${id}-title`}
    >
      <figcaption className="chart-head">
        <span id={`chart-${id}-title`} className="chart-title">
          {title}
        </span>
        {summary && <span className="chart-summary">{summary}</span>}
        {legend && (
          <span className="chart-legend">
            {lines.map((l) => (
              <span key={l.key} className="chart-legend-item">
                <span className="chart-swatch" style={{ background: l.color }} aria-hidden="true" />
                {l.label}
              </span>
            ))}
          </span>
        )}
      </figcaption>
      {hasData ? (
        <div className="chart-body" style={{ height }}>
          <ResponsiveContainer
            width="100%"
            height="100%"
            onResize={(w) =>
              setPlotWidth(Math.floor(w - Y_AXIS_WIDTH - MARGIN.left - MARGIN.right))
            }
          >
            <ComposedChart data={rows} margin={MARGIN}>
              <CartesianGrid vertical={false} stroke="var(--chart-grid)" />
              <XAxis
                dataKey="t"
                type="number"
                domain={[from, to]}
                allowDataOverflow
                ticks={timeTicks(from, to)}
                tickFormatter={(t: number) => formatAxisTime(t, span)}
                stroke="var(--chart-axis)"
                tick={{ fill: 'var(--text-faint)', fontSize: 11 }}
                tickLine={false}
              />
              <YAxis
                type="number"
                domain={y.domain}
                ticks={y.ticks}
                tickFormatter={y.format}
                width={Y_AXIS_WIDTH}
                stroke="var(--chart-axis)"
                tick={{ fill: 'var(--text-faint)', fontSize: 11 }}
                tickLine={false}
                axisLine={false}
                allowDataOverflow
              />
              <Tooltip
                isAnimationActive={false}
                cursor={{ stroke: 'var(--chart-cursor)' }}
                content={(p: TooltipContentProps) => (
                  <ChartTooltip {...p} lines={lines} span={span} format={format} />
                )}
              />
              {lines.map((l) =>
                l.kind === 'area' ? (
                  <Area
                    key={l.key}
                    className={`series series-${l.key}`}
                    name={l.label}
                    type="linear"
                    dataKey={(r: ChartRow) => r.v[l.key]}
                    stroke={l.color}
                    strokeWidth={1}
                    fill={l.color}
                    fillOpacity={0.16}
                    isAnimationActive={false}
                    activeDot={false}
                    connectNulls={false}
                  />
                ) : (
                  <LineSeries
                    key={l.key}
                    className={`series series-${l.key}`}
                    name={l.label}
                    type="linear"
                    dataKey={(r: ChartRow) => r.v[l.key]}
                    stroke={l.color}
                    strokeWidth={1.6}
                    dot={false}
                    activeDot={{ r: 3 }}
                    isAnimationActive={false}
                    connectNulls={false}
                  />
                )
              )}
            </ComposedChart>
          </ResponsiveContainer>
        </div>
      ) : (
        <p className="chart-empty muted" style={{ height }}>
          No samples in this range.
        </p>
      )}
    </figure>
  )
}

function yAxis(
  scale: YScale,
  dataMax: number,
  format: (v: number) => string
): { domain: [number, number]; ticks: number[] | undefined; format: (v: number) => string } {
  if (scale.kind === 'percent') return { domain: [0, 100], ticks: [0, 25, 50, 75, 100], format }
  if (scale.kind === 'bytes') {
    const ticks = byteTicks(Math.max(scale.max ?? 0, dataMax, 1))
    return { domain: [0, ticks.at(-1) ?? 1], ticks, format }
  }
  const step = dataMax > 0 ? niceStep((dataMax * 1.05) / 4) : 0.25
  return { domain: [0, 4 * step], ticks: [0, step, 2 * step, 3 * step, 4 * step], format }
}

function ChartTooltip({
  active,
  payload,
  lines,
  span,
  format
}: TooltipContentProps & {
  lines: ChartLine[]
  span: number
  format: (v: number | null) => string
}): JSX.Element | null {
  const row = payload?.[0]?.payload as ChartRow | undefined
  if (!active || !row) return null
  return (
    <div className="chart-tooltip" role="status" data-testid="chart-tooltip">
      <p className="chart-tooltip-time">{formatPointTime(row.t, span)}</p>
      <ul>
        {lines.map((l) => (
          <li key={l.key} data-series={l.key}>
            <span className="chart-swatch" style={{ background: l.color }} aria-hidden="true" />
            <span className="chart-tooltip-label">{l.label}</span>
            <span className="chart-tooltip-value">
              {row.v[l.key] !== null && row.exact[l.key] === false ? '≈ ' : ''}
              {format(row.v[l.key] ?? null)}
            </span>
          </li>
        ))}
      </ul>
    </div>
  )
}
