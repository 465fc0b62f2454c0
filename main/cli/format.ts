// Runs in: CLI.
// Human output. Scripts use --json; people get aligned tables and key: value lines.

function cell(v: unknown): string {
  if (v === null || v === undefined) return '-'
  if (typeof v === 'object') return JSON.stringify(v)
  // Strip control characters so a hostile value cannot move the cursor or clear the terminal.
  return String(v).replace(/[\u0000-\u001f\u007f-\u009f]/g, '�')
}

export function table(
  rows: ReadonlyArray<Record<string, unknown>>,
  columns: ReadonlyArray<[key: string, title: string]>
): string {
  const widths = columns.map(([key, title]) =>
    Math.max(title.length, ...rows.map((r) => cell(r[key]).length))
  )
  const line = (vals: string[]): string =>
    vals
      .map((v, i) => v.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd()
  return [
    line(columns.map(([, t]) => t)),
    ...rows.map((r) => line(columns.map(([k]) => cell(r[k]))))
  ].join('\n')
}

export function keyValues(obj: Record<string, unknown>): string {
  const keys = Object.keys(obj)
  const width = Math.max(0, ...keys.map((k) => k.length))
  return keys.map((k) => `${(k + ':').padEnd(width + 1)} ${cell(obj[k])}`).join('\n')
}

export function human(value: unknown): string {
  if (Array.isArray(value)) {
    if (value.length === 0) return '(none)'
    const first = value[0] as Record<string, unknown>
    if (typeof first === 'object' && first !== null) {
      const cols = Object.keys(first).map((k) => [k, k.toUpperCase()] as [string, string])
      return table(value as Array<Record<string, unknown>>, cols)
    }
    return value.map(cell).join('\n')
  }
  if (typeof value === 'object' && value !== null)
    return keyValues(value as Record<string, unknown>)
  return cell(value)
}

/** 1536 → "1.5 kB", as `docker` prints sizes (powers of 1000). */
export function bytes(n: number): string {
  if (!Number.isFinite(n) || n < 0) return '-'
  const units = ['B', 'kB', 'MB', 'GB', 'TB']
  let v = n
  let i = 0
  while (v >= 1000 && i < units.length - 1) {
    v /= 1000
    i++
  }
  return `${i === 0 ? v : v.toFixed(v < 10 ? 2 : 1)} ${units[i]}`
}
