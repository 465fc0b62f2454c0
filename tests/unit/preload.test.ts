// Loads the real preload with a stand-in for Electron's two preload APIs, to see exactly what
// it hands the page, and drives the bridge end to end against a real core.
import type { MessagePort as NodePort } from 'node:worker_threads'
import { beforeAll, describe, expect, it, vi } from 'vitest'
import { createHandlers } from '../../main/api/router'
import { servePipe } from '../../main/api/serve-pipe'
import type { ServerMessage } from '../../main/api/wire'
import type { PierBridge } from '../../preload/api'
import { testCore } from '../support/core'

const exposed = vi.hoisted(() => [] as Array<[string, unknown]>)
const sent = vi.hoisted(() => [] as Array<{ channel: string; ports: unknown[] }>)
const ipcRenderer = vi.hoisted(() => ({
  postMessage: (channel: string, _msg: unknown, ports: unknown[] = []) =>
    sent.push({ channel, ports }),
  send: () => undefined,
  invoke: () => undefined,
  on: () => undefined
}))

vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (key: string, api: unknown) => exposed.push([key, api]) },
  ipcRenderer
}))

describe('preload', () => {
  beforeAll(async () => {
    await import('../../preload/index')
  })

  it('exposes exactly one small object, and never ipcRenderer', () => {
    expect(exposed.map(([k]) => k)).toEqual(['pier'])
    const api = exposed[0]?.[1] as Record<string, unknown>
    expect(Object.keys(api).sort()).toEqual(['invoke', 'platform', 'subscribe'])
    expect(typeof api.invoke).toBe('function')
    expect(typeof api.subscribe).toBe('function')
    expect(typeof api.platform).toBe('string')
  })

  it('opens one port to main and serves the typed API over it', async () => {
    expect(sent.map((s) => s.channel)).toEqual(['pier:connect'])
    const port = sent[0]?.ports[0] as NodePort
    const core = testCore()
    core.servers.record({ name: 'db-1', host: 'h', username: 'u', authMethod: 'key' })
    servePipe(
      createHandlers(core),
      {
        send: (m: ServerMessage) => port.postMessage(m),
        onMessage: (fn) => port.on('message', fn),
        onClose: (fn) => port.on('close', fn)
      },
      'test'
    )
    const api = exposed[0]?.[1] as PierBridge
    const servers = await api.invoke('server.list', {})
    expect(servers.map((s) => s.name)).toEqual(['db-1'])
    const err = await api.invoke('server.list', { x: 1 } as never).catch((e: unknown) => e)
    expect(err).toMatchObject({ code: 'invalid_input', hint: expect.any(String) })
    const values: number[] = []
    await new Promise<void>((resolve) => {
      const cancel = api.subscribe(
        'server.watch',
        {},
        (list) => {
          values.push(list.length)
          cancel()
          resolve()
        },
        () => undefined
      )
    })
    expect(values).toEqual([1])
    port.close()
  })
})
