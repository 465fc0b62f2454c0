// Runs in: main (Electron), kept free of Electron imports so it can be unit-tested.
// VS Code's rule for IPC: accept a message only from a main frame (no iframes) whose origin is
// exactly one of ours. URL parsing, never prefix matching: "pier://app.evil" is not "pier://app".

export interface FrameLike {
  url: string
  parent: unknown
}

export function originOf(url: string): string | null {
  try {
    const u = new URL(url)
    // For custom standard schemes Chromium reports origin "null"; rebuild it from the parts.
    return u.origin !== 'null' ? u.origin : `${u.protocol}//${u.host}`
  } catch {
    return null
  }
}

export function isTrustedSender(
  frame: FrameLike | null | undefined,
  allowedOrigins: readonly string[]
): boolean {
  if (!frame || frame.parent !== null) return false
  const origin = originOf(frame.url)
  return origin !== null && allowedOrigins.includes(origin)
}
