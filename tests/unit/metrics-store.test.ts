// The laptop's metrics history: rollups per minute and hour, offsets, and the read protocol.
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { openDatabase, type Db } from '../../main/core/db/open'
import type { RawSample } from '../../main/core/metrics/sample'
import { parseRead } from '../../main/core/metrics/service'
import { MetricsStore } from '../../main/core/metrics/store'
import { ServerRepository } from '../../main/core/servers/repository'
import { tmpDir } from '../support/tmp'

let db: Db | undefined
afterEach(() => db?.close())

const sample = (t: number, cpu: number): RawSample => ({
  t,
  cpu,
  load: [1, 1, 1],
  mem: { total: 1000, used: 500 },
  swap: { total: 0, used: 0 },
  disk: [
    { mount: '/', total: 100, used: 40 },
    { mount: '/data', total: 300, used: 60 }
  ],
  io: { r: 1, w: 2 },
  net: { rx: 3, tx: 4 },
  ct: [{ id: 'a', name: 'web', app: '', cpu: 1, mem: 2, rx: null, tx: null }]
})

function store(): { s: MetricsStore; id: string } {
  db = openDatabase(path.join(tmpDir('pier-metrics-store-'), 'pier.db'))
  const server = new ServerRepository(db).insert({
    name: 'web',
    host: 'example.test',
    username: 'deploy',
    authMethod: 'agent'
  })
  return { s: new MetricsStore(db), id: server.id }
}

describe('MetricsStore', () => {
  it('rolls samples up per whole minute and hour, with averages and the CPU peak', () => {
    const { s, id } = store()
    const base = 1_800_000_000 // a whole hour
    const samples = Array.from({ length: 12 }, (_, i) => sample(base + i * 10, i === 3 ? 90 : 10))
    s.insert(id, samples.slice(0, 7))
    s.insert(id, samples.slice(7)) // a second batch updates the minute it shares
    const minutes = s.rollups(id, 60, base, base + 3600)
    expect(minutes.map((m) => m.t)).toEqual([base, base + 60])
    expect(minutes[0]).toMatchObject({ cpu_max: 90, disk_used: 100, disk_total: 400 })
    expect(minutes[0]?.cpu).toBeCloseTo((90 + 5 * 10) / 6)
    expect(s.rollups(id, 3600, base, base + 3600)).toHaveLength(1)
    expect(s.samples(id, base, base + 3600)).toHaveLength(12)
    expect(s.containers(id, base, base + 3600)).toHaveLength(12)
  })
})

describe('parseRead', () => {
  it('keeps whole lines only and returns the offset after the last one', () => {
    const out = Buffer.concat([
      Buffer.from('=pier-file 2026-11-28 100 124\n'),
      Buffer.from('{"a":1}\n{"b":"ü"}\n{"c":'),
      Buffer.from('=pier-file alerts 0 4\n'),
      Buffer.from('x\ny\n'),
      Buffer.from('=pier-done\n')
    ])
    const files = parseRead(out)
    expect(files[0]).toEqual({
      day: '2026-11-28',
      lines: ['{"a":1}', '{"b":"ü"}'],
      offset: 100 + 19
    })
    expect(files[1]).toEqual({ day: 'alerts', lines: ['x', 'y'], offset: 4 })
  })

  it('refuses a cut-off stream and unknown file names', () => {
    expect(() => parseRead(Buffer.from('=pier-file 2026-11-28 0 10\nabc'))).toThrow(/cut off/)
    expect(() => parseRead(Buffer.from('=pier-file ../x 0 1\na=pier-done\n'))).toThrow()
  })
})
