// The terminal's output pipeline and keystroke latency on a real test host, against OpenSSH in
// the same run: 100 MB through ssh2 → OutputPump → the API's message pipe (structured clone, as
// a MessagePort does) → xterm's headless parser with acknowledgements, versus `ssh host cat` into
// /dev/null; and one keystroke's echo round trip, versus an interactive `ssh -tt`.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import xtermHeadless from '@xterm/headless'
import { afterAll, beforeAll, bench, describe, inject } from 'vitest'
import { createClient, type ApiClient } from '../../main/api/client'
import { createHandlers } from '../../main/api/router'
import { servePipe } from '../../main/api/serve-pipe'
import type { ClientMessage, ServerMessage } from '../../main/api/wire'
import { createCore, type Core } from '../../main/core/core'
import { pipePair } from '../support/core'
import { memoryKeychain } from '../support/memory-keychain'
import { openSshFor } from './openssh'
import { hostsOrSkip, type TestHost, recordHarnessServer } from '../integration/support'

const { Terminal } = xtermHeadless
const noHosts = hostsOrSkip().length === 0
if (noHosts && process.env.CI === 'true') {
  throw new Error(`bench needs a test host on CI: ${inject('hostsSkipReason') || 'no hosts'}`)
}

const SIZE = 100 * 1024 * 1024

interface Setup {
  host: TestHost
  dir: string
  sshConfig: string
  core: Core
  api: ApiClient
  /** An interactive shell in Pier, for the echo benchmark. */
  pierShell: { id: string; waitFor(text: string): Promise<void> }
  /** An interactive `ssh -tt`, for the echo baseline. */
  openssh: { child: ChildProcessWithoutNullStreams; waitFor(text: string): Promise<void> }
}

let setup: Setup | undefined
function s(): Setup {
  if (!setup) throw new Error('no test host set up')
  return setup
}

/** Resolves when `text` has arrived on a stream of output, counting only output after the call. */
function waiter() {
  let buffer = ''
  let want: { text: string; resolve: () => void } | null = null
  return {
    feed(data: string) {
      buffer += data
      if (want && buffer.includes(want.text)) {
        const w = want
        want = null
        buffer = ''
        w.resolve()
      }
      if (buffer.length > 4096) buffer = buffer.slice(-1024)
    },
    waitFor(text: string): Promise<void> {
      return new Promise((resolve) => {
        buffer = ''
        want = { text, resolve }
      })
    }
  }
}

beforeAll(async () => {
  const host = hostsOrSkip()[0]
  if (!host) return
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pier-bench-term-'))
  const { sshConfig } = openSshFor(host, dir)
  const core = createCore({ home: path.join(dir, 'pier'), keychain: memoryKeychain() })
  const server = recordHarnessServer(core, host, 'bench')
  const made = await core.pool
    .link(server.id)
    .exec(
      `awk 'BEGIN { for (i = 0; i < ${SIZE / 128}; i++) printf "%05d ünïcödé ✓ %0108d\\n", i % 100000, i }' | head -c ${SIZE} > ~/bench100.txt`,
      { timeoutMs: 300_000 }
    )
  if (made.code !== 0) throw new Error(`could not make the test file: ${made.stderr}`)
  const pipes = pipePair<ClientMessage, ServerMessage>()
  servePipe(createHandlers(core), pipes.b, 'test')
  const api = createClient(pipes.a)

  const pierWait = waiter()
  const events = api.stream('terminal.open', { server: 'bench', cols: 120, rows: 40 })
  const first = await events.next()
  const id = (first.value as { info: { id: string } }).info.id
  void (async () => {
    for await (const e of events) {
      if (e.t !== 'out') continue
      pierWait.feed(e.data)
      void api.call('terminal.ack', { id, bytes: e.bytes })
    }
  })()
  const pierReady = pierWait.waitFor('PIER-READY')
  await api.call('terminal.input', { id, data: 'echo PIER-"READY"\n' })
  await pierReady

  const child = spawn('/usr/bin/ssh', ['-tt', '-F', sshConfig, host.sshHost], {
    stdio: ['pipe', 'pipe', 'pipe']
  })
  const sshWait = waiter()
  child.stdout.on('data', (d: Buffer) => sshWait.feed(d.toString('utf8')))
  const sshReady = sshWait.waitFor('SSH-READY')
  child.stdin.write('echo SSH-"READY"\n')
  await sshReady

  setup = {
    host,
    dir,
    sshConfig,
    core,
    api,
    pierShell: {
      id,
      waitFor: (text) => pierWait.waitFor(text)
    },
    openssh: { child, waitFor: (text) => sshWait.waitFor(text) }
  }
}, 600_000)

