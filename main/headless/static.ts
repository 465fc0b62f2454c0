// Runs in: headless server and main (Electron's pier:// protocol); no Electron imports.
// Serves the built renderer. Paths are resolved inside the renderer folder only, and both
// transports resolve them here so they answer the same paths the same way.
import fs from 'node:fs'
import path from 'node:path'
import type { ServerResponse } from 'node:http'

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.map': 'application/json'
}

export function resolveStatic(root: string, urlPath: string): string | null {
  let rel: string
  try {
    rel = decodeURIComponent(urlPath)
  } catch {
    return null
  }
  if (rel.includes('\0')) return null
  const base = path.resolve(root)
  const file = path.resolve(base, '.' + (rel === '/' ? '/index.html' : rel))
  if (file !== base && !file.startsWith(base + path.sep)) return null
  if (fs.existsSync(file) && fs.statSync(file).isFile()) return file
  // Client-side routes fall back to the app shell; missing assets stay 404.
  return path.extname(rel) === '' ? path.join(base, 'index.html') : null
}

export function sendFile(res: ServerResponse, file: string, headers: Record<string, string>): void {
  const type = TYPES[path.extname(file)] ?? 'application/octet-stream'
  const stream = fs.createReadStream(file)
  // The file can vanish between resolve and read (a rebuild while serving): answer, don't crash.
  stream.once('error', () => {
    if (!res.headersSent) res.writeHead(404, headers).end('Not found\n')
    else res.destroy()
  })
  stream.once('open', () => {
    res.writeHead(200, { ...headers, 'Content-Type': type })
    stream.pipe(res)
  })
}
