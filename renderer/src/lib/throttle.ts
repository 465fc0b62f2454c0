// Runs in: renderer.
// Calls `fn` at most once per `ms`, and always once more after the last call, so the final state
// (the size a window drag ended at) is never lost.
export interface Throttled {
  (): void
  cancel(): void
}

export function throttle(
  fn: () => void,
  ms: number,
  now: () => number = () => Date.now(),
  setTimer: (fn: () => void, ms: number) => unknown = (f, t) => setTimeout(f, t),
  clearTimer: (h: unknown) => void = (h) => clearTimeout(h as ReturnType<typeof setTimeout>)
): Throttled {
  let last = -Infinity
  let timer: unknown = null
  const run = (): void => {
    timer = null
    last = now()
    fn()
  }
  const throttled = (): void => {
    const wait = last + ms - now()
    if (wait <= 0 && timer === null) return run()
    if (timer === null) timer = setTimer(run, Math.max(0, wait))
  }
  throttled.cancel = (): void => {
    if (timer !== null) clearTimer(timer)
    timer = null
  }
  return throttled
}
