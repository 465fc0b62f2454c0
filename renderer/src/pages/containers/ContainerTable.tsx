// Runs in: renderer.
// The containers of every server in one table, grouped, with only the rows in view in the DOM
// (spacer rows above and below hold the scroll height; fixed row height, lib/virtual-rows.ts),
// so thousands of containers scroll like ten. A group header folds its group; a row opens the
// container's detail; the name is a real button for the keyboard.
import { useLayoutEffect, useRef, useState, type JSX } from 'react'
import { containerActions } from '../../actions'
import type { ContainerRow } from '../../../../main/core/docker/model'
import { containerKey, type ListItem, type SortKey } from '../../lib/containers'
import { formatCreated, formatPorts, healthOf, shortId, stateTone } from '../../lib/docker-format'
import { visibleRows } from '../../lib/virtual-rows'
import { containerSelectors, useContainers } from '../../stores/containers'
import { ContainerActions } from './ContainerActions'

/** Must match .container-table row height in containers.css. */
export const CONTAINER_ROW_HEIGHT = 38
const OVERSCAN = 12

export function StateBadge({ state, status }: { state: string; status?: string }): JSX.Element {
  const health = status ? healthOf(status) : null
  return (
    <span className={`status status-${stateTone(state)}`} data-state={state}>
      <span className="status-dot" aria-hidden="true" />
      <span className="status-text">{state}</span>
      {health && <span className={`health-tag health-${health}`}>{health}</span>}
    </span>
  )
}

const COLUMNS: { key: SortKey | null; label: string; className: string }[] = [
  { key: 'name', label: 'Name', className: 'col-name' },
  { key: 'state', label: 'State', className: 'col-state' },
  { key: 'image', label: 'Image', className: 'col-image' },
  { key: 'server', label: 'Server', className: 'col-server' },
  { key: null, label: 'Ports', className: 'col-ports' },
  { key: 'created', label: 'Created', className: 'col-created' },
  { key: null, label: 'Actions', className: 'col-actions' }
]

function GroupRow({ item }: { item: Extract<ListItem, { kind: 'group' }> }): JSX.Element {
  const { group, collapsed } = item
  const n = group.rows.length
  return (
    <tr className="container-group" data-group={group.key}>
      <th colSpan={COLUMNS.length} scope="rowgroup">
        <button
          type="button"
          className="group-toggle"
          aria-expanded={!collapsed}
          onClick={() => containerActions.toggleGroup(group.key)}
        >
          <span className="group-chevron" aria-hidden="true">
            {collapsed ? '▸' : '▾'}
          </span>
          <span className={group.ungrouped ? 'group-label muted' : 'group-label'}>
            {group.label}
          </span>
          <span className="group-count muted">
            {n === 1 ? '1 container' : `${n} containers`} · {group.running} running
          </span>
        </button>
      </th>
    </tr>
  )
}

function Row({
  row,
  selected,
  onRemove
}: {
  row: ContainerRow
  selected: boolean
  onRemove: (row: ContainerRow) => void
}): JSX.Element {
  const ports = formatPorts(row.ports)
  return (
    <tr
      className={selected ? 'container-row is-selected' : 'container-row'}
      data-container-name={row.name}
      data-container-id={row.id}
      data-server={row.server}
      data-state={row.state}
      onClick={() => containerActions.open(row)}
    >
      <th scope="row" className="col-name">
        <button
          type="button"
          className="link-button cell-text"
          aria-current={selected ? 'true' : undefined}
          title={`${row.name} · ${shortId(row.id)}`}
          onClick={(e) => {
            e.stopPropagation()
            containerActions.open(row)
          }}
        >
          {row.name}
        </button>
      </th>
      <td className="col-state" title={row.status}>
        <StateBadge state={row.state} status={row.status} />
      </td>
      <td className="col-image mono cell-text" title={row.image}>
        {row.image}
      </td>
      <td className="col-server cell-text">{row.server}</td>
      <td className="col-ports mono cell-text" title={ports.join('\n')}>
        {ports.join(', ') || '—'}
      </td>
      <td className="col-created">{formatCreated(row.created)}</td>
      <td className="col-actions">
        <ContainerActions row={row} onRemove={onRemove} />
      </td>
    </tr>
  )
}

export function ContainerTable({
  items,
  onRemove
}: {
  items: ListItem[]
  onRemove: (row: ContainerRow) => void
}): JSX.Element {
  const scroller = useRef<HTMLDivElement>(null)
  const [scrollTop, setScrollTop] = useState(0)
  const [height, setHeight] = useState(600)
  const selected = useContainers(containerSelectors.selectedKey)
  const sort = useContainers(containerSelectors.sort)

  useLayoutEffect(() => {
    const el = scroller.current
    if (!el) return
    const observer = new ResizeObserver(() => setHeight(el.clientHeight))
    observer.observe(el)
    setHeight(el.clientHeight)
    return () => observer.disconnect()
  }, [])

  const { start, end } = visibleRows({
    scrollTop,
    height,
    rowHeight: CONTAINER_ROW_HEIGHT,
    count: items.length,
    overscan: OVERSCAN
  })
  const rows: JSX.Element[] = []
  for (let i = start; i < end; i++) {
    const item = items[i] as ListItem
    rows.push(
      item.kind === 'group' ? (
        <GroupRow key={item.group.key} item={item} />
      ) : (
        <Row
          key={containerKey(item.row)}
          row={item.row}
          selected={selected === containerKey(item.row)}
          onRemove={onRemove}
        />
      )
    )
  }

  return (
    <div
      ref={scroller}
      className="table-wrap container-scroll"
      onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)}
      data-rows={items.length}
    >
      <table className="table table-clickable container-table" aria-rowcount={items.length + 1}>
        <colgroup>
          {COLUMNS.map((c) => (
            <col key={c.label} className={c.className} />
          ))}
        </colgroup>
        <thead>
          <tr>
            {COLUMNS.map((c) => (
              <th
                key={c.label}
                scope="col"
                className={c.className}
                aria-sort={
                  c.key && sort.key === c.key
                    ? sort.dir === 'asc'
                      ? 'ascending'
                      : 'descending'
                    : undefined
                }
              >
                {c.key ? (
                  <button
                    type="button"
                    className="sort-button"
                    onClick={() => containerActions.sortBy(c.key as SortKey)}
                  >
                    {c.label}
                    {sort.key === c.key && (
                      <span aria-hidden="true">{sort.dir === 'asc' ? ' ↑' : ' ↓'}</span>
                    )}
                  </button>
                ) : (
                  c.label
                )}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {start > 0 && (
            <tr aria-hidden="true" className="spacer">
              <td colSpan={COLUMNS.length} style={{ height: start * CONTAINER_ROW_HEIGHT }} />
            </tr>
          )}
          {rows}
          {end < items.length && (
            <tr aria-hidden="true" className="spacer">
              <td
                colSpan={COLUMNS.length}
                style={{ height: (items.length - end) * CONTAINER_ROW_HEIGHT }}
              />
            </tr>
          )}
        </tbody>
      </table>
    </div>
  )
}
