// Runs in: main, CLI, headless server.
// Which tasks of a swarm service count as its running replicas. The engine's own count
// (ServiceStatus.RunningTasks), like a plain "state running" filter, also counts the tasks of
// the spec being replaced: during a start-first rolling update the old task keeps running beside
// the new one, so a list would say "Running 2/1". A replica counts here when its container runs,
// swarm still wants it running, and it runs the service's current spec.

export interface SwarmTaskInfo {
  ID?: string
  ServiceID?: string
  NodeID?: string
  Slot?: number
  DesiredState?: string
  Status?: {
    State?: string
    Err?: string
    Message?: string
    Timestamp?: string
    ContainerStatus?: { ContainerID?: string }
  }
  Spec?: { ContainerSpec?: { Image?: string }; ForceUpdate?: number }
}

export interface SwarmServiceInfo {
  ID?: string
  Spec?: { TaskTemplate?: { ContainerSpec?: { Image?: string }; ForceUpdate?: number } }
}

/**
 * Whether the task runs the spec the service has now. Tasks are copies of the service's task
 * template when swarm made them, so the image (with its digest where the spec pins one) and the
 * force-update counter tell the old spec's tasks from the new one's. A task without a spec (an
 * engine that leaves it out) cannot be told apart and counts as current.
 */
export function runsCurrentSpec(task: SwarmTaskInfo, service: SwarmServiceInfo): boolean {
  const want = service.Spec?.TaskTemplate
  const have = task.Spec
  if (!want || !have) return true
  if ((have.ContainerSpec?.Image ?? '') !== (want.ContainerSpec?.Image ?? '')) return false
  return (have.ForceUpdate ?? 0) === (want.ForceUpdate ?? 0)
}

/** Running, wanted running, and of the current spec. */
export function isCurrentReplica(task: SwarmTaskInfo, service: SwarmServiceInfo): boolean {
  return (
    task.Status?.State === 'running' &&
    task.DesiredState === 'running' &&
    runsCurrentSpec(task, service)
  )
}

/** The service's current replicas among tasks of any services. */
export function currentReplicas(
  service: SwarmServiceInfo,
  tasks: readonly SwarmTaskInfo[]
): SwarmTaskInfo[] {
  return tasks.filter((t) => t.ServiceID === service.ID && isCurrentReplica(t, service))
}
