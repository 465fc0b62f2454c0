// What the API's transports cost on top of the work itself: one `server.list` (20 servers)
// called in-process (the baseline), over the in-memory pipe protocol, and over `pier serve`'s
// WebSocket on loopback.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import WebSocket from 'ws'
import { afterAll, beforeAll, bench, describe } from 'vitest'
import { createCore, type Core } from '../../main/core/core'
import { createHandlers } from '../../main/api/router'
import { dispatchCall } from '../../main/api/dispatch'
import { createClient, type ApiClient } from '../../main/api/client'
import { servePipe } from '../../main/api/serve-pipe'
import { startHeadless, type HeadlessServer } from '../../main/headless/server'
import type { ClientMessage, ServerMessage } from '../../main/api/wire'
import { pipePair } from '../support/core'

const home = fs.mkdtempSync(path.join(os.tmpdir(), 'pier-bench-'))
const renderer = fs.mkdtempSync(path.join(os.tmpdir(), 'pier-bench-ui-'))
fs.writeFileSync(path.join(renderer, 'index.html'), '<div id="root"></div>')
let core: Core
let pipeClient: ApiClient
let wsClient: ApiClient
let server: HeadlessServer
let ws: WebSocket
const ctx = { transport: 'test' as const, signal: new AbortController().signal }

beforeAll(async () => {
  core = createCore({ home })
  for (let i = 0; i < 20; i++) {
    core.servers.record({
      name: `srv-${i}`,
      host: `192.0.2.${i}`,
      username: 'deploy',
      authMethod: 'agent'
    })
  }
  const handlers = createHandlers(core)
  const pair = pipePair<ClientMessage, ServerMessage>()
  servePipe(handlers, pair.b as never, 'test')
  pipeClient = createClient(pair.a)
  server = await startHeadless({ handlers, rendererDir: renderer })
  ws = new WebSocket(`ws://127.0.0.1:${server.port}/api`, {
    headers: { origin: server.origin, cookie: `pier_token_${server.port}=${server.token}` }
  })
  await new Promise((r) => ws.once('open', r))
  wsClient = createClient({
    send: (m) => ws.send(JSON.stringify(m)),
    onMessage: (fn) => ws.on('message', (d) => fn(JSON.parse(d.toString()) as ServerMessage)),
    onClose: (fn) => ws.on('close', fn)
  })
})

afterAll(async () => {
  ws.close()
  await server.close()
  core.close()
  fs.rmSync(home, { recursive: true, force: true })
  fs.rmSync(renderer, { recursive: true, force: true })
})

describe('server.list (20 rows)', () => {
  bench('in-process dispatch (baseline)', async () => {
    await dispatchCall(createHandlers(core), 'server.list', {}, ctx)
  })
  bench('message pipe (Electron IPC protocol, in memory)', async () => {
    await pipeClient.call('server.list', {})
  })
  bench('WebSocket on loopback (pier serve)', async () => {
    await wsClient.call('server.list', {})
  })
})
