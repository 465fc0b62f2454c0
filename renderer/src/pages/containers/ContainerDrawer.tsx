// Runs in: renderer.
// The open container, in a panel at the side of the list: its state and actions, then tabs for
// the log, live stats and what `docker.inspect` says. The inspect is read again whenever the
// list shows the container's state change, so the detail never contradicts the row. Escape
// closes it (outside dialogs and text fields).
import { useEffect, useState, type JSX } from 'react'
import { containerActions } from '../../actions'
import { api, describeError } from '../../api'
import { ErrorBanner } from '../../components/ErrorBanner'
import { CloseIcon } from '../../components/icons'
import type { ContainerDetail, ContainerRow } from '../../../../main/core/docker/model'
import { containerKey } from '../../lib/containers'
import { shortId } from '../../lib/docker-format'
import type { UiError } from '../../lib/errors'
import {
  containerSelectors,
  DETAIL_TABS,
  useContainers,
  type DetailTab
} from '../../stores/containers'
import { ContainerActions } from './ContainerActions'
import { ContainerLogs } from './ContainerLogs'
import { ContainerStatsPanel } from './ContainerStatsPanel'
import { StateBadge } from './ContainerTable'
import { Env, Health, Labels, Mounts, Networks, Overview, Ports } from './InspectSections'

const TAB_LABEL: Record<DetailTab, string> = {
  overview: 'Overview',
  logs: 'Logs',
  stats: 'Stats',
  health: 'Health',
  ports: 'Ports',
  mounts: 'Mounts',
  networks: 'Networks',
  env: 'Env',
  labels: 'Labels'
}

function useInspect(row: ContainerRow): { detail: ContainerDetail | null; error: UiError | null } {
  const [detail, setDetail] = useState<ContainerDetail | null>(null)
  const [error, setError] = useState<UiError | null>(null)
  useEffect(() => {
    let stopped = false
    api
      .call('docker.inspect', { server: row.server, container: row.id })
      .then((d) => {
        if (stopped) return
        setDetail(d)
        setError(null)
      })
      .catch((err: unknown) => !stopped && setError(describeError(err)))
    return () => {
      stopped = true
    }
  }, [row.server, row.id, row.state, row.status])
  return { detail, error }
}

function isTyping(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null
  return !!el && (el.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName))
}

export function ContainerDrawer({
  row,
  onRemove
}: {
  row: ContainerRow
  onRemove: (row: ContainerRow) => void
}): JSX.Element {
  const tab = useContainers(containerSelectors.tab)
  const { detail, error } = useInspect(row)

  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      if (e.key !== 'Escape' || e.defaultPrevented || isTyping(e.target)) return
      if (document.querySelector('dialog[open]')) return
      containerActions.close()
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [])

  let body: JSX.Element
  if (tab === 'logs') body = <ContainerLogs key={containerKey(row)} row={row} />
  else if (tab === 'stats') body = <ContainerStatsPanel key={containerKey(row)} row={row} />
  else if (!detail)
    body = error ? (
      <ErrorBanner title="Pier could not inspect this container." error={error} />
    ) : (
      <p className="loading" role="status">
        Inspecting…
      </p>
    )
  else {
    const View = {
      overview: Overview,
      health: Health,
      ports: Ports,
      mounts: Mounts,
      networks: Networks,
      env: Env,
      labels: Labels
    }[tab]
    body = <View d={detail} />
  }

  return (
    <aside
      className="container-drawer"
      aria-labelledby="container-drawer-title"
      data-container-name={row.name}
      data-state={row.state}
    >
      <header className="drawer-header">
        <div className="drawer-title-row">
          <h2 id="container-drawer-title" className="drawer-title">
            {row.name}
          </h2>
          <StateBadge state={row.state} status={row.status} />
          <span className="actions-gap" />
          <button
            type="button"
            className="icon-button"
            onClick={containerActions.close}
            aria-label="Close the container detail"
            title="Close (Esc)"
          >
            <CloseIcon />
          </button>
        </div>
        <p className="muted small drawer-sub">
          <span className="mono">{shortId(row.id)}</span> · {row.server} ·{' '}
          <span className="mono">{row.image}</span> · {row.status}
        </p>
        <ContainerActions row={row} onRemove={onRemove} shell />
      </header>
      <div className="drawer-tabs" role="tablist" aria-label="Container detail">
        {DETAIL_TABS.map((t) => (
          <button
            key={t}
            type="button"
            role="tab"
            id={`container-tab-${t}`}
            aria-selected={tab === t}
            aria-controls="container-tabpanel"
            className="drawer-tab"
            data-tab={t}
            onClick={() => containerActions.setTab(t)}
          >
            {TAB_LABEL[t]}
          </button>
        ))}
      </div>
      <div
        className="drawer-body"
        role="tabpanel"
        id="container-tabpanel"
        aria-labelledby={`container-tab-${tab}`}
        data-tab={tab}
      >
        {body}
      </div>
    </aside>
  )
}
