// Runs in: renderer.
// The charts' window: four presets as one pressed-button group, and a custom from–to.
import { useState, type JSX } from 'react'
import {
  parseCustomRange,
  PRESET_LABELS,
  PRESETS,
  toLocalInput,
  type MetricsRange
} from '../../lib/metrics-range'

export function RangePicker({
  range,
  onChange
}: {
  range: MetricsRange
  onChange: (range: MetricsRange) => void
}): JSX.Element {
  const [custom, setCustom] = useState(range.kind === 'custom')
  // The inputs start at the range shown, or at the last day.
  const [initial] = useState(() => {
    if (range.kind === 'custom') return { from: range.from, to: range.to }
    const now = Math.floor(Date.now() / 1000)
    return { from: now - 86_400, to: now }
  })
  const [fromText, setFrom] = useState(() => toLocalInput(initial.from))
  const [toText, setTo] = useState(() => toLocalInput(initial.to))
  const [error, setError] = useState<string | null>(null)

  const apply = (): void => {
    const r = parseCustomRange(fromText, toText, Math.floor(Date.now() / 1000))
    setError(r.error)
    if (r.range) onChange(r.range)
  }

  return (
    <div className="range-picker">
      <div className="segmented segmented-text" role="group" aria-label="Range">
        {PRESETS.map((p) => (
          <button
            key={p}
            type="button"
            className="segmented-item"
            aria-pressed={!custom && range.kind === 'preset' && range.preset === p}
            title={`The last ${PRESET_LABELS[p]}`}
            data-range={p}
            onClick={() => {
              setCustom(false)
              setError(null)
              onChange({ kind: 'preset', preset: p })
            }}
          >
            {p}
          </button>
        ))}
        <button
          type="button"
          className="segmented-item"
          aria-pressed={custom}
          data-range="custom"
          onClick={() => setCustom(true)}
        >
          Custom
        </button>
      </div>
      {custom && (
        <form
          className="range-custom"
          onSubmit={(e) => {
            e.preventDefault()
            apply()
          }}
        >
          <label className="field-inline">
            <span>From</span>
            <input
              className="input"
              type="datetime-local"
              value={fromText}
              onChange={(e) => setFrom(e.target.value)}
            />
          </label>
          <label className="field-inline">
            <span>to</span>
            <input
              className="input"
              type="datetime-local"
              value={toText}
              onChange={(e) => setTo(e.target.value)}
            />
          </label>
          <button type="submit" className="button button-secondary">
            Show
          </button>
          {error && (
            <span className="field-error" role="alert">
              {error}
            </span>
          )}
        </form>
      )}
    </div>
  )
}
