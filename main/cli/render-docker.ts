// Runs in: CLI.
// Human tables for the docker commands; --json prints the API's values instead.
import type { Method, OutputOf } from '../api/contract'
import type { ContainerGroup, ContainerRow, PortMapping } from '../core/docker/model'
import { bytes, table } from './format'

const ports = (list: PortMapping[]): string =>
  list
    .map((p) =>
      p.publicPort
        ? `${p.ip ?? ''}:${p.publicPort}->${p.privatePort}/${p.type}`
        : `${p.privatePort}/${p.type}`
    )
    .filter((p, i, all) => all.indexOf(p) === i)
    .join(', ')

const group = (g: ContainerGroup): string =>
  g.app
    ? `app ${g.app}`
    : g.swarmService
      ? `service ${g.swarmService}`
      : g.composeProject
        ? `compose ${g.composeProject}`
        : ''

const containers = (rows: ContainerRow[], withServer: boolean): string =>
  rows.length === 0
    ? 'No containers.'
    : table(
        rows.map((c) => ({
          ...c,
          shortId: c.id.slice(0, 12),
          portList: ports(c.ports),
          grouping: group(c.group)
        })),
        [
          ...(withServer ? ([['server', 'SERVER']] as Array<[string, string]>) : []),
          ['shortId', 'CONTAINER ID'],
          ['name', 'NAME'],
          ['image', 'IMAGE'],
          ['state', 'STATE'],
          ['status', 'STATUS'],
          ['portList', 'PORTS'],
          ['grouping', 'GROUP']
        ]
      )

const shortImage = (id: string): string => id.replace(/^sha256:/, '').slice(0, 12)
const ago = (unixSeconds: number): string => {
  const s = Math.max(0, Math.floor(Date.now() / 1000 - unixSeconds))
  if (s < 120) return `${s} seconds ago`
  if (s < 7200) return `${Math.floor(s / 60)} minutes ago`
  if (s < 172_800) return `${Math.floor(s / 3600)} hours ago`
  return `${Math.floor(s / 86_400)} days ago`
}

export const dockerRenderers: Partial<{ [M in Method]: (out: OutputOf<M>) => string }> = {
  'docker.ps': (rows) => containers(rows, false),
  'docker.containersAll': (all) =>
    [
      containers(all.containers, true),
      ...all.failures.map((f) => `${f.server}: ${f.message} (hint: ${f.hint})`)
    ].join('\n'),
  'docker.watch': (all) =>
    [
      containers(all.containers, true),
      ...all.failures.map((f) => `${f.server}: ${f.message} (hint: ${f.hint})`)
    ].join('\n'),
  'docker.stats': (s) =>
    s.containers.length === 0
      ? `No running containers on ${s.server}.`
      : table(
          s.containers.map((c) => ({
            shortId: c.id.slice(0, 12),
            name: c.name,
            cpu: c.cpuPercent === null ? '-' : `${c.cpuPercent.toFixed(2)}%`,
            mem: `${bytes(c.memoryBytes)} / ${bytes(c.memoryLimitBytes)}`,
            memPct: `${c.memoryPercent.toFixed(2)}%`,
            net: `${bytes(c.netRxBytes)} / ${bytes(c.netTxBytes)}`,
            block: `${bytes(c.blockReadBytes)} / ${bytes(c.blockWriteBytes)}`,
            pids: c.pids
          })),
          [
            ['shortId', 'CONTAINER ID'],
            ['name', 'NAME'],
            ['cpu', 'CPU %'],
            ['mem', 'MEM USAGE / LIMIT'],
            ['memPct', 'MEM %'],
            ['net', 'NET I/O'],
            ['block', 'BLOCK I/O'],
            ['pids', 'PIDS']
          ]
        ),
  'docker.images': (images) =>
    images.length === 0
      ? 'No images.'
      : table(
          images.flatMap((i) =>
            (i.tags.length ? i.tags : ['<none>:<none>']).map((tag) => ({
              tag,
              id: shortImage(i.id),
              created: ago(i.created),
              size: bytes(i.size),
              used: i.containers,
              dangling: i.dangling ? 'dangling' : ''
            }))
          ),
          [
            ['tag', 'REPOSITORY:TAG'],
            ['id', 'IMAGE ID'],
            ['created', 'CREATED'],
            ['size', 'SIZE'],
            ['used', 'CONTAINERS'],
            ['dangling', '']
          ]
        ),
  'docker.imagePrunePreview': (p) =>
    p.images.length === 0
      ? `Nothing to prune on ${p.server}.`
      : `A prune on ${p.server} would delete ${p.images.length} image(s), ${bytes(p.reclaimableBytes)}:\n` +
        p.images
          .map((i) => `  ${shortImage(i.id)}  ${i.tags.join(', ') || '<none>'}  ${bytes(i.size)}`)
          .join('\n'),
  'docker.imagePrune': (r) =>
    `Deleted ${r.deleted.length} image layer(s) on ${r.server}, reclaimed ${bytes(r.reclaimedBytes)}.`,
  'docker.volumePrune': (r) =>
    `Deleted ${r.deleted.length} volume(s) on ${r.server}, reclaimed ${bytes(r.reclaimedBytes)}.`,
  'docker.volumes': (vols) =>
    vols.length === 0
      ? 'No volumes.'
      : table(
          vols.map((v) => ({ ...v, sizeText: bytes(v.size), users: v.usedBy.join(', ') })),
          [
            ['name', 'VOLUME NAME'],
            ['driver', 'DRIVER'],
            ['sizeText', 'SIZE'],
            ['users', 'USED BY']
          ]
        ),
  'docker.networks': (nets) =>
    table(
      nets.map((n) => ({ ...n, shortId: n.id.slice(0, 12), attached: n.containers.join(', ') })),
      [
        ['shortId', 'NETWORK ID'],
        ['name', 'NAME'],
        ['driver', 'DRIVER'],
        ['scope', 'SCOPE'],
        ['attached', 'CONTAINERS']
      ]
    ),
  'docker.start': (r) => `${r.container}: ${r.state}`,
  'docker.stop': (r) => `${r.container}: ${r.state}`,
  'docker.restart': (r) => `${r.container}: ${r.state}`,
  'docker.pause': (r) => `${r.container}: ${r.state}`,
  'docker.unpause': (r) => `${r.container}: ${r.state}`,
  'docker.remove': (r) => `${r.container}: removed`,
  'docker.events': (e) =>
    `${new Date(e.time * 1000).toISOString()} ${e.type} ${e.action} ${e.name ?? e.id.slice(0, 12)}`
}
