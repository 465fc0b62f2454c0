// Runs in: main, CLI, headless server.
// Containers of one engine: the list, the detail view and the lifecycle actions.
import { PierError } from '../errors'
import type { Engine } from './engines'
import type { ContainerDetail, ContainerRow } from './model'
import { containerDetail, containerRow, sortRows, type InspectInfo } from './rows'

export async function listContainers(engine: Engine, all: boolean): Promise<ContainerRow[]> {
  const list = await engine.call((d) => d.listContainers({ all }))
  return sortRows(list.map((c) => containerRow(engine.server, c)))
}

export async function inspectContainer(engine: Engine, ref: string): Promise<ContainerDetail> {
  const info = await engine.call(
    (d) => d.getContainer(ref).inspect() as Promise<unknown> as Promise<InspectInfo>,
    `container "${ref}"`
  )
  return containerDetail(engine.server, info)
}

export const containerActions = ['start', 'stop', 'restart', 'pause', 'unpause', 'remove'] as const
export type ContainerAction = (typeof containerActions)[number]

export interface ActionOptions {
  /** remove: also a running container. */
  force?: boolean
  /** remove: also its anonymous volumes. */
  volumes?: boolean
  /** stop/restart: seconds before SIGKILL. */
  timeoutSec?: number
}

/** 304 means "already in that state": for a person that is success, not an error. */
const idempotent = (err: unknown): boolean =>
  typeof err === 'object' && err !== null && (err as { statusCode?: number }).statusCode === 304

export async function containerAction(
  engine: Engine,
  ref: string,
  action: ContainerAction,
  opts: ActionOptions = {}
): Promise<{ server: string; container: string; action: ContainerAction; state: string }> {
  const what = `container "${ref}"`
  await engine.call(async (d) => {
    const c = d.getContainer(ref)
    const t = opts.timeoutSec === undefined ? {} : { t: opts.timeoutSec }
    try {
      switch (action) {
        case 'start':
          return await c.start()
        case 'stop':
          return await c.stop(t)
        case 'restart':
          return await c.restart(t)
        case 'pause':
          return await c.pause()
        case 'unpause':
          return await c.unpause()
        case 'remove':
          return await c.remove({ force: opts.force ?? false, v: opts.volumes ?? false })
      }
    } catch (err) {
      if (idempotent(err)) return undefined
      throw err
    }
  }, what)
  if (action === 'remove')
    return { server: engine.server, container: ref, action, state: 'removed' }
  const after = await inspectContainer(engine, ref).catch((err: unknown) => {
    // Removed meanwhile (e.g. --rm after stop): report that plainly.
    if (err instanceof PierError && err.code === 'not_found') return null
    throw err
  })
  return { server: engine.server, container: ref, action, state: after?.state ?? 'removed' }
}
