// Runs in: main, CLI, headless server.
// One in-process event bus. Stores publish "this topic changed"; streams re-read a snapshot,
// so a subscriber can never miss a change that happened between two events.
import { EventEmitter } from 'node:events'

export type Topic = 'servers' | 'links' | 'jobs' | 'metrics' | 'alerts' | 'apps' | 'clusters'

export class EventBus {
  private readonly emitter = new EventEmitter()

  constructor() {
    // Each open window or CLI stream subscribes once per topic; many windows are legitimate.
    this.emitter.setMaxListeners(0)
  }

  changed(topic: Topic): void {
    this.emitter.emit(topic)
  }

  /** Yields a snapshot now, then a fresh snapshot after every change, until the signal aborts. */
  async *watch<T>(topic: Topic, snapshot: () => T, signal: AbortSignal): AsyncGenerator<T> {
    let dirty = true
    let wake: (() => void) | undefined
    const onChange = (): void => {
      dirty = true
      wake?.()
    }
    const onAbort = (): void => wake?.()
    this.emitter.on(topic, onChange)
    signal.addEventListener('abort', onAbort)
    try {
      while (!signal.aborted) {
        if (dirty) {
          dirty = false
          yield snapshot()
          continue
        }
        await new Promise<void>((r) => (wake = r))
        wake = undefined
      }
    } finally {
      this.emitter.off(topic, onChange)
      signal.removeEventListener('abort', onAbort)
    }
  }
}
