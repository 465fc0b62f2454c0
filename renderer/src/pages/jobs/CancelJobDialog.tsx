// Runs in: renderer.
// Confirms cancelling a job, naming it and its server, and says what cancelling does: the whole
// process group ends, and what the job already changed stays changed.
import type { JSX } from 'react'
import { jobActions } from '../../actions'
import { ErrorBanner } from '../../components/ErrorBanner'
import { Modal } from '../../components/Modal'
import { Spinner } from '../../components/Spinner'
import { jobKey, jobName, type JobRecord } from '../../lib/jobs'
import { jobSelectors, refOf, useJobs } from '../../stores/jobs'

export function CancelJobDialog({
  job,
  onClose
}: {
  job: JobRecord
  onClose: () => void
}): JSX.Element {
  const entry = useJobs(jobSelectors.cancel(jobKey(job)))
  const running = entry?.status === 'running'
  const ref = refOf(job)
  const close = (): void => {
    if (running) return
    jobActions.dismissCancelError(ref)
    onClose()
  }
  const name = jobName(job)
  return (
    <Modal labelledBy="cancel-job-title" describedBy="cancel-job-what" onCancel={close}>
      <form
        className="modal-body"
        onSubmit={(e) => {
          e.preventDefault()
          void jobActions.cancel(ref).then(() => {
            if (!useJobs.getState().cancels[jobKey(job)]) onClose()
          })
        }}
      >
        <h2 id="cancel-job-title" className="modal-title">
          Cancel {name}?
        </h2>
        <div id="cancel-job-what" className="modal-text">
          <p>
            {job.state === 'queued'
              ? `It has not started yet on ${job.server}; it will be taken out of the queue.`
              : `Pier stops the job and everything it started on ${job.server}.`}{' '}
            Whatever it already changed stays as it is.
          </p>
        </div>
        {entry?.status === 'error' && entry.error && (
          <ErrorBanner title={`${name} was not cancelled.`} error={entry.error} />
        )}
        <footer className="wizard-footer">
          <button
            type="button"
            className="button button-secondary"
            onClick={close}
            disabled={running}
            data-autofocus
          >
            Keep running
          </button>
          <button type="submit" className="button button-danger" disabled={running}>
            {running && <Spinner />}
            {running ? 'Cancelling…' : 'Cancel job'}
          </button>
        </footer>
      </form>
    </Modal>
  )
}
