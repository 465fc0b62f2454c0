// Runs in: main, preload and renderer (no Node or DOM imports).
// A push-based async iterator: producers push values, then end it (with or without an error);
// the consumer iterates. `return()` (a `break` in for-await, or a cancel) also wakes a pending
// `next()`, so a consumer waiting for the next value is never left hanging.

export interface AsyncQueue<T> extends AsyncIterableIterator<T> {
  push(value: T): void
  end(error?: Error): void
}

export function asyncQueue<T>(onReturn?: () => void): AsyncQueue<T> {
  const values: T[] = []
  let ended = false
  let failure: Error | undefined
  let wake: (() => void) | undefined
  const signal = (): void => {
    const w = wake
    wake = undefined
    w?.()
  }
  const queue: AsyncQueue<T> = {
    push(value) {
      if (ended) return
      values.push(value)
      signal()
    },
    end(error) {
      if (ended) return
      ended = true
      failure = error
      signal()
    },
    async next() {
      for (;;) {
        if (values.length > 0) return { value: values.shift() as T, done: false }
        if (ended) {
          const error = failure
          failure = undefined
          if (error) throw error
          return { value: undefined, done: true }
        }
        await new Promise<void>((resolve) => (wake = resolve))
      }
    },
    async return() {
      if (!ended) {
        ended = true
        values.length = 0
        signal()
        onReturn?.()
      }
      return { value: undefined, done: true }
    },
    [Symbol.asyncIterator]() {
      return queue
    }
  }
  return queue
}
