// Runs in: main (Electron) and the headless server; no Electron imports.
// One Content-Security-Policy for every way the renderer is served. No inline or remote script,
// no eval; styles may be inline because React sets style attributes.
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'"
].join('; ')
