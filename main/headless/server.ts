// Runs in: headless server (`pier serve`).
// The renderer and the API over HTTP + WebSocket on 127.0.0.1, for a browser or for end-to-end
// tests. Same router as Electron, so the UI under test is the UI users get.
import fs from 'node:fs'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { WebSocketServer, type WebSocket } from 'ws'
import { PierError } from '../core/errors'
import type { Handlers } from '../api/router'
import { servePipe } from '../api/serve-pipe'
import type { Pipe, ServerMessage } from '../api/wire'
import { CONTENT_SECURITY_POLICY } from '../api/csp'
import { checkRequest, cookieName, newToken } from './auth'
import { resolveStatic, sendFile } from './static'

export interface HeadlessOptions {
  handlers: Handlers
  rendererDir: string
  port?: number
  token?: string
}

export interface HeadlessServer {
  url: string
  origin: string
  port: number
  token: string
  close(): Promise<void>
}

const HOST = '127.0.0.1'
const MAX_MESSAGE = 1024 * 1024

const SECURITY_HEADERS = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'X-Frame-Options': 'DENY'
}

function wsPipe(ws: WebSocket): Pipe<unknown, ServerMessage> {
  return {
    send: (m) => ws.send(JSON.stringify(m)),
    onMessage: (fn) =>
      ws.on('message', (data, isBinary) => {
        if (isBinary) return
        try {
          fn(JSON.parse(data.toString()))
        } catch {
          ws.close(1003, 'malformed message')
        }
      }),
    onClose: (fn) => ws.on('close', fn)
  }
}

export async function startHeadless(opts: HeadlessOptions): Promise<HeadlessServer> {
  if (!fs.existsSync(`${opts.rendererDir}/index.html`)) {
    throw new PierError(
      'not_built',
      `The Pier UI is not built (${opts.rendererDir}/index.html is missing).`,
      'Run `npm run build` in the Pier checkout, then start `pier serve` again.'
    )
  }
  const token = opts.token ?? newToken()
  let hosts: string[] = []
  let origins: string[] = []
  let cookie = ''
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE })

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', `http://${HOST}`)
    const queryToken = url.searchParams.get('token')
    const verdict = checkRequest(req, {
      token,
      cookie,
      hosts,
      origins,
      queryToken,
      requireOrigin: false
    })
    if (!verdict.ok) {
      res.writeHead(verdict.status, {
        ...SECURITY_HEADERS,
        'Content-Type': 'text/plain; charset=utf-8'
      })
      res.end(
        verdict.status === 401
          ? 'Unauthorized: open the URL that `pier serve` printed (it carries the token).\n'
          : `Forbidden: ${verdict.reason}.\n`
      )
      return
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { ...SECURITY_HEADERS, Allow: 'GET, HEAD' }).end()
      return
    }
    if (queryToken) {
      // Trade the URL token for a cookie at once, so it does not linger in history or Referer.
      url.searchParams.delete('token')
      res.writeHead(303, {
        ...SECURITY_HEADERS,
        'Set-Cookie': `${cookie}=${token}; HttpOnly; SameSite=Strict; Path=/`,
        Location: url.pathname + (url.search || '')
      })
      res.end()
      return
    }
    const file = resolveStatic(opts.rendererDir, url.pathname)
    if (!file) {
      res.writeHead(404, { ...SECURITY_HEADERS, 'Content-Type': 'text/plain' }).end('Not found\n')
      return
    }
    sendFile(res, file, { ...SECURITY_HEADERS, 'Cache-Control': 'no-store' })
  })

  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', `http://${HOST}`)
    const verdict =
      url.pathname === '/api'
        ? checkRequest(req, {
            token,
            cookie,
            hosts,
            origins,
            queryToken: url.searchParams.get('token'),
            requireOrigin: false
          })
        : ({ ok: false, status: 403, reason: 'unknown endpoint' } as const)
    if (!verdict.ok) {
      socket.end(
        `HTTP/1.1 ${verdict.status} ${verdict.status === 401 ? 'Unauthorized' : 'Forbidden'}\r\nConnection: close\r\n\r\n`
      )
      return
    }
    wss.handleUpgrade(req, socket, head, (ws) => servePipe(opts.handlers, wsPipe(ws), 'headless'))
  })

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(opts.port ?? 0, HOST, () => resolve())
  })
  const port = (server.address() as AddressInfo).port
  hosts = [`${HOST}:${port}`, `localhost:${port}`]
  origins = [`http://${HOST}:${port}`, `http://localhost:${port}`]
  cookie = cookieName(port)
  const origin = `http://${HOST}:${port}`

  return {
    url: `${origin}/?token=${token}`,
    origin,
    port,
    token,
    close: () =>
      new Promise<void>((resolve) => {
        for (const c of wss.clients) c.terminate()
        wss.close()
        server.closeAllConnections()
        server.close(() => resolve())
      })
  }
}
