// Replica counts during a rolling update: the old spec's tasks that still run beside the new
// ones (start-first) or on their way out do not count, in the app status and the cluster view.
import { describe, expect, it } from 'vitest'
import { serviceStatus } from '../../main/core/apps/status'
import { summarizeServices, type RawService } from '../../main/core/clusters/tasks'
import {
  currentReplicas,
  runsCurrentSpec,
  type SwarmTaskInfo
} from '../../main/core/docker/swarm-tasks'

/** A service as GET /services returns it, mid-update from release 1 to release 2. */
const service = (image: string, replicas: number, forceUpdate = 0): RawService & object => ({
  ID: 'svc1',
  Spec: {
    Name: 'web_app',
    Labels: { 'pier.app': 'web', 'com.docker.stack.namespace': 'web' },
    Mode: { Replicated: { Replicas: replicas } },
    TaskTemplate: {
      ContainerSpec: { Image: image },
      ForceUpdate: forceUpdate
    }
  }
})

/** A task as GET /tasks returns it (the fields Pier reads, with the engine's spelling). */
const task = (
  id: string,
  image: string,
  node: string,
  state: string,
  desired: string,
  forceUpdate = 0
): SwarmTaskInfo => ({
  ID: id,
  ServiceID: 'svc1',
  NodeID: node,
  DesiredState: desired,
  Status: { State: state, Timestamp: '2026-11-28T12:00:00.000000000Z', Message: state },
  Spec: { ContainerSpec: { Image: image }, ForceUpdate: forceUpdate }
})

