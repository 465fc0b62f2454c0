// `pier serve` over real HTTP and WebSocket: the token gate, Host and Origin checks.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { pierServe, type Served } from './serve'
import fs from 'node:fs'
import http from 'node:http'
import os from 'node:os'
import path from 'node:path'

let served: Served
const home = fs.mkdtempSync(path.join(os.tmpdir(), 'pier-serve-'))

beforeAll(async () => {
  served = await pierServe(home)
})
afterAll(async () => {
  await served?.stop()
  fs.rmSync(home, { recursive: true, force: true })
})

interface Reply {
  status: number
  headers: http.IncomingHttpHeaders
  body: string
}

// node:http rather than fetch: fetch forbids setting Host, which one test must forge.
function get(url: string, headers: Record<string, string> = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { headers }, (res) => {
      let body = ''
      res.on('data', (d: Buffer) => (body += d.toString()))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }))
    })
    req.on('error', reject)
    req.end()
  })
}

function wsStatus(url: string, headers: Record<string, string>): Promise<number | 'open'> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url, { headers })
    ws.on('open', () => {
      ws.close()
      resolve('open')
    })
    ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0))
    ws.on('error', () => undefined)
  })
}

describe('pier serve', () => {
  it('listens on 127.0.0.1 with a random port and a long random token', () => {
    expect(served.origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    expect(served.port).toBeGreaterThan(0)
    expect(served.token.length).toBeGreaterThanOrEqual(32)
    expect(served.url).toBe(`${served.origin}/?token=${served.token}`)
  })

  it('answers 401 to every request without the token', async () => {
    for (const p of ['/', '/index.html', '/assets/x.js', '/api']) {
      expect((await get(served.origin + p)).status, p).toBe(401)
    }
    expect((await get(`${served.origin}/?token=wrong`)).status).toBe(401)
    expect(
      (await get(served.origin + '/', { cookie: `pier_token_${served.port}=wrong` })).status
    ).toBe(401)
  })

  it('trades the URL token for an HttpOnly SameSite cookie, then serves the app', async () => {
    const first = await get(served.url)
    expect(first.status).toBe(303)
    expect(first.headers.location).toBe('/')
    const cookie = first.headers['set-cookie']?.[0] ?? ''
    expect(cookie).toMatch(new RegExp(`^pier_token_${served.port}=`))
    expect(cookie).toMatch(/HttpOnly/)
    expect(cookie).toMatch(/SameSite=Strict/)
    const page = await get(served.origin + '/', { cookie: cookie.split(';')[0] ?? '' })
    expect(page.status).toBe(200)
    expect(page.headers['content-security-policy']).toMatch(/script-src 'self'/)
    expect(page.body).toMatch(/<div id="root">/)
  })

  it('refuses a foreign Origin or Host even with the token', async () => {
    const auth = { authorization: `Bearer ${served.token}` }
    expect((await get(served.origin + '/', auth)).status).toBe(200)
    expect(
      (await get(served.origin + '/', { ...auth, origin: 'https://evil.example' })).status
    ).toBe(403)
    expect((await get(served.origin + '/', { ...auth, host: 'evil.example' })).status).toBe(403)
  })

  it('does not serve files outside the renderer folder', async () => {
    const auth = { authorization: `Bearer ${served.token}` }
    for (const p of ['/../package.json', '/%2e%2e/package.json', '/..%2f..%2fetc%2fpasswd']) {
      const res = await get(served.origin + p, auth)
      expect(res.status, p).toBe(404)
    }
  })

  it('opens the API WebSocket only with the token and our Origin', async () => {
    const ws = served.origin.replace('http', 'ws') + '/api'
    expect(await wsStatus(ws, { origin: served.origin })).toBe(401)
    expect(
      await wsStatus(ws, {
        origin: 'https://evil.example',
        cookie: `pier_token_${served.port}=${served.token}`
      })
    ).toBe(403)
    expect(
      await wsStatus(ws, {
        origin: served.origin,
        cookie: `pier_token_${served.port}=${served.token}`
      })
    ).toBe('open')
  })
})
