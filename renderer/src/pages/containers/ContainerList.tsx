// Runs in: renderer.
// The Containers tab: search, the running/all filter and the grouping above one table of every
// server's containers; servers that could not be listed say so above it without hiding the
// others. Fed by the page's `docker.watch`; this component only filters and groups.
import { useMemo, useState, type JSX } from 'react'
import { containerActions } from '../../actions'
import { ErrorBanner } from '../../components/ErrorBanner'
import type { ContainerRow } from '../../../../main/core/docker/model'
import type { UiError } from '../../lib/errors'
import {
  containerKey,
  containerListView,
  GROUP_LABELS,
  GROUP_MODES,
  type GroupMode,
  type StateFilter
} from '../../lib/containers'
import { containerSelectors, useContainers } from '../../stores/containers'
import { ContainerTable } from './ContainerTable'
import { RemoveContainerDialog } from './RemoveContainerDialog'

function nameOf(rows: readonly ContainerRow[], key: string): string {
  return (
    rows.find((r) => containerKey(r) === key)?.name ??
    key.slice(key.indexOf('/') + 1, key.indexOf('/') + 13)
  )
}

const LIVE_TEXT = {
  idle: 'Not connected',
  connecting: 'Connecting…',
  live: 'Live',
  stopped: 'Updates stopped'
} as const

export function ContainerList(): JSX.Element {
  const containers = useContainers(containerSelectors.containers)
  const failures = useContainers(containerSelectors.failures)
  const status = useContainers(containerSelectors.status)
  const error = useContainers(containerSelectors.error)
  const live = useContainers(containerSelectors.live)
  const liveError = useContainers(containerSelectors.liveError)
  const groupBy = useContainers(containerSelectors.groupBy)
  const filter = useContainers(containerSelectors.filter)
  const query = useContainers(containerSelectors.query)
  const sort = useContainers(containerSelectors.sort)
  const collapsed = useContainers(containerSelectors.collapsed)
  const actions = useContainers(containerSelectors.actions)
  const [removing, setRemoving] = useState<ContainerRow | null>(null)
  // A failed remove is shown by its dialog; every other failed action here, named.
  const failed = Object.entries(actions).filter(
    ([, a]) => a.status === 'error' && a.error && a.verb !== 'remove'
  )

  const view = useMemo(
    () =>
      containerListView(containers, {
        mode: groupBy,
        filter,
        query,
        sort,
        collapsed: new Set(collapsed)
      }),
    [containers, groupBy, filter, query, sort, collapsed]
  )

  return (
    <section className="container-list" aria-label="Containers" data-status={status}>
      <div className="container-toolbar">
        <input
          type="search"
          className="input container-search"
          placeholder="Search name, image, server, project…"
          aria-label="Search containers"
          value={query}
          onChange={(e) => containerActions.setQuery(e.target.value)}
        />
        <div className="segmented segmented-text" role="group" aria-label="Show">
          {(['running', 'all'] as StateFilter[]).map((f) => (
            <button
              key={f}
              type="button"
              className="segmented-item"
              aria-pressed={filter === f}
              onClick={() => containerActions.setFilter(f)}
            >
              {f === 'running' ? 'Running' : 'All'}
            </button>
          ))}
        </div>
        <label className="container-groupby">
          <span className="muted">Group by</span>
          <select
            className="input"
            value={groupBy}
            onChange={(e) => containerActions.setGroupBy(e.target.value as GroupMode)}
          >
            {GROUP_MODES.map((m) => (
              <option key={m} value={m}>
                {GROUP_LABELS[m]}
              </option>
            ))}
          </select>
        </label>
        <span className="actions-gap" />
        <span className="muted small" data-testid="container-count">
          {view.matched === view.total
            ? `${view.total} ${view.total === 1 ? 'container' : 'containers'}`
            : `${view.matched} of ${view.total}`}
        </span>
        <span className={`live live-${live}`} data-live={live}>
          <span className="live-dot" aria-hidden="true" />
          {LIVE_TEXT[live]}
        </span>
      </div>
      {status === 'error' && error && (
        <ErrorBanner
          title="Pier could not list the containers."
          error={error}
          onRetry={containerActions.retry}
        />
      )}
      {liveError && (
        <ErrorBanner
          title="Container updates stopped; states may be out of date."
          error={liveError}
          onRetry={containerActions.retry}
        />
      )}
      {failures.map((f) => (
        <ErrorBanner
          key={f.server}
          title={`The containers of ${f.server} could not be listed.`}
          error={f}
        />
      ))}
      {failed.map(([key, a]) => (
        <div key={key} className="action-error" data-action-error={key}>
          <ErrorBanner
            title={`Could not ${a.verb} ${nameOf(containers, key)}.`}
            error={a.error as UiError}
          />
          <button
            type="button"
            className="link-button"
            onClick={() => containerActions.dismissActionError(key)}
          >
            Dismiss
          </button>
        </div>
      ))}
      {status === 'loading' && (
        <p className="loading" role="status">
          Loading containers…
        </p>
      )}
      {status === 'ready' && view.total === 0 && (
        <p className="jobs-empty muted" data-testid="containers-empty">
          No containers on your servers yet. Apps, databases and anything else you run with Docker
          show up here.
        </p>
      )}
      {status === 'ready' && view.total > 0 && view.matched === 0 && (
        <p className="jobs-empty muted" data-testid="containers-none-match">
          No container matches{query ? ` “${query}”` : ''}
          {filter === 'running' ? ' among the running ones' : ''}.
        </p>
      )}
      {view.items.length > 0 && <ContainerTable items={view.items} onRemove={setRemoving} />}
      {removing && <RemoveContainerDialog row={removing} onClose={() => setRemoving(null)} />}
    </section>
  )
}
