// The pure parts of Docker over SSH: secret masking, stats arithmetic, log demuxing, grouping
// and the rules that keep user-supplied names single literal path segments.
import { describe, expect, it } from 'vitest'
import { isSecretName, MASK, maskEnv } from '../../main/core/docker/env-mask'
import {
  decodeLogs,
  FrameDemuxer,
  LogDecoder,
  timeParam,
  tsAfter,
  tsParts
} from '../../main/core/docker/log-lines'
import { containerRef, imageRef, volumeRef } from '../../main/core/docker/refs'
import { containerDetail, groupOf, type InspectInfo } from '../../main/core/docker/rows'
import {
  computeStats,
  cpuPercent,
  memoryWithoutCache,
  type RawStats
} from '../../main/core/docker/stats-math'
import { apiAtLeast } from '../../main/core/docker/engines'
import { jsonLines } from '../../main/core/docker/events'
import { HOSTILE } from '../support/hostile'

const frame = (stream: 1 | 2, text: string | Buffer): Buffer => {
  const body = Buffer.isBuffer(text) ? text : Buffer.from(text, 'utf8')
  const head = Buffer.alloc(8)
  head[0] = stream
  head.writeUInt32BE(body.length, 4)
  return Buffer.concat([head, body])
}

describe('env masking', () => {
  it('masks secret-looking names and keeps the rest', () => {
    const env = maskEnv([
      'DB_PASSWORD=hunter2',
      'API_KEY=abc',
      'apiKey=abc',
      'GITHUB_TOKEN=t',
      'AWS_SECRET_ACCESS_KEY=s',
      'SENTRY_DSN=https://k@sentry.io/1',
      'MYSQL_ROOT_PASS=p',
      'REDIS_PWD=x',
      'GOOGLE_CREDENTIALS={}',
      'PRIVATE_KEY_PEM=-----',
      'PATH=/usr/bin',
      'PWD=/app',
      'MONKEY=banana',
      'KEYBOARD=us',
      'EMPTY_SECRET=',
      'NO_EQUALS'
    ])
    const byName = Object.fromEntries(env.map((e) => [e.name, e]))
    for (const n of [
      'DB_PASSWORD',
      'API_KEY',
      'apiKey',
      'GITHUB_TOKEN',
      'AWS_SECRET_ACCESS_KEY',
      'SENTRY_DSN',
      'MYSQL_ROOT_PASS',
      'REDIS_PWD',
      'GOOGLE_CREDENTIALS',
      'PRIVATE_KEY_PEM'
    ])
      expect(byName[n], n).toMatchObject({ value: MASK, masked: true })
    for (const n of ['PATH', 'PWD', 'MONKEY', 'KEYBOARD']) expect(byName[n]?.masked, n).toBe(false)
    expect(byName.PATH?.value).toBe('/usr/bin')
    // Nothing to hide in an empty value; a bare name keeps an empty value.
    expect(byName.EMPTY_SECRET).toMatchObject({ value: '', masked: false })
    expect(byName.NO_EQUALS).toMatchObject({ value: '', masked: false })
    expect(isSecretName('DBPASSWORD')).toBe(true)
  })

  it('masks the password inside a URL whatever the name', () => {
    const [url] = maskEnv(['DATABASE_URL=postgres://app:s3cr3t@db:5432/app'])
    expect(url).toEqual({
      name: 'DATABASE_URL',
      value: `postgres://app:${MASK}@db:5432/app`,
      masked: true
    })
    expect(maskEnv(['HOME_PAGE=https://example.com/a:b@c'])[0]?.masked).toBe(false)
  })

  it('passes hostile values through literally when they are not secret', () => {
    const env = maskEnv(HOSTILE.map((v, i) => `V${i}=${v}`))
    env.forEach((e, i) => expect(e.value).toBe(HOSTILE[i]))
  })
})