describe('replicas of the current spec', () => {
  // Start-first, one replica: the new task runs and is healthy; swarm has not yet told the old
  // one to stop, so both are running and wanted running for a moment.
  const overlap = [
    task('t-old', 'pier/web:1', 'n1', 'running', 'running'),
    task('t-new', 'pier/web:2', 'n1', 'running', 'running')
  ]
  // Then the old one is told to stop and keeps running for its stop grace period.
  const stopping = [
    task('t-old', 'pier/web:1', 'n1', 'running', 'shutdown'),
    task('t-new', 'pier/web:2', 'n1', 'running', 'running')
  ]

  it('counts the new spec only, while the old task still runs beside it', () => {
    const svc = service('pier/web:2', 1)
    expect(currentReplicas(svc, overlap).map((t) => t.ID)).toEqual(['t-new'])
    expect(currentReplicas(svc, stopping).map((t) => t.ID)).toEqual(['t-new'])
  })

  it('counts the old spec again once swarm rolled back to it', () => {
    const back = service('pier/web:1', 1)
    const list = [
      task('t-old', 'pier/web:1', 'n1', 'running', 'running'),
      task('t-new', 'pier/web:2', 'n1', 'failed', 'shutdown')
    ]
    expect(currentReplicas(back, list).map((t) => t.ID)).toEqual(['t-old'])
  })

  it('tells specs apart by digest and by a forced update, and ignores other services', () => {
    const pinned = service('127.0.0.1:5065/pier/web:2@sha256:' + 'b'.repeat(64), 1)
    const list = [
      task('a', '127.0.0.1:5065/pier/web:2@sha256:' + 'a'.repeat(64), 'n1', 'running', 'running'),
      task('b', '127.0.0.1:5065/pier/web:2@sha256:' + 'b'.repeat(64), 'n2', 'running', 'running'),
      {
        ...task(
          'c',
          '127.0.0.1:5065/pier/web:2@sha256:' + 'b'.repeat(64),
          'n3',
          'running',
          'running'
        ),
        ServiceID: 'other'
      }
    ]
    expect(currentReplicas(pinned, list).map((t) => t.ID)).toEqual(['b'])
    const forced = service('pier/web:2', 1, 3)
    expect(runsCurrentSpec(task('x', 'pier/web:2', 'n1', 'running', 'running', 2), forced)).toBe(
      false
    )
    expect(runsCurrentSpec(task('y', 'pier/web:2', 'n1', 'running', 'running', 3), forced)).toBe(
      true
    )
  })

  it('a task without a spec cannot be told apart and counts', () => {
    const bare: SwarmTaskInfo = {
      ID: 'z',
      ServiceID: 'svc1',
      DesiredState: 'running',
      Status: { State: 'running' }
    }
    expect(currentReplicas(service('pier/web:2', 1), [bare])).toHaveLength(1)
  })

  it('the app status says 1/1, not 2/1, during a start-first update', () => {
    // The engine's own count includes the old task, as it does mid-update.
    const svc = { ...service('pier/web:2', 1), ServiceStatus: { RunningTasks: 2, DesiredTasks: 1 } }
    for (const tasks of [overlap, stopping])
      expect(serviceStatus('web', [svc], [], tasks)).toMatchObject({
        desired: 1,
        running: 1,
        release: 2
      })
    // Without a task list (a server that cannot list tasks) the engine's count is all there is.
    expect(serviceStatus('web', [svc], [])?.running).toBe(2)
  })

  it('the cluster view counts current replicas per node during a 3-replica update', () => {
    const svc = service('pier/web:2', 3)
    const tasks = [
      task('o1', 'pier/web:1', 'n1', 'running', 'shutdown'),
      task('o2', 'pier/web:1', 'n2', 'running', 'running'),
      task('o3', 'pier/web:1', 'n3', 'running', 'running'),
      task('n1', 'pier/web:2', 'n1', 'running', 'running'),
      task('n2', 'pier/web:2', 'n2', 'starting', 'running')
    ]
    const [view] = summarizeServices([svc], tasks, (id = '') => `host-${id}`)
    expect(view).toMatchObject({ desired: 3, running: 1, perNode: { 'host-n1': 1 } })
  })

  it("names each current replica's container with the server it runs on, the app's own first", () => {
    const svc = service('pier/web:2', 3)
    const withCtr = (t: SwarmTaskInfo, ctr: string, slot: number): SwarmTaskInfo => ({
      ...t,
      Slot: slot,
      Status: { ...t.Status, ContainerStatus: { ContainerID: ctr } }
    })
    const tasks = [
      withCtr(task('told', 'pier/web:1', 'n2', 'running', 'shutdown'), 'c-old', 1),
      withCtr(task('t1', 'pier/web:2', 'n1', 'running', 'running'), 'c1', 1),
      withCtr(task('t2', 'pier/web:2', 'n3', 'running', 'running'), 'c2', 2),
      withCtr(task('t3', 'pier/web:2', 'n2', 'running', 'running'), 'c3', 3),
      // A node Pier has no server for: no terminal can reach it.
      withCtr(task('t4', 'pier/web:2', 'n9', 'running', 'running'), 'c4', 4)
    ]
    const local = {
      Id: 'c1',
      Names: ['/web_app.1.t1'],
      State: 'running',
      Created: 5,
      Labels: { 'com.docker.swarm.service.name': 'web_app' }
    } as never
    const servers: Record<string, string> = { n1: 'mgr', n2: 'w2', n3: 'w1' }
    const s = serviceStatus('web', [svc], [local], tasks, {
      server: 'mgr',
      nodeServer: (id) => servers[id] ?? null
    })
    expect(s?.containers).toEqual([
      { id: 'c1', name: 'web_app.1.t1', server: 'mgr' },
      { id: 'c2', name: 'web_app.2.t2', server: 'w1' },
      { id: 'c3', name: 'web_app.3.t3', server: 'w2' }
    ])
    // A single server knows no other nodes: only its own containers.
    expect(serviceStatus('web', [svc], [local], tasks, { server: 'mgr' })?.containers).toEqual([
      { id: 'c1', name: 'web_app.1.t1', server: 'mgr' }
    ])
  })
})
