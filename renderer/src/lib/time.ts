// Runs in: renderer.
// "3 min ago": how fresh a fact is matters more than its timestamp when scanning a list; the
// exact time goes in a tooltip.

const MINUTE = 60_000
const HOUR = 60 * MINUTE
const DAY = 24 * HOUR

/** `iso` relative to `now` (epoch ms); null or unparsable input reads "Never". */
export function relativeTime(iso: string | null, now: number): string {
  if (!iso) return 'Never'
  const at = Date.parse(iso)
  if (Number.isNaN(at)) return 'Never'
  const ago = now - at
  // A clock a little ahead of ours is still "just now", not "in 2 s".
  if (ago < 45_000) return 'Just now'
  if (ago < HOUR) return `${Math.max(1, Math.round(ago / MINUTE))} min ago`
  if (ago < DAY) return `${Math.round(ago / HOUR)} h ago`
  const days = Math.round(ago / DAY)
  if (days === 1) return 'Yesterday'
  if (days < 30) return `${days} days ago`
  return new Date(at).toISOString().slice(0, 10)
}

/** The full local date and time, for a title attribute. */
export function exactTime(iso: string | null): string {
  if (!iso) return ''
  const at = Date.parse(iso)
  return Number.isNaN(at) ? '' : new Date(at).toLocaleString()
}
