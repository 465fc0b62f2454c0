// Server shells on a real host, driven the way the window drives them: through the API client
// over a message pipe (structured clone, as a MessagePort does), acknowledging what it "drew".
import { createHash, type Hash } from 'node:crypto'
import fs from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createClient, type ApiClient } from '../../main/api/client'
import { createHandlers } from '../../main/api/router'
import { servePipe } from '../../main/api/serve-pipe'
import type { ClientMessage, ServerMessage } from '../../main/api/wire'
import { createCore, type Core } from '../../main/core/core'
import { PUMP_DEFAULTS } from '../../main/core/terminal/output-pump'
import { pipePair } from '../support/core'
import { HOSTILE } from '../support/hostile'
import { memoryKeychain } from '../support/memory-keychain'
import { hostsOrSkip, type TestHost, recordHarnessServer } from './support'

const hosts = hostsOrSkip()

/**
 * A viewer: collects output, acks it like xterm's write callback does, can wait for text, and
 * can hash everything after a marker line (for byte-exact checks of big outputs).
 */
class Viewer {
  id = ''
  text = ''
  exit: { code: number | null } | null = null
  readonly ready: Promise<void>
  readonly done: Promise<void>
  private readonly waiters = new Set<() => void>()
  private capture: { marker: string; hash: Hash; bytes: number; started: boolean } | null = null

  constructor(
    private readonly api: ApiClient,
    server: string,
    size: { cols: number; rows: number; container?: string } = { cols: 80, rows: 24 }
  ) {
    const events = api.stream('terminal.open', { server, ...size })
    let ready = (): void => undefined
    this.ready = new Promise<void>((r) => (ready = r))
    this.done = (async () => {
      for await (const e of events) {
        if (e.t === 'ready') {
          this.id = e.info.id
          ready()
        } else if (e.t === 'out') {
          this.take(e.data)
          // Drawn on the next turn, like a renderer that is busy for a moment.
          setImmediate(() => void api.call('terminal.ack', { id: this.id, bytes: e.bytes }))
        } else this.exit = { code: e.code }
        this.waiters.forEach((w) => w())
      }
    })()
  }

  private take(data: string): void {
    const c = this.capture
    if (!c) {
      this.text += data
      return
    }
    if (c.started) {
      c.hash.update(data, 'utf8')
      c.bytes += Buffer.byteLength(data)
      return
    }
    this.text += data
    const at = this.text.indexOf(c.marker)
    if (at < 0) return
    c.started = true
    const rest = this.text.slice(at + c.marker.length)
    this.text = this.text.slice(0, at)
    c.hash.update(rest, 'utf8')
    c.bytes += Buffer.byteLength(rest)
  }

  /** From now on, hash (instead of keep) everything after the first `marker`. */
  hashAfter(marker: string): { sha256: () => string; bytes: () => number } {
    const c = { marker, hash: createHash('sha256'), bytes: 0, started: false }
    this.capture = c
    return { sha256: () => c.hash.digest('hex'), bytes: () => c.bytes }
  }

  type(data: string) {
    return this.api.call('terminal.input', { id: this.id, data })
  }

  async waitFor(pattern: RegExp, timeout = 15_000): Promise<RegExpMatchArray> {
    const deadline = Date.now() + timeout
    for (;;) {
      const m = pattern.exec(this.text)
      if (m) return m
      if (Date.now() > deadline)
        throw new Error(`timed out waiting for ${pattern}; last output: ${this.text.slice(-300)}`)
      await new Promise<void>((r) => {
        this.waiters.add(r)
        setTimeout(r, 100)
      })
    }
  }
}

