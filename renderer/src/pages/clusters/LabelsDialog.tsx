// Runs in: renderer.
// Edits a node's labels as key = value rows. Each row is checked with the rules main applies
// (labelKey, labelValue, labelPair), so a bad key is named on its row before anything is sent;
// only what changed goes out (`label` for added or changed, `removeLabel` for rows taken away).
import { useState, type JSX } from 'react'
import { clusterActions } from '../../actions'
import { ErrorBanner } from '../../components/ErrorBanner'
import { Modal } from '../../components/Modal'
import { Spinner } from '../../components/Spinner'
import type { ClusterNode } from '../../../../main/core/clusters/model'
import { labelEdit, labelRows, nodeLabel, type LabelRow } from '../../lib/clusters'
import type { UiError } from '../../lib/errors'

export function LabelsDialog({
  cluster,
  node,
  onClose
}: {
  cluster: string
  node: ClusterNode
  onClose: () => void
}): JSX.Element {
  const [rows, setRows] = useState<LabelRow[]>(() => {
    const r = labelRows(node.labels)
    return r.length ? r : [{ key: '', value: '' }]
  })
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<UiError | null>(null)
  const edit = labelEdit(node.labels, rows)
  const name = nodeLabel(node)
  const close = (): void => {
    if (!busy) onClose()
  }
  const change = (i: number, patch: Partial<LabelRow>): void =>
    setRows(rows.map((r, j) => (j === i ? { ...r, ...patch } : r)))
  return (
    <Modal labelledBy="labels-title" onCancel={close}>
      <form
        className="modal-body"
        noValidate
        aria-busy={busy}
        data-testid="node-labels"
        onSubmit={(e) => {
          e.preventDefault()
          if (!edit.valid || !edit.changed || busy) return
          setBusy(true)
          setError(null)
          void clusterActions
            .updateNode(
              cluster,
              node,
              {
                ...(edit.label.length ? { label: edit.label } : {}),
                ...(edit.removeLabel.length ? { removeLabel: edit.removeLabel } : {})
              },
              'Saving labels…'
            )
            .then((err) => {
              setBusy(false)
              if (err) {
                clusterActions.dismissNodeError(node.id)
                setError(err)
              } else onClose()
            })
        }}
      >
        <h2 id="labels-title" className="modal-title">
          Labels of {name}
        </h2>
        <p className="modal-text">
          Services choose nodes by label, e.g. the constraint{' '}
          <code className="mono">node.labels.disk==ssd</code>.
        </p>
        <ul className="label-rows">
          {rows.map((row, i) => {
            const problem = edit.problems[i]
            const errId = `label-row-${i}-error`
            return (
              <li key={i} className="label-row" data-row={i}>
                <input
                  className="input mono"
                  aria-label={`Label key ${i + 1}`}
                  value={row.key}
                  placeholder="key"
                  maxLength={100}
                  disabled={busy}
                  spellCheck={false}
                  data-autofocus={i === 0 ? true : undefined}
                  aria-invalid={problem ? true : undefined}
                  aria-describedby={problem ? errId : undefined}
                  onChange={(e) => change(i, { key: e.target.value })}
                />
                <span aria-hidden="true">=</span>
                <input
                  className="input mono"
                  aria-label={`Label value ${i + 1}`}
                  value={row.value}
                  placeholder="value"
                  maxLength={300}
                  disabled={busy}
                  spellCheck={false}
                  aria-invalid={problem ? true : undefined}
                  aria-describedby={problem ? errId : undefined}
                  onChange={(e) => change(i, { value: e.target.value })}
                />
                <button
                  type="button"
                  className="button button-danger-quiet button-small"
                  aria-label={`Remove label ${row.key || i + 1}`}
                  disabled={busy}
                  onClick={() => setRows(rows.filter((_, j) => j !== i))}
                >
                  Remove
                </button>
                {problem && (
                  <p id={errId} className="field-error label-row-error" role="alert">
                    {problem}
                  </p>
                )}
              </li>
            )
          })}
        </ul>
        <button
          type="button"
          className="button button-secondary button-small"
          disabled={busy}
          onClick={() => setRows([...rows, { key: '', value: '' }])}
        >
          Add label
        </button>
        {error && <ErrorBanner title="The labels were not changed." error={error} />}
        <footer className="wizard-footer">
          {!edit.changed && !busy && <span className="muted small">Nothing changed yet.</span>}
          <span className="wizard-footer-gap" />
          <button type="button" className="button button-secondary" onClick={close} disabled={busy}>
            Cancel
          </button>
          <button
            type="submit"
            className="button button-primary"
            disabled={busy || !edit.valid || !edit.changed}
          >
            {busy && <Spinner />}
            {busy ? 'Saving…' : 'Save labels'}
          </button>
        </footer>
      </form>
    </Modal>
  )
}
