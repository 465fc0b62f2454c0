// Runs in: main, CLI, headless server.
// The engine's /events stream, one per server however many views listen, so lists change
// without polling. When the SSH link drops the stream ends; the hub subscribes again (the
// agent asks the link for its new client) from the time of the last event it saw, so events
// of the gap are replayed, and says so with a "pier/resubscribed" event for views to re-list.
import { EventEmitter } from 'node:events'
import type { Readable } from 'node:stream'
import { asyncQueue } from '../async-queue'
import type { Engine } from './engines'
import type { DockerEvent } from './model'

interface RawEvent {
  Type?: string
  Action?: string
  Actor?: { ID?: string; Attributes?: Record<string, string> }
  time?: number
  timeNano?: number
}

export function toEvent(server: string, raw: RawEvent): DockerEvent {
  return {
    server,
    type: raw.Type ?? 'unknown',
    action: raw.Action ?? '',
    id: raw.Actor?.ID ?? '',
    name: raw.Actor?.Attributes?.name ?? null,
    time: raw.time ?? Math.floor(Date.now() / 1000)
  }
}

/** Splits a stream of JSON objects, one per line, keeping partial lines between chunks. */
export function jsonLines(): (chunk: string) => unknown[] {
  let partial = ''
  return (chunk) => {
    const parts = (partial + chunk).split('\n')
    partial = parts.pop() ?? ''
    return parts.flatMap((p) => {
      if (p.trim() === '') return []
      try {
        return [JSON.parse(p) as unknown]
      } catch {
        return []
      }
    })
  }
}

interface Feed {
  emitter: EventEmitter
  listeners: number
  stop: AbortController
  /** The engine stream is open (a late subscriber is told so at once). */
  live: boolean
}

export class EngineEvents {
  private readonly feeds = new Map<string, Feed>()

  /**
   * Events of one server's engine until `signal` aborts or the iteration stops. The first one
   * is pier/subscribed, once the engine stream is open: a change after it is never missed.
   */
  subscribe(engine: Engine, signal: AbortSignal): AsyncIterable<DockerEvent> {
    const feed = this.feed(engine)
    let left = false
    const leave = (): void => {
      if (left) return
      left = true
      feed.emitter.off('event', onEvent)
      signal.removeEventListener('abort', leave)
      queue.end()
      if (--feed.listeners === 0) {
        feed.stop.abort()
        this.feeds.delete(engine.serverId)
      }
    }
    const queue = asyncQueue<DockerEvent>(leave)
    const onEvent = (e: DockerEvent): void => queue.push(e)
    feed.emitter.on('event', onEvent)
    feed.listeners++
    if (feed.live) queue.push(pierEvent(engine.server, 'subscribed'))
    if (signal.aborted) leave()
    else signal.addEventListener('abort', leave, { once: true })
    return queue
  }

  private feed(engine: Engine): Feed {
    let feed = this.feeds.get(engine.serverId)
    if (feed) return feed
    feed = { emitter: new EventEmitter(), listeners: 0, stop: new AbortController(), live: false }
    feed.emitter.setMaxListeners(0)
    this.feeds.set(engine.serverId, feed)
    void this.run(engine, feed)
    return feed
  }

  private async run(engine: Engine, feed: Feed): Promise<void> {
    const signal = feed.stop.signal
    // Resubscribing replays from `since` (whole seconds, inclusive): events of that second
    // that were already passed on are recognised and dropped.
    let since: number | null = null
    let seen = new Set<string>()
    let subscribed = false
    let failures = 0
    while (!signal.aborted) {
      let stream: Readable
      try {
        const from = since === null ? {} : { since: String(since) }
        stream = (await engine.call(
          (d) =>
            d.getEvents({ ...from, abortSignal: signal } as never) as unknown as Promise<unknown>
        )) as unknown as Readable
      } catch {
        if (signal.aborted) return
        failures++
        // The link waits out its own reconnect; this only spaces out an engine that refuses.
        await sleep(Math.min(10_000, 250 * 2 ** Math.min(failures, 6)), signal)
        continue
      }
      failures = 0
      feed.live = true
      since ??= Math.floor(Date.now() / 1000)
      feed.emitter.emit(
        'event',
        pierEvent(engine.server, subscribed ? 'resubscribed' : 'subscribed')
      )
      subscribed = true
      const split = jsonLines()
      try {
        for await (const chunk of stream as AsyncIterable<Buffer>) {
          for (const raw of split(chunk.toString('utf8')) as RawEvent[]) {
            const event = toEvent(engine.server, raw)
            const key = `${raw.timeNano ?? ''}|${event.type}|${event.action}|${event.id}`
            if (seen.has(key)) continue
            if (event.time > since) {
              since = event.time
              seen = new Set()
            }
            seen.add(key)
            feed.emitter.emit('event', event)
          }
        }
      } catch {
        // The channel went away with the link; subscribe again below.
      } finally {
        feed.live = false
        stream.destroy()
      }
      if (!signal.aborted) await sleep(200, signal)
    }
  }
}

/** Pier's own events on the same stream: type "pier", action subscribed | resubscribed. */
export function pierEvent(server: string, action: string): DockerEvent {
  return { server, type: 'pier', action, id: '', name: null, time: Math.floor(Date.now() / 1000) }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const t = setTimeout(resolve, ms)
    signal.addEventListener(
      'abort',
      () => {
        clearTimeout(t)
        resolve()
      },
      { once: true }
    )
  })
}