describe.skipIf(hosts.length === 0)('terminal sessions (real host)', () => {
  let core: Core
  let api: ApiClient
  let home = ''
  let h1: TestHost

  beforeAll(() => {
    h1 = hosts[0] as TestHost
    home = fs.mkdtempSync('/tmp/pier-term-')
    core = createCore({ home, keychain: memoryKeychain() })
    recordHarnessServer(core, h1, 'h1')
    const pipes = pipePair<ClientMessage, ServerMessage>()
    servePipe(createHandlers(core), pipes.b, 'test')
    api = createClient(pipes.a)
  })
  afterAll(() => {
    core?.close()
    fs.rmSync(home, { recursive: true, force: true })
  })

  it('runs a command in a pty and reports the exit status', async () => {
    const v = new Viewer(api, 'h1')
    await v.ready
    await v.type('echo "term=$TERM sum=$((40+2)) ü✓"\n')
    await v.waitFor(/term=xterm-256color sum=42 ü✓/)
    await v.type('exit 7\n')
    await v.done
    expect(v.exit).toEqual({ code: 7 })
  })

  it('a resize reaches the remote pty', async () => {
    const v = new Viewer(api, 'h1', { cols: 100, rows: 30 })
    await v.ready
    await v.type('stty size\n')
    await v.waitFor(/^30 100\r?$/m)
    await api.call('terminal.resize', { id: v.id, cols: 132, rows: 43 })
    await v.type('stty size\n')
    await v.waitFor(/^43 132\r?$/m)
    await v.type('exit\n')
    await v.done
  })

  it('a 50 MB cat arrives complete and byte-exact through the pipeline', async () => {
    // Text with multi-byte characters on every line, so packet and batch boundaries cut them.
    const make = [
      'awk \'BEGIN { for (i = 0; i < 240000; i++) printf "zeile %d ünïcödé ✓ 🚀 %0180d\\n", i, i }\' > ~/big.txt',
      'wc -c < ~/big.txt',
      'sha256sum < ~/big.txt'
    ].join(' && ')
    const r = await core.pool.link(core.servers.get('h1').id).exec(make, { timeoutMs: 120_000 })
    expect(r.code).toBe(0)
    const [size, sum] = r.stdout.trim().split('\n')
    expect(Number(size)).toBeGreaterThan(50_000_000)

    const v = new Viewer(api, 'h1')
    await v.ready
    const got = v.hashAfter('MARKER\n')
    // No echo and no \n → \r\n from here on, so the bytes after the marker are the file's own;
    // `exec` makes the session end when cat does.
    await v.type("stty -echo -onlcr; echo MARK''ER; exec cat ~/big.txt\n")
    await v.done
    expect(v.exit?.code).toBe(0)
    expect(got.bytes()).toBe(Number(size))
    expect(`${got.sha256()}  -`).toBe(sum)
    // An ended session is forgotten.
    expect(core.terminals.list()).toEqual([])
  }, 180_000)

  it('`yes` then Ctrl-C gives a prompt back quickly, and a flood never passes the watermark', async () => {
    const v = new Viewer(api, 'h1')
    await v.ready
    const session = core.terminals.get(v.id)
    await v.type('yes pier-flood\n')
    await v.waitFor(/(pier-flood\r\n){1000}/)
    expect(session.unacknowledged).toBeLessThanOrEqual(PUMP_DEFAULTS.highWater)
    const sent = Date.now()
    await v.type('\x03')
    await v.type('echo "back $((6*7))"\n')
    await v.waitFor(/back 42/, 10_000)
    const took = Date.now() - sent
    expect(took).toBeLessThan(10_000)
    expect(session.peakUnacknowledged).toBeGreaterThan(0)
    expect(session.peakUnacknowledged).toBeLessThanOrEqual(PUMP_DEFAULTS.highWater)
    await v.type('exit\n')
    await v.done
  })

  it('refuses unknown and hostile server names with a clear error, and stale session ids', async () => {
    for (const name of HOSTILE.filter((n) => n.length > 0 && n.length <= 200).slice(0, 10)) {
      const events = api.stream('terminal.open', { server: name, cols: 80, rows: 24 })
      await expect(events.next()).rejects.toMatchObject({ code: 'not_found' })
    }
    await expect(
      api.call('terminal.input', { id: 'f'.repeat(24), data: 'ls\n' })
    ).rejects.toMatchObject({ code: 'not_found', hint: expect.stringMatching(/new terminal/) })
    await expect(api.call('terminal.input', { id: '../x', data: 'ls' })).rejects.toMatchObject({
      code: 'invalid_input'
    })
  })

  it('closing the stream (a closed tab) ends the remote shell', async () => {
    const events = api.stream('terminal.open', { server: 'h1', cols: 80, rows: 24 })
    const first = await events.next()
    expect(first.value).toMatchObject({ t: 'ready' })
    const id = (first.value as { info: { id: string } }).info.id
    await api.call('terminal.input', { id, data: 'echo $$ > ~/term-pid; sleep 600\n' })
    await new Promise((r) => setTimeout(r, 500))
    await events.return?.(undefined)
    const link = core.pool.link(core.servers.get('h1').id)
    await expect
      .poll(
        async () =>
          (
            await link.exec('kill -0 $(cat ~/term-pid) 2>/dev/null && echo alive || echo gone')
          ).stdout.trim(),
        { timeout: 10_000 }
      )
      .toBe('gone')
    expect(() => core.terminals.get(id)).toThrow(/ended/)
  })

  it('a container shell runs in the container, follows resizes and reports its exit code', async () => {
    const link = core.pool.link(core.servers.get('h1').id)
    const run = await link.exec(
      'docker rm -f pier-term-ctr >/dev/null 2>&1; docker run -d --name pier-term-ctr --hostname pier-ctr busybox:local sleep 600'
    )
    expect(run.code).toBe(0)
    try {
      const v = new Viewer(api, 'h1', { cols: 90, rows: 20, container: 'pier-term-ctr' })
      await v.ready
      expect(core.terminals.get(v.id).info).toMatchObject({
        kind: 'container',
        target: 'pier-term-ctr'
      })
      await v.type('hostname; stty size\n')
      await v.waitFor(/^pier-ctr\r?$/m)
      await v.waitFor(/^20 90\r?$/m)
      await api.call('terminal.resize', { id: v.id, cols: 120, rows: 33 })
      await v.type('stty size\n')
      await v.waitFor(/^33 120\r?$/m)
      await v.type('exit 5\n')
      await v.done
      expect(v.exit).toEqual({ code: 5 })
      const bad = api.stream('terminal.open', {
        server: 'h1',
        cols: 80,
        rows: 24,
        container: 'x;rm -rf /'
      })
      await expect(bad.next()).rejects.toMatchObject({ code: 'invalid_input' })
    } finally {
      await link.exec('docker rm -f pier-term-ctr >/dev/null 2>&1')
    }
  })
})
