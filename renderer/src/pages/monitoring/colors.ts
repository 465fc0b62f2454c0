// Runs in: renderer.
// Series colours: tokens from theme.css, so each theme picks its own shade.
export const CHART_COLORS = [
  'var(--chart-1)',
  'var(--chart-2)',
  'var(--chart-3)',
  'var(--chart-4)',
  'var(--chart-5)',
  'var(--chart-6)'
]

export function chartColor(i: number): string {
  return CHART_COLORS[i % CHART_COLORS.length] as string
}