afterAll(() => {
  setup?.openssh.child.kill()
  setup?.core.close()
  if (setup) fs.rmSync(setup.dir, { recursive: true, force: true })
})

const heavy = { time: 0, iterations: 3, warmupIterations: 1 }

describe.skipIf(noHosts)('100 MB of terminal output', () => {
  bench(
    'OpenSSH: ssh host cat into /dev/null (baseline)',
    async () => {
      const { host, sshConfig } = s()
      await new Promise<void>((resolve, reject) => {
        const c = spawn('/usr/bin/ssh', ['-F', sshConfig, host.sshHost, 'cat ~/bench100.txt'], {
          stdio: ['ignore', 'ignore', 'inherit']
        })
        c.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`ssh ${code}`))))
      })
    },
    heavy
  )
  bench(
    "Pier: pty → OutputPump → message pipe → xterm's headless parser, with acks",
    async () => {
      const { api } = s()
      const term = new Terminal({ cols: 120, rows: 40, scrollback: 1000, allowProposedApi: true })
      const events = api.stream('terminal.open', { server: 'bench', cols: 120, rows: 40 })
      let id = ''
      let bytes = 0
      for await (const e of events) {
        if (e.t === 'ready') {
          id = e.info.id
          await api.call('terminal.input', {
            id,
            data: 'stty -echo -onlcr; exec cat ~/bench100.txt\n'
          })
        } else if (e.t === 'out') {
          bytes += e.bytes
          term.write(e.data, () => void api.call('terminal.ack', { id, bytes: e.bytes }))
        }
      }
      term.dispose()
      if (bytes < SIZE) throw new Error(`only ${bytes} bytes arrived`)
    },
    heavy
  )
  bench(
    'Pier without the parser: pty → OutputPump → message pipe, acked on receipt',
    async () => {
      const { api } = s()
      const events = api.stream('terminal.open', { server: 'bench', cols: 120, rows: 40 })
      let id = ''
      let bytes = 0
      for await (const e of events) {
        if (e.t === 'ready') {
          id = e.info.id
          await api.call('terminal.input', {
            id,
            data: 'stty -echo -onlcr; exec cat ~/bench100.txt\n'
          })
        } else if (e.t === 'out') {
          bytes += e.bytes
          void api.call('terminal.ack', { id, bytes: e.bytes })
        }
      }
      if (bytes < SIZE) throw new Error(`only ${bytes} bytes arrived`)
    },
    heavy
  )
})

describe.skipIf(noHosts)('one keystroke, echoed back', () => {
  let n = 0
  bench(
    'OpenSSH: interactive ssh -tt (baseline)',
    async () => {
      const { openssh } = s()
      const ch = String.fromCharCode(97 + (n++ % 26))
      const echoed = openssh.waitFor(ch)
      openssh.child.stdin.write(ch)
      await echoed
      if (n % 50 === 0) openssh.child.stdin.write('\x15') // Ctrl-U: keep the line short
    },
    { time: 2000, warmupIterations: 20 }
  )
  bench(
    'Pier: terminal.input → pty echo → terminal output',
    async () => {
      const { api, pierShell } = s()
      const ch = String.fromCharCode(97 + (n++ % 26))
      const echoed = pierShell.waitFor(ch)
      await api.call('terminal.input', { id: pierShell.id, data: ch })
      await echoed
      if (n % 50 === 0) await api.call('terminal.input', { id: pierShell.id, data: '\x15' })
    },
    { time: 2000, warmupIterations: 20 }
  )
})
