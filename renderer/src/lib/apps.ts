// Runs in: renderer (pure; no DOM).
// How an app reads in the Apps list and on its page: one status word from its swarm service and
// its latest deploy job, replicas as "1/1", the source in a few words, and the deploy's steps
// from the step its job last reported.
import type { OutputOf } from '../../../main/api/contract'
import { isActive, type JobRecord } from './jobs'

export type AppRecord = OutputOf<'app.list'>[number]
export type AppStatus = OutputOf<'app.status'>[number]
export type ReleaseRecord = OutputOf<'app.releases'>[number]

/** The lock key every deploy and rollback job of an app runs under (main/core/apps/service.ts). */
export const appJobKey = (app: string): string => `app-${app}`

export type AppHealthTone = 'ok' | 'busy' | 'warn' | 'bad' | 'idle'

export interface AppHealth {
  /** A stable word for tests and styles: running, deploying, degraded, failed, stopped, … */
  state: 'running' | 'deploying' | 'degraded' | 'failed' | 'stopped' | 'not-deployed' | 'unknown'
  label: string
  tone: AppHealthTone
  /** Why, in a sentence, for a tooltip. */
  detail: string
}

/** The newest deploy or rollback job of the app (by queue time), or null. */
export function latestDeployJob(jobs: readonly JobRecord[], app: AppRecord): JobRecord | null {
  const key = appJobKey(app.name)
  let best: JobRecord | null = null
  for (const j of jobs) {
    if (j.key !== key || j.serverId !== app.serverId) continue
    if (!best || j.queuedAt > best.queuedAt || (j.queuedAt === best.queuedAt && j.id > best.id))
      best = j
  }
  return best
}

/** "1/1", "0/2", "3" for a global service, "—" when there is no service. */
export function replicasText(status: AppStatus | null | undefined): string {
  const s = status?.service
  if (!s) return '—'
  return s.desired === null ? String(s.running) : `${s.running}/${s.desired}`
}

/**
 * One word for the app: a deploy in flight wins; then what swarm says (all replicas up, some,
 * none); a failed last deploy with the old release still serving reads as "running" with the
 * failure shown apart (the list has a column for it).
 */
export function appHealth(
  status: AppStatus | null | undefined,
  lastJob: Pick<JobRecord, 'state' | 'step'> | null
): AppHealth {
  if (lastJob && isActive(lastJob.state))
    return {
      state: 'deploying',
      label: lastJob.state === 'queued' ? 'Queued' : 'Deploying',
      tone: 'busy',
      detail:
        lastJob.state === 'queued'
          ? 'A deploy waits for the one before it.'
          : `Deploying${lastJob.step ? `: ${lastJob.step}` : ''}.`
    }
  if (!status) return { state: 'unknown', label: 'Unknown', tone: 'idle', detail: 'Not asked yet.' }
  if (status.error)
    return { state: 'unknown', label: 'Unknown', tone: 'warn', detail: status.error.message }
  const s = status.service
  if (!s) {
    if (lastJob?.state === 'failed')
      return {
        state: 'failed',
        label: 'Failed',
        tone: 'bad',
        detail: 'The first deploy failed; nothing runs.'
      }
    return {
      state: 'not-deployed',
      label: 'Not deployed',
      tone: 'idle',
      detail: 'No service on the server yet: deploy it.'
    }
  }
  const want = s.desired ?? s.running
  if (want === 0)
    return { state: 'stopped', label: 'Stopped', tone: 'idle', detail: 'Scaled to 0 replicas.' }
  if (s.updateState === 'updating' || s.updateState === 'rollback_started')
    return {
      state: 'deploying',
      label: s.updateState === 'updating' ? 'Updating' : 'Rolling back',
      tone: 'busy',
      detail: s.updateMessage ?? 'Swarm is replacing the tasks.'
    }
  if (s.running >= want)
    return {
      state: 'running',
      label: 'Running',
      tone: 'ok',
      detail: `${s.running} of ${want} replicas running.`
    }
  if (s.running > 0)
    return {
      state: 'degraded',
      label: 'Degraded',
      tone: 'warn',
      detail: `Only ${s.running} of ${want} replicas running.`
    }
  return {
    state: 'failed',
    label: 'Down',
    tone: 'bad',
    detail: `None of ${want} replicas running${s.updateMessage ? `: ${s.updateMessage}` : '.'}`
  }
}