describe('stats arithmetic', () => {
  const raw = (total: number, system: number, extra: Partial<RawStats> = {}): RawStats => ({
    read: '2024-01-01T00:00:00Z',
    cpu_stats: { cpu_usage: { total_usage: total }, system_cpu_usage: system, online_cpus: 2 },
    precpu_stats: { cpu_usage: { total_usage: 0 } },
    memory_stats: {
      usage: 100_000_000,
      limit: 1_000_000_000,
      stats: { total_inactive_file: 20_000_000 }
    },
    networks: { eth0: { rx_bytes: 10, tx_bytes: 20 }, eth1: { rx_bytes: 1, tx_bytes: 2 } },
    blkio_stats: {
      io_service_bytes_recursive: [
        { op: 'Read', value: 4096 },
        { op: 'Write', value: 8192 },
        { op: 'read', value: 4 },
        { op: 'Total', value: 99 }
      ]
    },
    pids_stats: { current: 3 },
    ...extra
  })

  it('computes CPU % from the previous one-shot sample, like docker stats', () => {
    // One CPU busy out of two: half of the system time, times two CPUs.
    const s = computeStats('id', 'n', raw(2_000, 10_000), { total: 1_000, system: 8_000 })
    expect(s.cpuPercent).toBe(100)
    expect(computeStats('id', 'n', raw(2_000, 10_000), null).cpuPercent).toBeNull()
  })

  it('uses precpu_stats when the engine sent them (no one-shot)', () => {
    const s = computeStats(
      'id',
      'n',
      raw(3_000, 20_000, {
        precpu_stats: { cpu_usage: { total_usage: 2_000 }, system_cpu_usage: 10_000 }
      }),
      null
    )
    expect(s.cpuPercent).toBe(20)
  })

  it('refuses deltas that make no sense (restart, same sample)', () => {
    expect(cpuPercent({ total: 5, system: 10 }, { total: 9, system: 5 }, 1)).toBeNull()
    expect(cpuPercent({ total: 5, system: 10 }, { total: 5, system: 10 }, 1)).toBeNull()
  })

  it('reports memory without page cache, network and block I/O summed', () => {
    const s = computeStats('id', 'n', raw(1, 1), null)
    expect(s).toMatchObject({
      memoryBytes: 80_000_000,
      memoryLimitBytes: 1_000_000_000,
      memoryPercent: 8,
      netRxBytes: 11,
      netTxBytes: 22,
      blockReadBytes: 4100,
      blockWriteBytes: 8192,
      pids: 3
    })
    expect(memoryWithoutCache({ usage: 100, stats: { inactive_file: 30 } })).toBe(70)
    expect(memoryWithoutCache({ usage: 100, stats: {} })).toBe(100)
  })

  it('compares engine API versions numerically', () => {
    expect(apiAtLeast('1.41', '1.41')).toBe(true)
    expect(apiAtLeast('1.9', '1.41')).toBe(false)
    expect(apiAtLeast('1.43', '1.41')).toBe(true)
  })
})

describe('log demuxing', () => {
  it('splits frames across chunk boundaries and keeps the streams apart', () => {
    const all = Buffer.concat([frame(1, 'out one\nout '), frame(2, 'err\n'), frame(1, 'two\n')])
    for (let cut = 1; cut < all.length; cut++) {
      const d = new LogDecoder(false, false)
      const lines = [...d.push(all.subarray(0, cut)), ...d.push(all.subarray(cut)), ...d.end()]
      expect(lines).toEqual([
        { stream: 'stdout', line: 'out one' },
        { stream: 'stderr', line: 'err' },
        { stream: 'stdout', line: 'out two' }
      ])
    }
  })

  it('keeps a UTF-8 character split between frames whole', () => {
    const bytes = Buffer.from('ünï 🚀\n', 'utf8')
    const lines = decodeLogs(
      Buffer.concat([
        frame(1, bytes.subarray(0, 1)),
        frame(1, bytes.subarray(1, 6)),
        frame(1, bytes.subarray(6))
      ]),
      false,
      false
    )
    expect(lines).toEqual([{ stream: 'stdout', line: 'ünï 🚀' }])
  })

  it('reads raw Tty output as stdout, with \\r\\n line ends', () => {
    expect(decodeLogs(Buffer.from('a\r\nb\r\nc'), true, false)).toEqual([
      { stream: 'stdout', line: 'a' },
      { stream: 'stdout', line: 'b' },
      { stream: 'stdout', line: 'c' }
    ])
  })

  it('takes the timestamp off each line, and keeps hostile content literal', () => {
    const lines = decodeLogs(
      Buffer.concat(
        HOSTILE.filter((h) => !h.includes('\n')).map((h) =>
          frame(2, `2024-05-01T12:00:00.123456789Z ${h}\n`)
        )
      ),
      false,
      true
    )
    expect(lines.map((l) => l.line)).toEqual(HOSTILE.filter((h) => !h.includes('\n')))
    expect(
      lines.every((l) => l.ts === '2024-05-01T12:00:00.123456789Z' && l.stream === 'stderr')
    ).toBe(true)
  })

  it('keeps an incomplete frame until its rest arrives', () => {
    const d = new FrameDemuxer()
    const f = frame(1, 'hello')
    expect(d.push(f.subarray(0, 5))).toEqual([])
    expect(d.push(f.subarray(5)).map((x) => x.data.toString())).toEqual(['hello'])
  })

  it('parses since/until and orders engine timestamps to the nanosecond', () => {
    const now = Date.parse('2024-05-01T12:00:00Z')
    expect(timeParam('10m', now)).toBe(String(now / 1000 - 600))
    expect(timeParam('1700000000', now)).toBe('1700000000')
    expect(timeParam('2024-05-01T12:00:00Z', now)).toBe(String(now / 1000))
    expect(timeParam('yesterday', now)).toBeNull()
    expect(timeParam('$(id)', now)).toBeNull()
    const a = tsParts('2024-05-01T12:00:00.1Z')
    const b = tsParts('2024-05-01T12:00:00.12Z')
    expect(a && b && tsAfter(b, a)).toBe(true)
    expect(a && b && tsAfter(a, b)).toBe(false)
  })
})

