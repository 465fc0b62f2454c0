// Runs in: renderer.
// Jobs that ended, newest first: state, name, lock key, when it was queued, how long it ran and
// how it ended. A row opens the job's log; the name is a real button for the keyboard.
import type { JSX } from 'react'
import { jobActions } from '../../actions'
import { useNow } from '../../hooks/useNow'
import {
  formatDuration,
  isoOf,
  jobDuration,
  jobKey,
  jobName,
  outcome,
  type JobRecord
} from '../../lib/jobs'
import { exactTime, relativeTime } from '../../lib/time'
import { refOf } from '../../stores/jobs'
import { JobStateBadge } from './JobStateBadge'

export function JobHistory({
  jobs,
  showServer,
  selectedKey
}: {
  jobs: JobRecord[]
  showServer: boolean
  selectedKey: string | null
}): JSX.Element {
  const now = useNow()
  return (
    <div className="table-wrap">
      <table className="table table-clickable job-history">
        <thead>
          <tr>
            <th scope="col">State</th>
            <th scope="col">Job</th>
            {showServer && <th scope="col">Server</th>}
            <th scope="col">Key</th>
            <th scope="col">Queued</th>
            <th scope="col">Duration</th>
            <th scope="col">Outcome</th>
          </tr>
        </thead>
        <tbody>
          {jobs.map((job) => {
            const selected = selectedKey === jobKey(job)
            const queued = isoOf(job.queuedAt)
            return (
              <tr
                key={jobKey(job)}
                data-job-id={job.id}
                data-state={job.state}
                className={selected ? 'is-selected' : undefined}
                onClick={() => jobActions.openLog(refOf(job))}
              >
                <td>
                  <JobStateBadge state={job.state} />
                </td>
                <th scope="row" className="cell-name">
                  <button
                    type="button"
                    className="link-button"
                    aria-current={selected ? 'true' : undefined}
                    onClick={(e) => {
                      e.stopPropagation()
                      jobActions.openLog(refOf(job))
                    }}
                  >
                    {jobName(job)}
                  </button>
                </th>
                {showServer && <td>{job.server}</td>}
                <td className="mono">{job.key}</td>
                <td title={exactTime(queued)}>{relativeTime(queued, now)}</td>
                <td>{formatDuration(jobDuration(job, now / 1000))}</td>
                <td className="cell-clip job-outcome" title={outcome(job)}>
                  {outcome(job) || '—'}
                </td>
              </tr>
            )
          })}
        </tbody>
      </table>
    </div>
  )
}
