// Runs in a vitest worker (integration project): dockerode talking to each host's own engine
// through one SSH connection per host (direct-streamlocal channels to /var/run/docker.sock).
import { randomUUID } from 'node:crypto'
import type Docker from 'dockerode'
import type { Client } from 'ssh2'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { startSshd, stopSshd } from '../hosts/harness'
import { connectSsh, dockerOverSsh, hostNamed, hostsOrSkip, runContainer } from './support'

const hosts = hostsOrSkip()

describe.skipIf(hosts.length === 0)('Docker engines over SSH', () => {
  const conns = new Map<string, Client>()
  const dockers = new Map<string, Docker>()
  const docker = (name: string): Docker => {
    const d = dockers.get(name)
    if (!d) throw new Error(`no docker client for ${name}`)
    return d
  }

  beforeAll(async () => {
    for (const host of hosts) {
      const conn = await connectSsh(host)
      conns.set(host.name, conn)
      dockers.set(host.name, dockerOverSsh(conn))
    }
  })
  afterAll(() => {
    for (const conn of conns.values()) conn.end()
  })

  it('reaches an engine that calls itself by the host name', async () => {
    for (const host of hosts) {
      const version = await docker(host.name).version()
      expect(version.ApiVersion).toMatch(/^1\.\d+$/)
      const info = (await docker(host.name).info()) as { Name: string }
      expect(info.Name).toBe(host.name)
    }
  })

  it('runs a container and reads its output and exit code', async () => {
    const marker = `marker-${randomUUID()}`
    const ok = await runContainer(docker('h1'), 'busybox:local', ['echo', marker])
    expect(ok).toEqual({ code: 0, stdout: `${marker}\n`, stderr: '' })
    const failing = await runContainer(docker('h1'), 'busybox:local', [
      'sh',
      '-c',
      'echo out; echo err >&2; exit 4'
    ])
    expect(failing).toEqual({ code: 4, stdout: 'out\n', stderr: 'err\n' })
  })

  it('keeps the engines of different hosts apart', async () => {
    const name = `pier-sep-${randomUUID().slice(0, 8)}`
    const container = await docker('h1').createContainer({
      name,
      Image: 'busybox:local',
      Cmd: ['true']
    })
    try {
      const names = async (host: string): Promise<string[]> =>
        (await docker(host).listContainers({ all: true })).flatMap((c) => c.Names)
      expect(await names('h1')).toContain(`/${name}`)
      expect(await names('h2')).not.toContain(`/${name}`)
    } finally {
      await container.remove({ force: true })
    }
  })

  it('serves many requests through one SSH login and one kept-alive channel', async () => {
    const h1 = hostNamed(hosts, 'h1')
    const conn = await connectSsh(h1)
    const openChannel = vi.spyOn(conn, 'openssh_forwardOutStreamLocal')
    const engine = dockerOverSsh(conn)
    // With the listener gone, any request that tried a fresh SSH login would fail.
    await stopSshd(h1.name)
    try {
      for (let i = 0; i < 20; i++) expect(Array.isArray(await engine.listContainers())).toBe(true)
      expect(openChannel).toHaveBeenCalledTimes(1)
    } finally {
      await startSshd(h1.name)
      conn.end()
    }
  })
})