describe('grouping and detail', () => {
  it('reads compose, swarm and Pier app labels', () => {
    expect(
      groupOf({
        'com.docker.compose.project': 'shop',
        'com.docker.compose.service': 'web',
        'pier.app': 'shop-web'
      })
    ).toEqual({
      composeProject: 'shop',
      composeService: 'web',
      swarmService: null,
      swarmStack: null,
      app: 'shop-web'
    })
    expect(
      groupOf({ 'com.docker.swarm.service.name': 'st_api', 'com.docker.stack.namespace': 'st' })
    ).toMatchObject({ swarmService: 'st_api', swarmStack: 'st', composeProject: null })
    expect(groupOf(null).app).toBeNull()
  })

  it('shapes inspect output: masked env, ports, health, no zero times', () => {
    const info: InspectInfo = {
      Id: 'abc',
      Name: '/web',
      Image: 'sha256:1',
      Created: '2024-01-01T00:00:00Z',
      Path: 'sh',
      Args: [],
      State: {
        Status: 'exited',
        Running: false,
        Paused: false,
        Restarting: false,
        ExitCode: 3,
        StartedAt: '2024-01-01T00:00:01Z',
        FinishedAt: '0001-01-01T00:00:00Z',
        Health: { Status: 'unhealthy', FailingStreak: 2, Log: null }
      },
      Config: {
        Image: 'busybox',
        Env: ['TOKEN=x', 'A=b'],
        Labels: { 'pier.app': 'x' },
        Cmd: ['sh']
      },
      NetworkSettings: {
        Ports: { '80/tcp': [{ HostIp: '0.0.0.0', HostPort: '8080' }], '53/udp': null },
        Networks: { bridge: { IPAddress: '172.17.0.2', Aliases: null } }
      }
    }
    const d = containerDetail('h1', info)
    expect(d).toMatchObject({
      name: 'web',
      exitCode: 3,
      finishedAt: null,
      health: { status: 'unhealthy', failingStreak: 2, log: [] },
      group: { app: 'x' },
      networks: [{ name: 'bridge', ip: '172.17.0.2', aliases: [] }]
    })
    expect(d.env).toEqual([
      { name: 'TOKEN', value: MASK, masked: true },
      { name: 'A', value: 'b', masked: false }
    ])
    expect(d.ports).toEqual([
      { ip: '0.0.0.0', privatePort: 80, publicPort: 8080, type: 'tcp' },
      { ip: null, privatePort: 53, publicPort: null, type: 'udp' }
    ])
  })

  it('splits a stream of JSON lines across chunks', () => {
    const split = jsonLines()
    expect(split('{"a":1}\n{"b"')).toEqual([{ a: 1 }])
    expect(split(':2}\n')).toEqual([{ b: 2 }])
  })
})

describe('user-supplied names', () => {
  it('accepts real container, image and volume names', () => {
    for (const ok of ['web', 'web-1', 'shop_web.1', 'a1b2c3d4e5f6', 'x'.repeat(200)])
      expect(containerRef.safeParse(ok).success, ok).toBe(true)
    for (const ok of [
      'busybox',
      'busybox:local',
      'library/busybox:1.36',
      'registry.example.com:5000/team/app:v2',
      'ghcr.io/o/r@sha256:' + 'a'.repeat(64),
      'sha256:' + 'b'.repeat(64),
      'abcdef123456'
    ])
      expect(imageRef.safeParse(ok).success, ok).toBe(true)
    expect(volumeRef.safeParse('pgdata').success).toBe(true)
  })

  it('rejects every hostile string and anything that could leave a path segment', () => {
    for (const bad of HOSTILE) {
      if (/^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/.test(bad) && bad.length <= 255) continue
      expect(containerRef.safeParse(bad).success, bad).toBe(false)
      expect(volumeRef.safeParse(bad).success, bad).toBe(false)
    }
    for (const bad of [
      ...HOSTILE,
      '../containers/x',
      'a/../../b',
      'a/./b',
      'busybox?x=1',
      'busybox#x',
      'busy%2fbox',
      'UPPER',
      '..',
      'a//b',
      '/abs'
    ])
      expect(imageRef.safeParse(bad).success, bad).toBe(false)
    for (const bad of ['..', '.x', '-rf', 'a/b', 'a b', 'a?b', 'a%2e', ''])
      expect(containerRef.safeParse(bad).success, bad).toBe(false)
  })
})
