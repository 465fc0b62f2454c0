// Registry mode's pure parts: the `cluster.set` contract and CLI, the images it runs, how the
// CLI words its result, and the probe that asks a node's 127.0.0.1 for the registry's API root
// (here against real local TCP servers standing in for a node's relay).
import net from 'node:net'
import type { Client } from 'ssh2'
import { afterEach, describe, expect, it } from 'vitest'
import { contract } from '../../main/api/contract'
import { flagsOf, methodFor, renderHuman } from '../../main/cli/commands'
import {
  DEFAULT_REGISTRY_IMAGE,
  DEFAULT_RELAY_IMAGE,
  probeRegistry,
  REGISTRY_PORT,
  registryImages,
  registryRepo
} from '../../main/core/clusters/registry'

describe('cluster.set', () => {
  it('is `pier cluster set NAME --images stream|registry`', () => {
    expect(methodFor(['cluster', 'set'])).toBe('cluster.set')
    const spec = flagsOf('cluster.set')
    expect(spec.args).toEqual(['name'])
    expect(spec.names).toContain('images')
  })

  it('takes only the two modes, and nothing else', () => {
    const input = contract['cluster.set'].input
    expect(input.parse({ name: 'prod', images: 'registry' })).toEqual({
      name: 'prod',
      images: 'registry'
    })
    expect(input.parse({ name: 'prod', images: 'stream' }).images).toBe('stream')
    for (const bad of ['Registry', 'registry;reboot', '$(id)', '', 'docker.io', 'stream\n'])
      expect(input.safeParse({ name: 'prod', images: bad }).success, bad).toBe(false)
    expect(input.safeParse({ name: 'prod' }).success).toBe(false)
    expect(input.safeParse({ name: 'prod', images: 'registry', port: 5000 }).success).toBe(false)
  })

  it('says what happened to the registry', () => {
    const on = renderHuman('cluster.set', {
      cluster: 'prod',
      images: 'registry',
      registry: 'running',
      usedBy: [],
      address: `127.0.0.1:${REGISTRY_PORT}`
    })
    expect(on).toMatch(`every node pulls it from 127.0.0.1:${REGISTRY_PORT}`)
    const kept = renderHuman('cluster.set', {
      cluster: 'prod',
      images: 'stream',
      registry: 'kept',
      usedBy: ['web_app', 'api_app'],
      address: null
    })
    expect(kept).toMatch(/keeps running for web_app, api_app/)
    const removed = renderHuman('cluster.set', {
      cluster: 'prod',
      images: 'stream',
      registry: 'removed',
      usedBy: [],
      address: null
    })
    expect(removed).toMatch(/registry was removed/)
  })

  it('shows the mode under the nodes', () => {
    const out = renderHuman('cluster.nodes', {
      cluster: 'prod',
      nodes: [],
      warnings: [],
      routingMesh: null,
      images: 'registry'
    })
    expect(out).toMatch(/images: pulled from Pier's registry/)
  })
})

describe('registry images', () => {
  it('defaults to the public registry and socat images, each overridable', () => {
    expect(registryImages({})).toEqual({
      registry: DEFAULT_REGISTRY_IMAGE,
      relay: DEFAULT_RELAY_IMAGE
    })
    expect(registryImages({ PIER_REGISTRY_IMAGE: 'registry:local' })).toEqual({
      registry: 'registry:local',
      relay: DEFAULT_RELAY_IMAGE
    })
    expect(
      registryImages({ PIER_REGISTRY_IMAGE: '', PIER_REGISTRY_RELAY_IMAGE: 'socat:1' }).relay
    ).toBe('socat:1')
  })

  it('names an app’s releases under the loopback address', () => {
    expect(registryRepo('web')).toBe(`127.0.0.1:${REGISTRY_PORT}/pier/web`)
  })
})

type ForwardCb = (err: Error | undefined, stream?: net.Socket) => void

describe('probeRegistry', () => {
  const servers: net.Server[] = []
  afterEach(() => {
    for (const s of servers.splice(0)) s.close()
  })

  /** A local TCP server that answers each connection with `reply` (or closes at once). */
  async function serve(reply: string | null): Promise<number> {
    const server = net.createServer((sock) => {
      sock.on('error', () => {})
      if (reply === null) {
        sock.destroy()
        return
      }
      sock.once('data', () => sock.end(reply))
    })
    servers.push(server)
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
    return (server.address() as net.AddressInfo).port
  }

  /** What ssh2 hands out for a direct-tcpip channel, here a plain socket to `port`. */
  const via = (port: number): Client =>
    ({
      forwardOut: (_a: string, _b: number, _h: string, _p: number, cb: ForwardCb) => {
        const sock = net.connect(port, '127.0.0.1', () => cb(undefined, sock))
        sock.on('error', (e) => cb(e))
      }
    }) as unknown as Client

  it('is ok when the API root answers 200', async () => {
    const port = await serve('HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}')
    expect(await probeRegistry(via(port))).toBe('ok')
  })

  it('reports another answer, a relay with nothing behind it, and a refused channel', async () => {
    const other = await serve('HTTP/1.1 401 Unauthorized\r\n\r\n')
    expect(await probeRegistry(via(other))).toBe('answered HTTP/1.1 401 Unauthorized')
    const empty = await serve(null)
    expect(await probeRegistry(via(empty))).toBe('connection closed')
    const refused = {
      forwardOut: (_a: string, _b: number, _h: string, _p: number, cb: ForwardCb) =>
        cb(Object.assign(new Error('Connection refused'), { reason: 2 }))
    } as unknown as Client
    expect(await probeRegistry(refused)).toBe('Connection refused')
    const prohibited = {
      forwardOut: (_a: string, _b: number, _h: string, _p: number, cb: ForwardCb) =>
        cb(Object.assign(new Error('Administratively prohibited'), { reason: 1 }))
    } as unknown as Client
    expect(await probeRegistry(prohibited)).toBe('prohibited')
  })

  it('gives up on a relay that never answers', async () => {
    const silent = net.createServer((sock) => sock.on('error', () => {}))
    servers.push(silent)
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r))
    const port = (silent.address() as net.AddressInfo).port
    expect(await probeRegistry(via(port), 300)).toBe('no answer')
  })
})