/** The last deploy's result in words: "Succeeded", "Failed", "Running · wait · 60%". */
export function lastDeployText(job: Pick<JobRecord, 'state' | 'step' | 'progress'> | null): string {
  if (!job) return 'Never deployed'
  switch (job.state) {
    case 'queued':
      return 'Queued'
    case 'running':
      return ['Running', job.step, job.progress === null ? null : `${job.progress}%`]
        .filter(Boolean)
        .join(' · ')
    case 'succeeded':
      return 'Succeeded'
    case 'failed':
      return 'Failed'
    case 'cancelled':
      return 'Cancelled'
  }
}

/** Where the app's code comes from, in a few words. */
export function sourceText(source: AppRecord['source']): string {
  const s = source as { type: string; image?: string; url?: string; ref?: string; path?: string }
  if (s.type === 'image') return s.image ?? 'image'
  if (s.type === 'git') return [s.url, s.ref].filter(Boolean).join(' @ ') || 'git'
  if (s.type === 'dir') return s.path ?? 'local folder'
  return s.type
}

/** The git commit a release was built from, where its record has one (git sources). */
export function commitOf(release: ReleaseRecord | null | undefined): string | null {
  const c = release?.commit
  return c ? c.slice(0, 12) : null
}

/** Releases a user may roll back to: kept (not pruned) and not the one serving now. */
export function rollbackTargets(releases: readonly ReleaseRecord[]): Set<number> {
  return new Set(releases.filter((r) => !r.pruned && !r.current).map((r) => r.number))
}

/**
 * The steps deploy.sh reports (`::pier step NAME`), in order. Builds add fetch and build; an app
 * on a cluster copies its image to the other nodes between tag and update.
 */
export function deployStepNames(sourceType: string, onCluster = false): string[] {
  const base = [
    'check',
    'pull',
    'tag',
    ...(onCluster ? ['distribute'] : []),
    'update',
    'wait',
    'record'
  ]
  return sourceType === 'image' ? base : ['fetch', 'build', ...base.filter((s) => s !== 'pull')]
}

export const STEP_LABELS: Record<string, string> = {
  fetch: 'Fetch the source',
  build: 'Build the image',
  check: 'Check the server',
  pull: 'Pull the image',
  tag: 'Tag the release',
  distribute: 'Copy the image to the nodes',
  update: 'Update the service',
  wait: 'Wait until healthy',
  record: 'Record the release'
}

export type StepState = 'done' | 'current' | 'failed' | 'pending'

/**
 * Each step's state from the step the job last reported: the ones before it are done, it is
 * current (or failed, or done when the job succeeded), the rest wait. A step name the list does
 * not know is added where it was reported, so a newer deploy script still reads right.
 */
export function deploySteps(
  names: readonly string[],
  job: Pick<JobRecord, 'state' | 'step'> | null
): { name: string; label: string; state: StepState }[] {
  const list = [...names]
  const at = job?.step ? list.indexOf(job.step) : -1
  let current = at
  if (job?.step && at === -1) {
    list.push(job.step)
    current = list.length - 1
  }
  return list.map((name, i) => {
    let state: StepState = 'pending'
    if (job?.state === 'succeeded') state = 'done'
    else if (current >= 0 && i < current) state = 'done'
    else if (i === current)
      state =
        job?.state === 'failed' || job?.state === 'cancelled'
          ? 'failed'
          : job?.state === 'running'
            ? 'current'
            : 'pending'
    return { name, label: STEP_LABELS[name] ?? name, state }
  })
}
