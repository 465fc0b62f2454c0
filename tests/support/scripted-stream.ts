// Test helper: a stream a test drives by hand (values, a failure, the end), the shape every
// `api.stream` returns, and whether the consumer let go of it (`return()`).
export interface ScriptedStream<T> {
  iterator: AsyncIterableIterator<T>
  push(value: T): void
  fail(error: unknown): void
  end(): void
  /** The consumer called return(): a `break`, a cancel, an unmount. */
  returned: boolean
}

export function scriptedStream<T>(): ScriptedStream<T> {
  const queue: Array<IteratorResult<T> | { error: unknown }> = []
  let wake: (() => void) | undefined
  const put = (item: (typeof queue)[number]): void => {
    queue.push(item)
    wake?.()
  }
  const handle: ScriptedStream<T> = {
    returned: false,
    push: (value) => put({ value, done: false }),
    fail: (error) => put({ error }),
    end: () => put({ value: undefined, done: true }),
    iterator: {
      [Symbol.asyncIterator]: () => handle.iterator,
      async next() {
        while (queue.length === 0) await new Promise<void>((r) => (wake = r))
        const item = queue.shift()!
        if ('error' in item) throw item.error
        return item
      },
      async return() {
        handle.returned = true
        return { value: undefined, done: true }
      }
    }
  }
  return handle
}
