// Runs in: main (Electron).
// The packaged renderer is served from a custom standard scheme instead of file://, so it has a
// real origin (pier://app) that IPC sender checks and the CSP can name.
import { pathToFileURL } from 'node:url'
import { net, protocol } from 'electron'
import { CONTENT_SECURITY_POLICY } from '../api/csp'
import { resolveStatic } from '../headless/static'

export const APP_SCHEME = 'pier'
export const APP_ORIGIN = `${APP_SCHEME}://app`

export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }
  ])
}

export function serveRenderer(rendererDir: string): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const url = new URL(request.url)
    const file = url.host === 'app' ? resolveStatic(rendererDir, url.pathname) : null
    if (!file) return new Response('not found', { status: 404 })
    const res = await net.fetch(pathToFileURL(file).toString())
    const headers = new Headers(res.headers)
    headers.set('Content-Security-Policy', CONTENT_SECURITY_POLICY)
    return new Response(res.body, { status: res.status, headers })
  })
}
