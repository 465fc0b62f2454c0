// Runs in: renderer.
// Every job this Pier knows of, kept live by one `job.watch` (all servers): the Jobs panels
// filter it per server, and the in-app notices come from comparing one picture with the next.
// Also which job's log is open and each cancel in flight. Log streams never enter the store:
// the log view's hook owns them (hooks/useJobLog.ts).
import { create } from 'zustand'
import { describeFinishedJob } from '../../../main/core/jobs/describe'
import type { UiError } from '../lib/errors'
import { jobKey, newlyFinished, type JobRecord } from '../lib/jobs'
import type { StoreDeps } from './deps'
import { follow, watchFailure } from './follow'
import type { LiveStatus, LoadStatus } from './servers'

export interface JobRef {
  serverId: string
  /** The server's name, which the API takes. */
  server: string
  id: string
}

export interface CancelEntry {
  status: 'running' | 'error'
  error: UiError | null
}

export interface JobNotice {
  key: string
  job: JobRef
  state: JobRecord['state']
  title: string
  body: string
}

export interface JobsState {
  jobs: JobRecord[]
  status: LoadStatus
  error: UiError | null
  live: LiveStatus
  liveError: UiError | null
  /** Bumped to ask the component that owns the watch to start a fresh one. */
  watchEpoch: number
  /** The job whose log is open, wherever the panel showing it is. */
  open: JobRef | null
  cancels: Record<string, CancelEntry>
  /** Jobs started here that ended while Pier was open, newest last, until dismissed. */
  notices: JobNotice[]
}

export const initialJobsState: JobsState = {
  jobs: [],
  status: 'loading',
  error: null,
  live: 'idle',
  liveError: null,
  watchEpoch: 0,
  open: null,
  cancels: {},
  notices: []
}

export const useJobs = create<JobsState>()(() => ({ ...initialJobsState }))

/** At most this many notices stack up; older ones make way. */
export const MAX_NOTICES = 4

export const jobSelectors = {
  jobs: (s: JobsState) => s.jobs,
  status: (s: JobsState) => s.status,
  error: (s: JobsState) => s.error,
  live: (s: JobsState) => s.live,
  liveError: (s: JobsState) => s.liveError,
  watchEpoch: (s: JobsState) => s.watchEpoch,
  open: (s: JobsState) => s.open,
  notices: (s: JobsState) => s.notices,
  cancel: (key: string) => (s: JobsState) => s.cancels[key] ?? null,
  /** The open job's record, kept current by the watch; null when none is open or it is gone. */
  openJob: (s: JobsState) =>
    s.open
      ? (s.jobs.find((j) => j.serverId === s.open?.serverId && j.id === s.open.id) ?? null)
      : null,
  activeCount: (serverId?: string | null) => (s: JobsState) =>
    s.jobs.filter(
      (j) =>
        (!serverId || j.serverId === serverId) && (j.state === 'running' || j.state === 'queued')
    ).length
}

export function refOf(job: Pick<JobRecord, 'serverId' | 'server' | 'id'>): JobRef {
  return { serverId: job.serverId, server: job.server, id: job.id }
}

export interface JobActions {
  /** Starts consuming `job.watch`; returns the function that stops it (an effect cleanup). */
  watch(): () => void
  /** After the stream stopped: ask for a fresh watch. */
  retry(): void
  openLog(job: JobRef): void
  closeLog(): void
  /** `job.cancel`; the row shows the state the server reports back at once. */
  cancel(job: JobRef): Promise<void>
  dismissCancelError(job: JobRef): void
  dismissNotice(key: string): void
}

export function createJobActions(deps: StoreDeps): JobActions {
  const set = useJobs.setState
  const get = useJobs.getState
  // Jobs the user cancelled here: they saw it happen, so its end is not news.
  const cancelledHere = new Set<string>()

  function apply(jobs: JobRecord[], first: boolean): void {
    const before = get().jobs
    const ended = first
      ? []
      : newlyFinished(before, jobs).filter((j) => !cancelledHere.has(jobKey(j)))
    const notices = ended.map((j): JobNotice => {
      const { title, body } = describeFinishedJob(j.server, j)
      return { key: jobKey(j), job: refOf(j), state: j.state, title, body }
    })
    set((s) => ({
      jobs,
      status: 'ready',
      error: null,
      live: 'live',
      liveError: null,
      notices:
        notices.length === 0
          ? s.notices
          : [...s.notices.filter((n) => !notices.some((m) => m.key === n.key)), ...notices].slice(
              -MAX_NOTICES
            )
    }))
  }

  function watch(): () => void {
    let first = get().status !== 'ready'
    const it = deps.api.stream('job.watch', {})
    set({ live: 'connecting', liveError: null })
    return follow(it, {
      value: (jobs) => {
        apply(jobs, first)
        first = false
      },
      end: () => set({ live: 'stopped' }),
      error: (err) => set(watchFailure(get().status, deps.describeError(err)))
    })
  }

  function retry(): void {
    set((s) => ({ watchEpoch: s.watchEpoch + 1, liveError: null, error: null }))
  }

  async function cancel(job: JobRef): Promise<void> {
    const key = jobKey(job)
    if (get().cancels[key]?.status === 'running') return
    set((s) => ({ cancels: { ...s.cancels, [key]: { status: 'running', error: null } } }))
    cancelledHere.add(key)
    try {
      const status = await deps.api.call('job.cancel', { server: job.server, job: job.id })
      set((s) => {
        const { [key]: _done, ...cancels } = s.cancels
        return {
          cancels,
          // The watch brings the same news a moment later; showing it now answers the click.
          jobs: s.jobs.map((j) =>
            jobKey(j) === key
              ? {
                  ...j,
                  state: status.state,
                  exitCode: status.exitCode,
                  endedAt: status.endedAt,
                  reason: status.reason
                }
              : j
          )
        }
      })
    } catch (err) {
      cancelledHere.delete(key)
      set((s) => ({
        cancels: { ...s.cancels, [key]: { status: 'error', error: deps.describeError(err) } }
      }))
    }
  }

  function dismissCancelError(job: JobRef): void {
    set((s) => {
      const { [jobKey(job)]: _gone, ...cancels } = s.cancels
      return { cancels }
    })
  }

  return {
    watch,
    retry,
    openLog: (job) => set({ open: job }),
    closeLog: () => set({ open: null }),
    cancel,
    dismissCancelError,
    dismissNotice: (key) => set((s) => ({ notices: s.notices.filter((n) => n.key !== key) }))
  }
}
