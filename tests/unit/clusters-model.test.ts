import { describe, expect, it } from 'vitest'
import {
  advertiseAddr,
  clusterName,
  clusterWarnings,
  labelPair
} from '../../main/core/clusters/model'
import { nodeRow, redactTokens } from '../../main/core/clusters/swarm'

const HOSTILE = ['a;b', 'a$(id)', 'a`id`', 'a\nb', '../x', 'a'.repeat(31), 'prod-', 'Prod', 'ünï']

describe('cluster names', () => {
  it('accepts short DNS-safe names and refuses hostile ones with a message', () => {
    expect(clusterName.parse('prod-eu1')).toBe('prod-eu1')
    for (const bad of HOSTILE) {
      const r = clusterName.safeParse(bad)
      expect(r.success, bad).toBe(false)
      expect(r.error?.issues[0]?.message).toMatch(/cluster name/)
    }
  })
})

describe('advertise addresses', () => {
  it('takes IPv4 and IPv6 addresses only, without ports', () => {
    expect(advertiseAddr.parse('10.1.2.3')).toBe('10.1.2.3')
    expect(advertiseAddr.parse('fd00::1')).toBe('fd00::1')
    for (const bad of ['10.1.2.3:2377', '300.1.1.1', 'eth0; rm -rf /', 'host.example', ''])
      expect(advertiseAddr.safeParse(bad).success, bad).toBe(false)
  })
})

describe('node labels', () => {
  it('splits at the first "=" and keeps the value literal', () => {
    expect(labelPair.parse('zone=eu=1')).toEqual(['zone', 'eu=1'])
    expect(labelPair.parse('ssd=')).toEqual(['ssd', ''])
  })
  it('refuses keys and values that could break a constraint', () => {
    for (const bad of ['novalue', '=x', 'a b=1', 'k=a"b', 'k=a\nb', '$(id)=1', '-k=1'])
      expect(labelPair.safeParse(bad).success, bad).toBe(false)
  })
})

describe('cluster warnings', () => {
  const node = (role: 'manager' | 'worker', status = 'ready') => ({ role, status })
  it('says nothing about a healthy one-node or three-manager cluster', () => {
    expect(clusterWarnings([node('manager')])).toEqual([])
    expect(clusterWarnings([node('manager'), node('manager'), node('manager')])).toEqual([])
  })
  it('warns about a single manager, an even number of managers and nodes that are down', () => {
    expect(clusterWarnings([node('manager'), node('worker')]).join(' ')).toMatch(/Only one manager/)
    expect(clusterWarnings([node('manager'), node('manager')]).join(' ')).toMatch(
      /2 managers tolerate no more failures than 1/
    )
    expect(clusterWarnings([node('manager'), node('worker', 'down')]).join(' ')).toMatch(
      /1 node is not ready/
    )
  })
})

describe('node rows', () => {
  it('maps the engine record and prefers the manager address', () => {
    const row = nodeRow(
      {
        ID: 'n1',
        Spec: { Role: 'manager', Availability: 'drain', Labels: { zone: 'a' } },
        Description: {
          Hostname: 'box',
          Resources: { NanoCPUs: 2e9, MemoryBytes: 4096 },
          Engine: { EngineVersion: '20.10.24' }
        },
        Status: { State: 'ready', Addr: '0.0.0.0' },
        ManagerStatus: { Leader: true, Reachability: 'reachable', Addr: '10.0.0.5:2377' }
      },
      (id) => (id === 'n1' ? 'web1' : null)
    )
    expect(row).toEqual({
      id: 'n1',
      hostname: 'box',
      server: 'web1',
      role: 'manager',
      status: 'ready',
      availability: 'drain',
      managerStatus: 'leader',
      addr: '10.0.0.5',
      engineVersion: '20.10.24',
      labels: { zone: 'a' },
      cpus: 2,
      memoryBytes: 4096
    })
  })
})

describe('join token redaction', () => {
  it('hides anything shaped like a swarm token', () => {
    const t = `SWMTKN-1-${'a1'.repeat(25)}-${'b'.repeat(25)}`
    expect(redactTokens(`join failed with ${t} at 10.0.0.1`)).toBe(
      'join failed with SWMTKN-… at 10.0.0.1'
    )
  })
})
