// Runs in: CLI.
// Human output for the cluster commands; --json prints the API's values instead.
import type { Method, OutputOf } from '../api/contract'
import type { ClusterNode } from '../core/clusters/model'
import { REGISTRY_PORT } from '../core/clusters/registry'
import { table } from './format'

const gib = (b: number): string => (b ? `${(b / 1024 ** 3).toFixed(1)}G` : '-')

function nodesTable(nodes: ClusterNode[]): string {
  return table(
    nodes.map((n) => ({
      name: n.server ?? `(${n.hostname})`,
      role: n.managerStatus ? `${n.role} (${n.managerStatus})` : n.role,
      labels:
        Object.entries(n.labels)
          .map(([k, v]) => `${k}=${v}`)
          .join(',') || '-',
      cpu: n.cpus ? String(n.cpus) : '-',
      mem: gib(n.memoryBytes),
      status: n.status,
      availability: n.availability,
      addr: n.addr || '-',
      engine: n.engineVersion || '-'
    })),
    [
      ['name', 'NODE'],
      ['status', 'STATUS'],
      ['availability', 'AVAILABILITY'],
      ['role', 'ROLE'],
      ['addr', 'ADDRESS'],
      ['engine', 'ENGINE'],
      ['cpu', 'CPUS'],
      ['mem', 'MEMORY'],
      ['labels', 'LABELS']
    ]
  )
}

export const clusterRenderers: Partial<{ [M in Method]: (out: OutputOf<M>) => string }> = {
  'cluster.list': (cs) =>
    cs.length === 0
      ? 'No clusters yet. Form one: pier cluster create NAME --manager SERVER'
      : table(
          cs.map((c) => ({
            name: c.name,
            managers:
              c.members
                .filter((m) => m.role === 'manager')
                .map((m) => m.server)
                .join(',') || '-',
            workers:
              c.members
                .filter((m) => m.role === 'worker')
                .map((m) => m.server)
                .join(',') || '-',
            images: c.distribution
          })),
          [
            ['name', 'NAME'],
            ['managers', 'MANAGERS'],
            ['workers', 'WORKERS'],
            ['images', 'IMAGES']
          ]
        ),
  'cluster.create': (c) =>
    `Formed ${c.name} with ${c.members[0]?.server ?? '?'} as its manager. Add servers: pier cluster join ${c.name} SERVER`,
  'cluster.join': (m) => `${m.server} joined as a ${m.role} (node ${m.nodeId.slice(0, 12)}).`,
  'cluster.leave': (r) =>
    r.removed
      ? `${r.server} was the last member: Pier forgot ${r.cluster}; its swarm stays as a single-node swarm.`
      : `${r.server} left ${r.cluster} and has its own single-node swarm again.`,
  'cluster.nodes': (r) =>
    [
      nodesTable(r.nodes),
      `images: ${r.images === 'registry' ? `pulled from Pier's registry on the manager (127.0.0.1:${REGISTRY_PORT} on each node)` : 'streamed over SSH from this computer during each deploy'}`,
      ...r.warnings.map((w) => `warning: ${w}`)
    ].join('\n'),
  'cluster.set': (r) =>
    r.images === 'registry'
      ? `${r.cluster}: deploys push the release to Pier's registry on the manager; every node pulls it from ${r.address ?? '?'}.`
      : `${r.cluster}: deploys stream the release image over SSH again; ${
          r.registry === 'kept'
            ? `the registry keeps running for ${r.usedBy.join(', ')}, which run an image from it (deploy them, then run this again to remove it).`
            : 'the registry was removed (its volume pier-registry-data stays on the manager).'
        }`,
  'cluster.node': (n) =>
    `${n.server ?? n.hostname}: ${n.role}, ${n.availability}, ${n.status}${
      Object.keys(n.labels).length
        ? `, labels ${Object.entries(n.labels)
            .map(([k, v]) => `${k}=${v}`)
            .join(',')}`
        : ''
    }.`,
  'cluster.services': (ss) =>
    ss.length === 0
      ? 'No services in this cluster yet.'
      : table(
          ss.map((s) => ({
            name: s.name,
            replicas: `${s.running}/${s.desired ?? 'global'}`,
            nodes:
              Object.entries(s.perNode)
                .map(([n, k]) => `${n}:${k}`)
                .join(' ') || '-',
            error: s.errors[0] ? `${s.errors[0].node}: ${s.errors[0].error}` : '-'
          })),
          [
            ['name', 'SERVICE'],
            ['replicas', 'RUNNING'],
            ['nodes', 'ON NODES'],
            ['error', 'LAST ERROR']
          ]
        ),
  'cluster.distribute': (r) =>
    `${r.image}: loaded on ${r.loaded.join(', ') || 'no node'} (${(r.bytes / 1024 ** 2).toFixed(1)} MiB each)${
      r.skipped.length ? `; already on ${r.skipped.join(', ')}` : ''
    }${r.tagged.length ? `; tagged on ${r.tagged.join(', ')} (they had the image)` : ''}.`,
  'cluster.forget': (r) => `Forgot ${r.forgotten}; its swarm is untouched.`
}
