// Runs in: main, and in the renderer (pure, no Node or DOM imports).
// The one rule for links a terminal (or anything showing server output) may open: absolute
// http(s) URLs only. Server output is untrusted, and file:, javascript:, custom app schemes or
// smb: handed to the OS can run code or leak credentials.
export const MAX_URL_LENGTH = 8192

export function isWebUrl(value: string): boolean {
  if (value.length === 0 || value.length > MAX_URL_LENGTH) return false
  // Control characters and whitespace have no business in a link and confuse some OS openers.
  if (/[\s\x00-\x1f\x7f]/.test(value)) return false
  let url: URL
  try {
    url = new URL(value)
  } catch {
    return false
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return false
  // Written out in full: URL() also reads `http:example.com` and `https:/x` as web links, which
  // other parsers (the OS opener's) may not.
  if (!/^https?:\/\//i.test(value)) return false
  return url.hostname.length > 0
}
