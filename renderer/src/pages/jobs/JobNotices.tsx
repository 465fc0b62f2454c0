// Runs in: renderer.
// In-app notices for jobs started from this Pier that ended while it was open (the system
// notification covers a window in the background). A success fades after a few seconds; a
// failure stays until dismissed. "Show log" opens the job on its server's page.
import { useEffect, type JSX } from 'react'
import { jobActions } from '../../actions'
import { AlertIcon, CheckCircleIcon, CloseIcon } from '../../components/icons'
import { jobSelectors, useJobs, type JobNotice } from '../../stores/jobs'
import { openServer } from '../../stores/ui'

const FADE_MS = 8000

function Notice({ notice }: { notice: JobNotice }): JSX.Element {
  const ok = notice.state === 'succeeded'
  useEffect(() => {
    if (!ok) return
    const timer = setTimeout(() => jobActions.dismissNotice(notice.key), FADE_MS)
    return () => clearTimeout(timer)
  }, [ok, notice.key])
  return (
    <li
      className={`toast toast-${notice.state}`}
      data-state={notice.state}
      data-job-id={notice.job.id}
    >
      <span className="toast-icon">
        {ok ? <CheckCircleIcon size={18} /> : <AlertIcon size={18} />}
      </span>
      <div className="toast-body">
        <p className="toast-title">{notice.title}</p>
        <p className="toast-text">{notice.body}</p>
        <button
          type="button"
          className="link-button toast-action"
          onClick={() => {
            openServer(notice.job.serverId)
            jobActions.openLog(notice.job)
            jobActions.dismissNotice(notice.key)
          }}
        >
          Show log
        </button>
      </div>
      <button
        type="button"
        className="icon-button"
        aria-label="Dismiss"
        onClick={() => jobActions.dismissNotice(notice.key)}
      >
        <CloseIcon />
      </button>
    </li>
  )
}

export function JobNotices(): JSX.Element {
  const notices = useJobs(jobSelectors.notices)
  return (
    <ul className="toasts" role="status" aria-live="polite" aria-label="Finished jobs">
      {notices.map((n) => (
        <Notice key={n.key} notice={n} />
      ))}
    </ul>
  )
}
