// Runs in: renderer (pure; no DOM).
// How jobs read in lists: which are still going, how long they took, what their outcome was,
// and which ones just ended (for the in-app notice). Times in a JobRecord are unix seconds.
import type { OutputOf } from '../../../main/api/contract'

export type JobRecord = OutputOf<'job.watch'>[number]
export type JobState = JobRecord['state']

/** Identifies a job across servers: ids are only unique per server. */
export function jobKey(job: Pick<JobRecord, 'serverId' | 'id'>): string {
  return `${job.serverId}/${job.id}`
}

export const isActive = (state: JobState): boolean => state === 'queued' || state === 'running'

export function jobName(job: Pick<JobRecord, 'title' | 'id'>): string {
  return job.title ?? job.id
}

export const STATE_LABELS: Record<JobState, string> = {
  queued: 'Queued',
  running: 'Running',
  succeeded: 'Succeeded',
  failed: 'Failed',
  cancelled: 'Cancelled'
}

/**
 * Running jobs first, then queued ones in the order they will run (oldest first); below them
 * the ended jobs, newest first.
 */
export function partitionJobs(
  jobs: readonly JobRecord[],
  serverId?: string | null
): { active: JobRecord[]; ended: JobRecord[] } {
  const mine = serverId ? jobs.filter((j) => j.serverId === serverId) : [...jobs]
  const active = mine
    .filter((j) => isActive(j.state))
    .sort(
      (a, b) =>
        Number(b.state === 'running') - Number(a.state === 'running') ||
        a.queuedAt - b.queuedAt ||
        a.id.localeCompare(b.id)
    )
  const ended = mine
    .filter((j) => !isActive(j.state))
    .sort(
      (a, b) =>
        (b.endedAt ?? b.queuedAt) - (a.endedAt ?? a.queuedAt) ||
        b.queuedAt - a.queuedAt ||
        b.id.localeCompare(a.id)
    )
  return { active, ended }
}

/** Seconds the job has run (so far, for a running one); null before it starts. */
export function jobDuration(
  job: Pick<JobRecord, 'startedAt' | 'endedAt'>,
  nowSec: number
): number | null {
  if (job.startedAt === null) return null
  return Math.max(0, (job.endedAt ?? nowSec) - job.startedAt)
}

/** `45s`, `3m 05s`, `2h 04m`. */
export function formatDuration(sec: number | null): string {
  if (sec === null) return '—'
  const s = Math.floor(sec)
  if (s < 60) return `${s}s`
  const two = (n: number): string => String(n).padStart(2, '0')
  if (s < 3600) return `${Math.floor(s / 60)}m ${two(s % 60)}s`
  return `${Math.floor(s / 3600)}h ${two(Math.floor(s / 60) % 60)}m`
}

/** The ISO time of a unix-seconds stamp, for the shared relative-time helpers. */
export function isoOf(unixSec: number | null): string | null {
  return unixSec === null ? null : new Date(unixSec * 1000).toISOString()
}

/** The outcome column: exit code and, for a failure, the reason. */
export function outcome(job: Pick<JobRecord, 'state' | 'exitCode' | 'reason'>): string {
  if (isActive(job.state)) return ''
  const code = job.exitCode === null ? '' : `exit ${job.exitCode}`
  if (job.state === 'succeeded') return code
  return [code, job.reason ?? ''].filter(Boolean).join(' · ')
}

/** The status line of an active job: its step and progress as the script reported them. */
export function progressText(job: Pick<JobRecord, 'state' | 'step' | 'progress'>): string {
  if (job.state === 'queued') return 'Waiting for the job before it to finish'
  const pct = job.progress === null ? '' : `${job.progress}%`
  return [job.step ?? '', pct].filter(Boolean).join(' · ') || 'Running'
}

/**
 * The jobs started from this Pier that were active in `before` and have ended in `after`: what
 * the user asked to hear about. Jobs first seen already ended are not news.
 */
export function newlyFinished(
  before: readonly JobRecord[],
  after: readonly JobRecord[]
): JobRecord[] {
  const was = new Map(before.map((j) => [jobKey(j), j.state]))
  return after.filter((j) => {
    const prev = was.get(jobKey(j))
    return j.startedHere && prev !== undefined && isActive(prev) && !isActive(j.state)
  })
}
