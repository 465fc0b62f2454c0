// App input rules, the compose rendering deploy.sh receives, and the release list parser.
import { describe, expect, it } from 'vitest'
import { renderCompose, renderSecretCompose } from '../../main/core/apps/compose'
import {
  appImage,
  appName,
  DEFAULT_SPEC,
  envPair,
  portSpec,
  volumeSpec
} from '../../main/core/apps/model'
import { parseReleases, ReleaseListError } from '../../main/core/apps/releases'
import { parseArgs } from '../../main/cli/args'
import { HOSTILE } from '../support/hostile'

describe('app input', () => {
  it('accepts plain names and refuses every hostile one', () => {
    expect(appName.parse('web-2')).toBe('web-2')
    for (const bad of HOSTILE) expect(appName.safeParse(bad).success).toBe(false)
    for (const bad of ['Web', '2web', 'web-', 'a'.repeat(31), 'a_b']) {
      expect(appName.safeParse(bad).success).toBe(false)
    }
  })

  it('takes image references and refuses hostile ones and pier/ release tags', () => {
    for (const ok of ['busybox:local', 'ghcr.io/a/b:1.2', 'nginx@sha256:' + 'a'.repeat(64)]) {
      expect(appImage.safeParse(ok).success).toBe(true)
    }
    for (const bad of [...HOSTILE, 'pier/web:3'])
      expect(appImage.safeParse(bad).success).toBe(false)
  })

  it('splits KEY=VALUE at the first "=" and keeps the value literally', () => {
    for (const v of HOSTILE.filter((h) => !h.includes('\0'))) {
      expect(envPair.parse(`K=${v}`)).toEqual(['K', v])
    }
    expect(envPair.parse('A=b=c')).toEqual(['A', 'b=c'])
    for (const bad of ['=x', 'no-equals', '1A=x', 'A-B=x', '$(id)=x', 'PIER_X=1', 'K=a\0b']) {
      expect(envPair.safeParse(bad).success).toBe(false)
    }
  })

  it('reads ports and volumes, refusing malformed ones with a message', () => {
    expect(portSpec.parse('80:8080')).toEqual({ published: 80, target: 8080, protocol: 'tcp' })
    expect(portSpec.parse('53:53/udp').protocol).toBe('udp')
    for (const bad of ['80', '0:80', '70000:80', '80:80/sctp', ' 80:80', ...HOSTILE]) {
      const r = portSpec.safeParse(bad)
      expect(r.success).toBe(false)
      if (!r.success) expect(r.error.issues[0]?.message).toMatch(/port mapping/)
    }
    expect(volumeSpec.parse('data:/var/lib/x')).toEqual({
      type: 'volume',
      source: 'data',
      target: '/var/lib/x',
      readOnly: false
    })
    expect(volumeSpec.parse('/srv/www:/www:ro')).toMatchObject({ type: 'bind', readOnly: true })
    for (const bad of ['data', 'data:rel', '/a/../b:/x', 'd:/x:rx', 'a$b:/x', ...HOSTILE]) {
      expect(volumeSpec.safeParse(bad).success).toBe(false)
    }
  })
})

describe('compose rendering', () => {
  const spec = {
    ...DEFAULT_SPEC,
    env: { A: 'x$y "q" #c\nline2', B: '${HOME}' },
    command: ['sh', '-c', 'echo $A'],
    ports: [{ published: 80, target: 8080, protocol: 'tcp' as const }],
    volumes: [{ type: 'volume' as const, source: 'data', target: '/d', readOnly: false }],
    cpus: 0.5,
    memoryMb: 128,
    healthcheck: {
      cmd: 'test -f /ok',
      intervalSec: 2,
      timeoutSec: 1,
      retries: 3,
      startPeriodSec: 0
    }
  }

  it('escapes "$" so compose interpolation leaves values literal; the image is the release tag variable', () => {
    const c = JSON.parse(renderCompose('web', spec))
    const svc = c.services.app
    expect(svc.image).toBe('${PIER_IMAGE}')
    expect(svc.environment).toEqual({ A: 'x$$y "q" #c\nline2', B: '$${HOME}' })
    expect(svc.command).toEqual(['sh', '-c', 'echo $$A'])
    expect(svc.healthcheck.test).toEqual(['CMD-SHELL', 'test -f /ok'])
    expect(svc.deploy.labels).toEqual({ 'pier.app': 'web' })
    expect(svc.deploy.endpoint_mode).toBe('dnsrr')
    expect(svc.deploy.update_config).toMatchObject({
      order: 'stop-first',
      failure_action: 'rollback'
    })
    expect(svc.deploy.resources.limits).toEqual({ cpus: '0.5', memory: '128M' })
    expect(svc.ports).toEqual([{ target: 8080, published: 80, protocol: 'tcp', mode: 'host' }])
    expect(c.volumes).toEqual({ data: {} })
  })

  it('starts the new version first when no host port is published', () => {
    const c = JSON.parse(renderCompose('web', { ...spec, ports: [] }))
    expect(c.services.app.deploy.update_config.order).toBe('start-first')
  })

  it('puts secret values only in the secret file', () => {
    expect(renderCompose('web', { ...spec, secretKeys: ['TOKEN'] })).not.toContain('TOKEN')
    const s = JSON.parse(renderSecretCompose({ TOKEN: 'a$b' }))
    expect(s.services.app.environment).toEqual({ TOKEN: 'a$$b' })
  })
})

describe('release list', () => {
  const rec = (n: number) =>
    JSON.stringify({
      number: n,
      image: `pier/web:${n}`,
      imageId: 'sha256:' + 'b'.repeat(64),
      digest: null,
      jobId: 'j',
      createdAt: 1700000000 + n,
      config: { source: { type: 'image', image: 'busybox:local' }, spec: DEFAULT_SPEC }
    })

  it('reads current, releases and pruned marks, newest first', () => {
    const rs = parseReleases(`current 2\nrelease ${rec(1)}\npruned 1\nrelease ${rec(2)}\n`)
    expect(rs.map((r) => [r.number, r.current, r.pruned])).toEqual([
      [2, true, false],
      [1, false, true]
    ])
  })

  it('refuses what it cannot read', () => {
    expect(() => parseReleases('release {oops\n')).toThrow(ReleaseListError)
    expect(() => parseReleases('bogus 1\n')).toThrow(ReleaseListError)
    expect(parseReleases('')).toEqual([])
  })
})

describe('repeatable flags', () => {
  it('collects repeated values in order; other flags keep the last', () => {
    const p = parseArgs(
      ['app', 'create', 'web', '--env', 'A=1', '--env=B=2', '--server', 's'],
      () => false,
      (n) => n === 'env'
    )
    expect(p.flags).toEqual({ env: ['A=1', 'B=2'], server: 's' })
  })
})
