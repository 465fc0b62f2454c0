// The `pier docker …` commands exactly as scripts call them (the contract in the Docker issue),
// run as the built CLI in a child process against real hosts.
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createCore } from '../../main/core/core'
import { memoryKeychain } from '../support/memory-keychain'
import { HOSTILE } from '../support/hostile'
import { dockerScene, type DockerScene } from './docker-support'
import { hostsOrSkip } from './support'

const hosts = hostsOrSkip()
const root = path.resolve(import.meta.dirname, '../..')
const built = fs.existsSync(path.join(root, 'out/main/cli.js'))

describe.skipIf(hosts.length < 2 || !built)('pier docker (CLI, real hosts)', () => {
  let scene: DockerScene
  let home = ''

  function pier(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    const child = spawn(
      process.execPath,
      [path.join(root, 'bin/pier.js'), ...args, '--home', home],
      {
        stdio: ['ignore', 'pipe', 'pipe']
      }
    )
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()))
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
    return new Promise((resolve) =>
      child.once('exit', (code) => resolve({ code: code ?? -1, stdout, stderr }))
    )
  }

  beforeAll(async () => {
    scene = await dockerScene(hosts, 'dcli')
    // The CLI's own data folder, knowing h1 and h2 as servers.
    home = path.join(scene.home, 'cli')
    const core = createCore({ home, keychain: memoryKeychain() })
    for (const s of scene.core.servers.list()) {
      core.servers.record({
        name: s.name,
        host: s.host,
        port: s.port,
        username: s.username,
        authMethod: s.authMethod,
        keyPath: s.keyPath,
        hostKeyType: s.hostKeyType,
        hostKeyFingerprint: s.hostKeyFingerprint
      })
    }
    core.close()
  })
  afterAll(async () => {
    await scene?.close()
  })

  it('docker ps SERVER [--all] --json lists that server only', async () => {
    const up = scene.name('cli-up')
    const down = scene.name('cli-down')
    await scene.run('h1', ['sleep', '300'], {
      name: up,
      Labels: { 'x.note': HOSTILE[1] as string }
    })
    await scene.run('h1', ['true'], { name: down, start: false })
    const r = await pier(['docker', 'ps', 'h1', '--json'])
    expect(r.code, r.stderr).toBe(0)
    const rows = JSON.parse(r.stdout) as Array<{
      name: string
      server: string
      labels: Record<string, string>
    }>
    expect(rows.map((c) => c.name)).toContain(up)
    expect(rows.map((c) => c.name)).not.toContain(down)
    expect(rows.every((c) => c.server === 'h1')).toBe(true)
    expect(rows.find((c) => c.name === up)?.labels['x.note']).toBe(HOSTILE[1])
    const all = JSON.parse(
      (await pier(['docker', 'ps', 'h1', '--all', '--json'])).stdout
    ) as Array<{
      name: string
    }>
    expect(all.map((c) => c.name)).toContain(down)
    const h2 = JSON.parse((await pier(['docker', 'ps', 'h2', '--json'])).stdout) as Array<{
      name: string
    }>
    expect(h2.map((c) => c.name)).not.toContain(up)
    const human = await pier(['docker', 'ps', 'h1'])
    expect(human.stdout).toMatch(/^CONTAINER ID\s+NAME\s+IMAGE\s+STATE/)
    expect(human.stdout).toContain(up)
  })

  it('docker logs SERVER CONTAINER prints raw lines, stderr to stderr, --tail N', async () => {
    // The engine copies stdout and stderr separately: their relative order in the log is only
    // certain with a pause between them.
    const name = scene.name('cli-logs')
    const c = await scene.run(
      'h2',
      [
        'sh',
        '-c',
        'echo oops >&2; sleep 0.3; echo one; echo two; echo "$0"; echo three',
        HOSTILE[1] as string
      ],
      { name }
    )
    await c.wait()
    const r = await pier(['docker', 'logs', 'h2', name])
    expect(r.code, r.stderr).toBe(0)
    expect(r.stdout).toBe(`one\ntwo\n${HOSTILE[1]}\nthree\n`)
    expect(r.stderr).toBe('oops\n')
    const tail = await pier(['docker', 'logs', 'h2', name, '--tail', '1'])
    expect(tail.stdout).toBe('three\n')
    const json = await pier(['docker', 'logs', 'h2', name, '--tail', '2', '--json'])
    expect(
      json.stdout
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as unknown)
    ).toEqual([
      { stream: 'stdout', line: HOSTILE[1] },
      { stream: 'stdout', line: 'three' }
    ])
  })

  it('docker logs --follow streams until the container stops', async () => {
    const name = scene.name('cli-follow')
    await scene.run('h2', ['sh', '-c', 'for i in 1 2 3; do echo tick$i; sleep 0.3; done'], { name })
    const r = await pier(['docker', 'logs', 'h2', name, '--follow'])
    expect(r.code, r.stderr).toBe(0)
    expect(r.stdout).toBe('tick1\ntick2\ntick3\n')
  })

  it('docker stats SERVER --json has every running container with numbers', async () => {
    const name = scene.name('cli-stats')
    await scene.run('h2', ['sleep', '300'], { name })
    const r = await pier(['docker', 'stats', 'h2', '--json'])
    expect(r.code, r.stderr).toBe(0)
    const s = JSON.parse(r.stdout) as {
      server: string
      containers: Array<{ name: string; cpuPercent: number | null; memoryBytes: number }>
    }
    expect(s.server).toBe('h2')
    const mine = s.containers.find((c) => c.name === name)
    expect(mine?.cpuPercent).toEqual(expect.any(Number))
    expect(mine?.memoryBytes).toBeGreaterThan(0)
    expect((await pier(['docker', 'stats', 'h2'])).stdout).toMatch(/CPU %/)
  })

  it('docker images SERVER --json lists busybox:local with its size', async () => {
    const r = await pier(['docker', 'images', 'h1', '--json'])
    expect(r.code, r.stderr).toBe(0)
    const images = JSON.parse(r.stdout) as Array<{ tags: string[]; size: number; server: string }>
    const bb = images.find((i) => i.tags.includes('busybox:local'))
    expect(bb).toMatchObject({ server: 'h1' })
    expect(bb?.size).toBeGreaterThan(500_000)
    expect((await pier(['docker', 'images', 'h1'])).stdout).toMatch(/busybox:local/)
  })

  it('refuses a hostile container name with a clear error and exit 1', async () => {
    const r = await pier(['docker', 'logs', 'h1', '$(touch /tmp/pwned)', '--json'])
    expect(r.code).toBe(1)
    expect(JSON.parse(r.stdout).error).toMatchObject({ code: 'invalid_input' })
    expect(r.stderr).toMatch(/container/)
    const missing = await pier(['docker', 'logs', 'h1', 'no-such-container-here'])
    expect(missing.code).toBe(1)
    expect(missing.stderr).toMatch(/There is no container "no-such-container-here" on h1/)
  })
})
