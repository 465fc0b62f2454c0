// Runs in: renderer.
// The stacks with their server, status, services (running/desired) and domains, with the
// actions a stack takes: stop, start, restart and down.
import type { JSX } from 'react'
import { stackActions } from '../../actions'
import type { StackState } from '../../../../main/core/stacks/model'

const ACTIONS = ['stop', 'start', 'restart', 'down'] as const

export function StackList({ stacks, busy }: { stacks: StackState[]; busy: boolean }): JSX.Element {
  if (stacks.length === 0)
    return (
      <p className="muted stacks-empty">No stacks yet. Deploy one below, or from a template.</p>
    )
  return (
    <div className="table-wrap">
      <table className="table stacks-table" aria-label="Stacks">
        <thead>
          <tr>
            <th>Name</th>
            <th>Server</th>
            <th>Status</th>
            <th>Services</th>
            <th>Domains</th>
            <th>From</th>
            <th aria-label="Actions" />
          </tr>
        </thead>
        <tbody>
          {stacks.map((s) => (
            <tr key={s.id} data-stack={s.name} data-status={s.status}>
              <td className="mono">{s.name}</td>
              <td>{s.server}</td>
              <td>
                <span className={`stack-status stack-status-${s.status}`}>{s.status}</span>
              </td>
              <td className="mono">
                {s.services.map((x) => `${x.name} ${x.running}/${x.desired}`).join(', ') ||
                  (s.error ?? '–')}
              </td>
              <td className="stack-domains">
                {s.domains.length === 0 ? (
                  <span className="muted">–</span>
                ) : (
                  s.domains.map((d) => (
                    <div key={d.url} className="mono" data-domain={d.url}>
                      {d.url} <span className="muted">→ {d.service}</span>
                    </div>
                  ))
                )}
              </td>
              <td className="muted">{s.template ?? 'compose file'}</td>
              <td className="stack-actions">
                {ACTIONS.map((a) => (
                  <button
                    key={a}
                    type="button"
                    className="button button-small"
                    disabled={busy}
                    data-action={a}
                    onClick={() => void stackActions.control(s.name, a)}
                  >
                    {a[0]?.toUpperCase() + a.slice(1)}
                  </button>
                ))}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}
