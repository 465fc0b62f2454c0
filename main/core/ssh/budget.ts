// Runs in: main, CLI, headless server.
// sshd refuses session channels beyond MaxSessions (10 by default) with "open failed". A burst of
// execs therefore waits for a slot here instead of failing on the server.

export class ChannelBudget {
  private inUse = 0
  private readonly waiting: Array<() => void> = []

  constructor(readonly size: number) {}

  get used(): number {
    return this.inUse
  }

  get queued(): number {
    return this.waiting.length
  }

  async acquire(): Promise<() => void> {
    if (this.inUse < this.size) this.inUse++
    else await new Promise<void>((resolve) => this.waiting.push(resolve))
    let released = false
    return () => {
      if (released) return
      released = true
      const next = this.waiting.shift()
      // The slot passes straight to the next waiter, so the count never dips and races.
      if (next) next()
      else this.inUse--
    }
  }
}
