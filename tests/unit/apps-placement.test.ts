// Placement of cluster apps: constraint and preference syntax (strict, hostile values refused),
// what the compose file gets, and which nodes the laptop copies a release image to.
import { describe, expect, it } from 'vitest'
import { renderCompose } from '../../main/core/apps/compose'
import { appSpec, DEFAULT_SPEC } from '../../main/core/apps/model'
import {
  mayRun,
  parseConstraint,
  placementConstraint,
  placementPreference
} from '../../main/core/apps/placement'
import { contract } from '../../main/api/contract'
import { HOSTILE } from '../support/hostile'

describe('placement constraints', () => {
  it("takes Docker's syntax and stores one canonical spelling", () => {
    expect(placementConstraint.parse('node.labels.tier==web')).toBe('node.labels.tier==web')
    expect(placementConstraint.parse('node.role != manager')).toBe('node.role!=manager')
    expect(placementConstraint.parse('node.hostname==h-1.example')).toBe(
      'node.hostname==h-1.example'
    )
    expect(placementConstraint.parse('engine.labels.disk==ssd')).toBe('engine.labels.disk==ssd')
    expect(placementConstraint.parse('node.platform.arch==x86_64')).toBe(
      'node.platform.arch==x86_64'
    )
  })

  it('refuses hostile values, unknown attributes, other operators and bad roles, saying why', () => {
    const bad = [
      ...HOSTILE.map((h) => `node.labels.tier==${h}`),
      ...HOSTILE.map((h) => `node.labels.${h}==web`),
      'node.labels.tier==web;rm -rf /',
      'node.labels.tier==$(id)',
      'node.labels.tier==`id`',
      'node.labels.tier==a\nb',
      'node.labels.tier==a b',
      'node.labels.tier=web',
      'node.labels.tier>=web',
      'node.labels.==web',
      'node.labels.tier==',
      'node.ip==10.0.0.1',
      'container.name==x',
      'node.role==leader',
      `node.labels.tier==${'a'.repeat(129)}`,
      'node.labels.zöne==x',
      'node.labels.tier=="web"'
    ]
    for (const b of bad) {
      const r = placementConstraint.safeParse(b)
      expect(r.success, JSON.stringify(b)).toBe(false)
    }
    expect(parseConstraint('node.ip==1.2.3.4')).toMatch(/not a placement attribute/)
    expect(parseConstraint('node.labels.x==a;b')).toMatch(/not a plain value/)
    expect(parseConstraint('node.role==boss')).toBe('node.role is manager or worker.')
    expect(parseConstraint('x')).toMatch(/ATTRIBUTE==VALUE/)
  })

  it('takes spread preferences over node attributes and labels only', () => {
    for (const ok of ['spread=node.labels.zone', 'spread=node.id', 'spread=engine.labels.rack'])
      expect(placementPreference.safeParse(ok).success).toBe(true)
    for (const bad of [
      ...HOSTILE.map((h) => `spread=node.labels.${h}`),
      'spread=node.role',
      'binpack=node.labels.zone',
      'spread=node.labels.zone;id',
      'spread='
    ])
      expect(placementPreference.safeParse(bad).success, JSON.stringify(bad)).toBe(false)
  })

  it('is what app.create takes as repeatable --constraint and --preference, with --cluster', () => {
    const input = contract['app.create'].input.parse({
      name: 'web',
      cluster: 'prod',
      image: 'busybox:local',
      constraint: ['node.role != manager', 'node.labels.tier==web'],
      preference: ['spread=node.labels.zone'],
      replicas: '3'
    })
    expect(input).toMatchObject({
      cluster: 'prod',
      constraint: ['node.role!=manager', 'node.labels.tier==web'],
      preference: ['spread=node.labels.zone'],
      replicas: 3
    })
    const hostile = contract['app.create'].input.safeParse({
      name: 'web',
      cluster: 'prod',
      image: 'busybox:local',
      constraint: ['node.labels.tier==web$(reboot)']
    })
    expect(hostile.success).toBe(false)
  })
})

describe('placement in the compose file', () => {
  it('goes to deploy.placement: constraints as given, preferences as spread entries', () => {
    const spec = appSpec.parse({
      ...DEFAULT_SPEC,
      replicas: 3,
      constraints: ['node.labels.tier==web', 'node.role!=manager'],
      preferences: ['spread=node.labels.zone', 'spread=node.id']
    })
    const c = JSON.parse(renderCompose('web', spec)) as {
      services: { app: { deploy: Record<string, unknown> } }
    }
    expect(c.services.app.deploy.placement).toEqual({
      constraints: ['node.labels.tier==web', 'node.role!=manager'],
      preferences: [{ spread: 'node.labels.zone' }, { spread: 'node.id' }]
    })
    expect(c.services.app.deploy.replicas).toBe(3)
  })

  it('has no placement for an app without any, and reads specs stored before placement existed', () => {
    const old = { ...DEFAULT_SPEC } as Record<string, unknown>
    delete old.constraints
    delete old.preferences
    const spec = appSpec.parse(old)
    expect(spec.constraints).toEqual([])
    const c = JSON.parse(renderCompose('web', spec)) as {
      services: { app: { deploy: Record<string, unknown> } }
    }
    expect(c.services.app.deploy).not.toHaveProperty('placement')
  })
})

describe('which nodes may run a replica', () => {
  const node = (id: string, role: string, labels: Record<string, string> = {}) => ({
    id,
    hostname: `host-${id}`,
    role,
    labels
  })

  it('follows node.role, node.id, node.hostname and node labels (missing label: not equal)', () => {
    const a = node('a', 'manager', { tier: 'web' })
    const b = node('b', 'worker', { tier: 'db' })
    const c = node('c', 'worker')
    const pick = (cs: string[]) => [a, b, c].filter((n) => mayRun(n, cs)).map((n) => n.id)
    expect(pick([])).toEqual(['a', 'b', 'c'])
    expect(pick(['node.role!=manager'])).toEqual(['b', 'c'])
    expect(pick(['node.labels.tier==web'])).toEqual(['a'])
    expect(pick(['node.labels.tier!=web'])).toEqual(['b', 'c'])
    expect(pick(['node.labels.tier==WEB'])).toEqual(['a'])
    expect(pick(['node.hostname==host-b'])).toEqual(['b'])
    expect(pick(['node.id!=a', 'node.role==worker', 'node.labels.tier==db'])).toEqual(['b'])
  })

  it('counts attributes the laptop cannot see as a match (a spare copy beats a failed task)', () => {
    expect(mayRun(node('a', 'worker'), ['engine.labels.disk==ssd'])).toBe(true)
    expect(mayRun(node('a', 'worker'), ['node.platform.os==windows'])).toBe(true)
  })
})
