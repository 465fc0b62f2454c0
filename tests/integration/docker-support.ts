// Runs in the vitest test workers of the integration project: a Pier core that knows the test
// hosts as servers, and an independent engine handle per host to set the scene (containers
// made and removed behind Pier's back, as another user would).
import { randomUUID } from 'node:crypto'
import fs from 'node:fs'
import type Docker from 'dockerode'
import type { Client } from 'ssh2'
import { createCore, type Core } from '../../main/core/core'
import { memoryKeychain } from '../support/memory-keychain'
import { connectSsh, dockerOverSsh, type TestHost, recordHarnessServer } from './support'

export const TEST_LABEL = 'pier.test'

export interface DockerScene {
  core: Core
  home: string
  /** The test's own engine handle per host name (not Pier's link). */
  engine(name: string): Docker
  /** A unique container name with this prefix. */
  name(prefix: string): string
  /** Creates (and by default starts) a labelled busybox container; removed by close(). */
  run(
    host: string,
    cmd: string[],
    opts?: Partial<Docker.ContainerCreateOptions> & { start?: boolean }
  ): Promise<Docker.Container>
  close(): Promise<void>
}

export async function dockerScene(hosts: TestHost[], tag: string): Promise<DockerScene> {
  const home = fs.mkdtempSync(`/tmp/pier-${tag}-`)
  // 1 s keepalives: a cut link is noticed in about 3 s.
  const core = createCore({ home, keychain: memoryKeychain(), sshKeepaliveMs: 1000 })
  const conns: Client[] = []
  const engines = new Map<string, Docker>()
  for (const h of hosts) {
    recordHarnessServer(core, h, h.name)
    const conn = await connectSsh(h)
    conns.push(conn)
    engines.set(h.name, dockerOverSsh(conn))
  }
  const run = `${tag}-${randomUUID().slice(0, 6)}`
  const engine = (name: string): Docker => {
    const e = engines.get(name)
    if (!e) throw new Error(`no engine for ${name}`)
    return e
  }
  return {
    core,
    home,
    engine,
    name: (prefix) => `pier-${prefix}-${randomUUID().slice(0, 8)}`,
    async run(host, cmd, opts = {}) {
      const { start = true, Labels, ...rest } = opts
      const c = await engine(host).createContainer({
        Image: 'busybox:local',
        Cmd: cmd,
        ...rest,
        Labels: { ...Labels, [TEST_LABEL]: run }
      })
      if (start) await c.start()
      return c
    },
    async close() {
      for (const [, e] of engines) {
        const mine = await e
          .listContainers({ all: true, filters: { label: [`${TEST_LABEL}=${run}`] } })
          .catch(() => [])
        await Promise.all(
          mine.map((c) =>
            e
              .getContainer(c.Id)
              .remove({ force: true })
              .catch(() => undefined)
          )
        )
      }
      for (const c of conns) c.end()
      core.close()
      fs.rmSync(home, { recursive: true, force: true })
    }
  }
}
