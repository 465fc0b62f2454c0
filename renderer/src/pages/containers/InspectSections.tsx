// Runs in: renderer.
// The parts of `docker.inspect` the detail shows, one small view per tab. Everything here came
// from the server (labels, env values, health output, names) and is rendered as text, never as
// markup. Env values that look secret arrive already masked from main; they stay masked here.
import type { JSX, ReactNode } from 'react'
import type { ContainerDetail } from '../../../../main/core/docker/model'
import { formatPorts, shortId } from '../../lib/docker-format'
import { exactTime } from '../../lib/time'

function Empty({ children }: { children: ReactNode }): JSX.Element {
  return <p className="muted detail-empty">{children}</p>
}

function KeyValues({
  rows,
  testId,
  emptyText
}: {
  rows: { key: string; value: string; masked?: boolean }[]
  testId: string
  emptyText: string
}): JSX.Element {
  if (rows.length === 0) return <Empty>{emptyText}</Empty>
  return (
    <div className="table-wrap">
      <table className="table kv-table" data-testid={testId}>
        <tbody>
          {rows.map((r, i) => (
            <tr key={`${r.key}-${i}`} data-key={r.key}>
              <th scope="row" className="mono kv-key">
                {r.key}
              </th>
              <td className={r.masked ? 'mono kv-value kv-masked' : 'mono kv-value'}>
                {r.value}
                {r.masked && <span className="tag kv-masked-tag">masked</span>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}

const time = (iso: string | null): string =>
  !iso || iso.startsWith('0001-') ? '—' : exactTime(iso) || iso

export function Overview({ d }: { d: ContainerDetail }): JSX.Element {
  const facts: [string, ReactNode][] = [
    ['Server', d.server],
    ['ID', <code className="mono">{shortId(d.id)}</code>],
    ['Image', <code className="mono">{d.image}</code>],
    ['Command', <code className="mono">{[...d.entrypoint, ...d.command].join(' ') || '—'}</code>],
    ['State', d.state + (d.exitCode !== null && !d.running ? ` (exit code ${d.exitCode})` : '')],
    ['Started', time(d.startedAt)],
    ['Finished', time(d.finishedAt)],
    ['Created', time(d.created)],
    ['Restart policy', d.restartPolicy ?? 'no'],
    ['Restarts', String(d.restartCount)],
    ['Health', d.health?.status ?? 'no health check'],
    ['App', d.group.app ?? '—'],
    ['Compose project', d.group.composeProject ?? '—'],
    ['Compose service', d.group.composeService ?? '—'],
    ['Swarm service', d.group.swarmService ?? '—'],
    ['Stack', d.group.swarmStack ?? '—']
  ]
  return (
    <dl className="facts detail-facts" data-testid="container-overview">
      {facts.map(([k, v]) => (
        <div key={k} className="detail-fact">
          <dt>{k}</dt>
          <dd>{v}</dd>
        </div>
      ))}
    </dl>
  )
}

export function Health({ d }: { d: ContainerDetail }): JSX.Element {
  if (!d.health) return <Empty>This container has no health check.</Empty>
  return (
    <div className="detail-stack">
      <p>
        <strong>{d.health.status}</strong>
        {d.health.failingStreak > 0 && ` · failing ${d.health.failingStreak} times in a row`}
      </p>
      {d.health.log.length === 0 ? (
        <Empty>No check has run yet.</Empty>
      ) : (
        <div className="table-wrap">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">Ended</th>
                <th scope="col">Exit</th>
                <th scope="col">Output</th>
              </tr>
            </thead>
            <tbody>
              {d.health.log.map((h, i) => (
                <tr key={i}>
                  <td>{time(h.end)}</td>
                  <td>{h.exitCode}</td>
                  <td className="mono health-output">{h.output}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  )
}

export function Ports({ d }: { d: ContainerDetail }): JSX.Element {
  const ports = formatPorts(d.ports)
  if (ports.length === 0) return <Empty>No ports are published or exposed.</Empty>
  return (
    <ul className="detail-list mono" data-testid="container-ports">
      {ports.map((p) => (
        <li key={p}>{p}</li>
      ))}
    </ul>
  )
}

export function Mounts({ d }: { d: ContainerDetail }): JSX.Element {
  if (d.mounts.length === 0) return <Empty>Nothing is mounted.</Empty>
  return (
    <div className="table-wrap">
      <table className="table">
        <thead>
          <tr>
            <th scope="col">Type</th>
            <th scope="col">Source</th>
            <th scope="col">In the container</th>
            <th scope="col">Mode</th>
          </tr>
        </thead>
        <tbody>
          {d.mounts.map((m) => (
            <tr key={m.destination}>
              <td>{m.type}</td>
              <td className="mono cell-clip" title={m.source}>
                {m.name ?? m.source}
              </td>
              <td className="mono">{m.destination}</td>
              <td>{m.readOnly ? 'read-only' : 'read-write'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}

export function Networks({ d }: { d: ContainerDetail }): JSX.Element {
  if (d.networks.length === 0) return <Empty>Not attached to any network.</Empty>
  return (
    <div className="table-wrap">
      <table className="table">
        <thead>
          <tr>
            <th scope="col">Network</th>
            <th scope="col">Address</th>
            <th scope="col">Aliases</th>
          </tr>
        </thead>
        <tbody>
          {d.networks.map((n) => (
            <tr key={n.name}>
              <td>{n.name}</td>
              <td className="mono">{n.ip ?? '—'}</td>
              <td className="mono">{n.aliases.join(', ') || '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}

export function Env({ d }: { d: ContainerDetail }): JSX.Element {
  const masked = d.env.filter((e) => e.masked).length
  return (
    <div className="detail-stack">
      {masked > 0 && (
        <p className="muted small">
          {masked === 1 ? 'One value looks' : `${masked} values look`} secret and{' '}
          {masked === 1 ? 'is' : 'are'} masked; Pier never brings them to this window.
        </p>
      )}
      <KeyValues
        testId="container-env"
        emptyText="No environment variables."
        rows={d.env.map((e) => ({ key: e.name, value: e.value, masked: e.masked }))}
      />
    </div>
  )
}

export function Labels({ d }: { d: ContainerDetail }): JSX.Element {
  return (
    <KeyValues
      testId="container-labels"
      emptyText="No labels."
      rows={Object.entries(d.labels)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([key, value]) => ({ key, value }))}
    />
  )
}
