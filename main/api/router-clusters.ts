// Runs in: main, CLI, headless server.
// Binds the cluster.* methods to core.clusters.
import type { Core } from '../core/core'
import type { ParsedInputOf } from './contract'
import type { RequestContext } from './router'

export function clusterHandlers(core: Core) {
  return {
    'cluster.list': () => core.clusters.list(),
    'cluster.create': (i: ParsedInputOf<'cluster.create'>) =>
      core.clusters.create(i.name, i.manager, {
        advertiseAddr: i.advertiseAddr,
        addrPool: i.addrPool
      }),
    'cluster.join': (i: ParsedInputOf<'cluster.join'>) =>
      core.clusters.join(i.name, i.server, { role: i.role, advertiseAddr: i.advertiseAddr }),
    'cluster.leave': (i: ParsedInputOf<'cluster.leave'>) => core.clusters.leave(i.server),
    'cluster.nodes': (i: ParsedInputOf<'cluster.nodes'>) => core.clusters.nodes(i.name),
    'cluster.watch': (i: ParsedInputOf<'cluster.watch'>, ctx: RequestContext) =>
      core.clusters.watch(i.name, ctx.signal),
    'cluster.services': (i: ParsedInputOf<'cluster.services'>) => core.clusters.services(i.name),
    'cluster.node': (i: ParsedInputOf<'cluster.node'>) =>
      core.clusters.updateNode(i.name, i.node, {
        role: i.role,
        availability: i.availability,
        labels: i.label ? Object.fromEntries(i.label) : undefined,
        removeLabels: i.removeLabel
      }),
    'cluster.distribute': (i: ParsedInputOf<'cluster.distribute'>) =>
      core.clusters.distribute(i.name, i.image, { from: i.from }),
    'cluster.set': (i: ParsedInputOf<'cluster.set'>) => core.clusters.setImages(i.name, i.images),
    'cluster.forget': (i: ParsedInputOf<'cluster.forget'>) => core.clusters.forget(i.name)
  }
}
