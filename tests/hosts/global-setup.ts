// Runs once in the vitest main process for the integration and bench projects: starts three test
// hosts (a cluster test needs a node to lose and two to keep) with busybox:local on each, hands
// them to the test files and always tears them down.
import type { TestProject } from 'vitest/node'
import {
  importBusybox,
  prerequisites,
  startHosts,
  stopHosts,
  stopHostsSync,
  type TestHost
} from './harness'

declare module 'vitest' {
  export interface ProvidedContext {
    testHosts: TestHost[]
    /** Empty when hosts are available. */
    hostsSkipReason: string
  }
}

const HOST_COUNT = 3

export default async function setup(
  project: TestProject
): Promise<(() => Promise<void>) | undefined> {
  const pre = prerequisites()
  if (!pre.ok) {
    // CI exists to run these tests: a machine that can't is a broken machine, not a skip.
    if (process.env.CI === 'true') throw new Error(`test hosts unavailable on CI: ${pre.reason}`)
    console.warn(`[test hosts] integration tests will be skipped: ${pre.reason}`)
    project.provide('testHosts', [])
    project.provide('hostsSkipReason', pre.reason)
    return undefined
  }

  // Registered before anything starts, so a Ctrl-C or crash during startup also cleans up.
  let stopped = false
  const stopNow = (): void => {
    if (stopped) return
    stopped = true
    try {
      stopHostsSync()
    } catch (error) {
      console.error('[test hosts] teardown failed:', error)
    }
  }
  const onSignal = (signal: NodeJS.Signals): void => {
    stopNow()
    // Re-raise only when nobody else listens, so vitest's own handling still decides the exit.
    if (process.listenerCount(signal) === 0) process.kill(process.pid, signal)
  }
  process.once('exit', stopNow)
  process.once('SIGINT', onSignal)
  process.once('SIGTERM', onSignal)
  const unregister = (): void => {
    process.off('exit', stopNow)
    process.off('SIGINT', onSignal)
    process.off('SIGTERM', onSignal)
  }

  let hosts: TestHost[]
  try {
    hosts = await startHosts(HOST_COUNT)
    await Promise.all(hosts.map((h) => importBusybox(h.name, 'busybox:local')))
  } catch (error) {
    unregister()
    stopNow()
    throw error
  }
  project.provide('testHosts', hosts)
  project.provide('hostsSkipReason', '')

  return async () => {
    unregister()
    if (stopped) return
    stopped = true
    await stopHosts()
  }
}
