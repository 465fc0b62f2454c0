// The live side of Docker over SSH on real hosts: a followed log shows a new line within a
// second, engine events update the container list without polling, stats are plausible (a
// busy loop is busy, a sleeper idle), and after a cut link the events come back and ps works.
import os from 'node:os'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { AllContainers, DockerEvent, LogLine } from '../../main/core/docker/model'
import { cutLink, restoreLink } from '../hosts/harness'
import { dockerScene, type DockerScene } from './docker-support'
import { hostsOrSkip, within } from './support'

const hosts = hostsOrSkip()

/** Pulls values from an async iterator one at a time, with a deadline per value. */
function reader<T>(iterable: AsyncIterable<T>) {
  const it = iterable[Symbol.asyncIterator]()
  return {
    async until(pred: (v: T) => boolean, ms: number): Promise<T> {
      const deadline = Date.now() + ms
      for (;;) {
        const left = deadline - Date.now()
        if (left <= 0) throw new Error(`nothing matched within ${ms} ms`)
        const next = await within(it.next(), left)
        if (next === 'timeout') throw new Error(`nothing matched within ${ms} ms`)
        if (next.done) throw new Error('the stream ended')
        if (pred(next.value)) return next.value
      }
    },
    close: () => it.return?.()
  }
}

describe.skipIf(hosts.length < 2)('Docker live updates over SSH (real hosts)', () => {
  let scene: DockerScene

  beforeAll(async () => {
    scene = await dockerScene(hosts, 'dl')
  })
  afterAll(async () => {
    await restoreLink('h2')
    await scene?.close()
  })

  it('follows a log: a new line shows within a second, stdout and stderr apart', async () => {
    const name = scene.name('follow')
    await scene.run(
      'h1',
      [
        'sh',
        '-c',
        'echo ready; echo warn >&2; while read -r line < /tmp/in 2>/dev/null || sleep 0.05; do :; done'
      ],
      { name, Tty: false }
    )
    const ac = new AbortController()
    const logs = reader<LogLine>(
      scene.core.docker.logs('h1', name, {
        follow: true,
        tail: 10,
        timestamps: true,
        signal: ac.signal
      })
    )
    // Printed in the same instant on two streams: the engine may hand over either first.
    const seen = new Map<string, LogLine>()
    await logs.until((l) => {
      seen.set(l.line, l)
      return seen.has('ready') && seen.has('warn')
    }, 5000)
    expect(seen.get('ready')?.stream).toBe('stdout')
    expect(seen.get('ready')?.ts).toMatch(/^\d{4}-\d\d-\d\dT/)
    expect(seen.get('warn')?.stream).toBe('stderr')
    // Write a line into the container's stdout from outside, then time its arrival.
    const exec = await scene
      .engine('h1')
      .getContainer(name)
      .exec({
        Cmd: ['sh', '-c', 'echo "fresh line $$" > /proc/1/fd/1'],
        AttachStdout: false
      })
    const started = performance.now()
    await exec.start({ Detach: true })
    const fresh = await logs.until((l) => l.line.startsWith('fresh line'), 1000)
    expect(performance.now() - started).toBeLessThan(1000)
    expect(fresh.stream).toBe('stdout')
    ac.abort()
    await logs.close()
  })

  it('tails only the last N lines, and without timestamps has no ts', async () => {
    const name = scene.name('tail')
    const c = await scene.run('h1', ['sh', '-c', 'for i in 1 2 3 4 5 6; do echo line$i; done'], {
      name
    })
    await c.wait()
    const lines: LogLine[] = []
    for await (const l of scene.core.docker.logs('h1', name, { tail: 2 })) lines.push(l)
    expect(lines).toEqual([
      { stream: 'stdout', line: 'line5' },
      { stream: 'stdout', line: 'line6' }
    ])
  })

  it('events: a new container shows in the watched list without polling', async () => {
    const ac = new AbortController()
    const events = reader<DockerEvent>(scene.core.docker.subscribe('h1', ac.signal))
    await events.until((e) => e.type === 'pier' && e.action === 'subscribed', 10_000)
    const watch = reader<AllContainers>(
      scene.core.docker.watchContainers({ servers: ['h1'], all: true }, ac.signal)
    )
    await watch.until(() => true, 10_000)
    const name = scene.name('evt')
    await scene.run('h1', ['sleep', '300'], { name })
    const created = await events.until((e) => e.type === 'container' && e.name === name, 5000)
    expect(created).toMatchObject({ server: 'h1', action: 'create' })
    await events.until((e) => e.name === name && e.action === 'start', 5000)
    const list = await watch.until(
      (l) => l.containers.some((c) => c.name === name && c.state === 'running'),
      5000
    )
    expect(list.containers.find((c) => c.name === name)?.server).toBe('h1')
    await scene.engine('h1').getContainer(name).remove({ force: true })
    await watch.until((l) => !l.containers.some((c) => c.name === name), 5000)
    ac.abort()
  })

  it('stats: a busy loop shows high CPU, a sleeper low; all containers in one refresh', async () => {
    const busy = scene.name('busy')
    const idle = scene.name('idle')
    await scene.run('h2', ['sh', '-c', 'while :; do :; done'], { name: busy })
    await scene.run('h2', ['sleep', '300'], { name: idle })
    // The first refresh samples twice (one-shot stats carry no previous reading). The bounds
    // leave room for a shared machine, where the loop gets only its share of a CPU.
    const first = await scene.core.docker.stats('h2')
    const byName = (s: typeof first) => Object.fromEntries(s.containers.map((c) => [c.name, c]))
    expect(byName(first)[busy]?.cpuPercent).toBeGreaterThan(15)
    await new Promise((r) => setTimeout(r, 1000))
    const second = byName(await scene.core.docker.stats('h2'))
    const busyCpu = second[busy]?.cpuPercent ?? 0
    const idleCpu = second[idle]?.cpuPercent ?? 100
    expect(busyCpu).toBeGreaterThan(15)
    // Percent of one CPU: at most all of the host's CPUs.
    expect(busyCpu).toBeLessThan(100 * os.availableParallelism() + 10)
    expect(idleCpu).toBeLessThan(5)
    expect(busyCpu).toBeGreaterThan(idleCpu * 5)
    expect(second[idle]?.memoryBytes).toBeGreaterThan(0)
    expect(second[idle]?.memoryBytes).toBeLessThan(50_000_000)
    expect(second[idle]?.memoryLimitBytes).toBeGreaterThan(second[idle]?.memoryBytes ?? 0)
    expect(second[idle]?.pids).toBe(1)
    await scene.engine('h2').getContainer(busy).remove({ force: true })
  })

  it('after a cut link the events subscription resumes and ps works again', async () => {
    const ac = new AbortController()
    const events = reader<DockerEvent>(scene.core.docker.subscribe('h2', ac.signal))
    await events.until((e) => e.type === 'pier' && e.action === 'subscribed', 10_000)
    await cutLink('h2')
    // Made while Pier cannot see h2: the replay after resubscribing must bring it.
    const during = scene.name('gap')
    const conn = scene.engine('h2')
    await new Promise((r) => setTimeout(r, 4000))
    await restoreLink('h2')
    await scene.run('h2', ['sleep', '300'], { name: during })
    await events.until((e) => e.type === 'pier' && e.action === 'resubscribed', 60_000)
    await events.until((e) => e.type === 'container' && e.name === during, 10_000)
    const after = scene.name('after')
    await scene.run('h2', ['sleep', '300'], { name: after })
    await events.until((e) => e.name === after && e.action === 'start', 10_000)
    const names = (await scene.core.docker.ps('h2')).map((c) => c.name)
    expect(names).toContain(during)
    expect(names).toContain(after)
    expect(conn).toBeTruthy()
    ac.abort()
  })
})
