// Runs in: renderer.
// Terminal flow control, the viewer's half: main counts every output byte as unacknowledged
// until the viewer says xterm has processed it, and pauses the SSH channel above 100 KB. One
// `terminal.ack` per xterm write would cost a message per batch in the other direction too, so
// processed bytes are summed and sent once a frame, or at once when a lot has piled up (main
// resumes a paused channel only when the count falls low, so a big ack must not wait).
export interface AckBatcherOptions {
  /** Send at once when this many bytes are waiting. */
  maxBytes?: number
  /** Otherwise send this long after the first waiting byte. */
  delayMs?: number
  setTimer?: (fn: () => void, ms: number) => unknown
  clearTimer?: (handle: unknown) => void
}

export interface AckBatcher {
  /** xterm has processed `bytes` more bytes. */
  add(bytes: number): void
  /** Send whatever is waiting now. */
  flush(): void
  /** The session is gone: drop what is waiting and ignore later adds. */
  dispose(): void
}

export function createAckBatcher(
  send: (bytes: number) => void,
  options: AckBatcherOptions = {}
): AckBatcher {
  const maxBytes = options.maxBytes ?? 32 * 1024
  const delayMs = options.delayMs ?? 16
  const setTimer = options.setTimer ?? ((fn, ms) => setTimeout(fn, ms))
  const clearTimer = options.clearTimer ?? ((h) => clearTimeout(h as ReturnType<typeof setTimeout>))
  let pending = 0
  let timer: unknown = null
  let disposed = false

  const flush = (): void => {
    if (timer !== null) clearTimer(timer)
    timer = null
    if (disposed || pending <= 0) return
    const bytes = pending
    pending = 0
    send(bytes)
  }

  return {
    add(bytes) {
      if (disposed || !Number.isFinite(bytes) || bytes <= 0) return
      pending += Math.floor(bytes)
      if (pending >= maxBytes) flush()
      else if (timer === null) timer = setTimer(flush, delayMs)
    },
    flush,
    dispose() {
      disposed = true
      if (timer !== null) clearTimer(timer)
      timer = null
      pending = 0
    }
  }
}
