// Runs in: renderer (pure; no DOM).
// The containers list as the page shows it: every server's rows filtered (running or all, and
// a search), sorted, grouped (server, app, compose project, swarm service or none) and flattened
// into one list of group headers and rows, so the virtualized table scrolls them with one
// fixed row height whatever the grouping.
import type { ContainerRow } from '../../../main/core/docker/model'

export const GROUP_MODES = ['server', 'app', 'compose', 'service', 'none'] as const
export type GroupMode = (typeof GROUP_MODES)[number]

export const GROUP_LABELS: Record<GroupMode, string> = {
  server: 'Server',
  app: 'App',
  compose: 'Compose project',
  service: 'Swarm service',
  none: 'No grouping'
}

export type StateFilter = 'running' | 'all'
export type SortKey = 'name' | 'state' | 'image' | 'server' | 'created'
export interface ContainerSort {
  key: SortKey
  dir: 'asc' | 'desc'
}

/** Container ids are unique per engine only: the server makes them unique across Pier. */
export function containerKey(c: Pick<ContainerRow, 'server' | 'id'>): string {
  return `${c.server}/${c.id}`
}

// A paused or restarting container still holds its resources and its place: "running" in the
// sense a person filtering for what is up means.
const ACTIVE = new Set(['running', 'paused', 'restarting'])

export function isActive(state: string): boolean {
  return ACTIVE.has(state)
}

function haystack(c: ContainerRow): string {
  const g = c.group
  return [
    c.name,
    c.image,
    c.id.slice(0, 12),
    c.server,
    c.state,
    c.status,
    g.app,
    g.composeProject,
    g.composeService,
    g.swarmService,
    g.swarmStack
  ]
    .filter(Boolean)
    .join('\n')
    .toLowerCase()
}

/** Every word of the query appears somewhere in the row (name, image, id, server, groups). */
export function matchesSearch(c: ContainerRow, query: string): boolean {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean)
  if (words.length === 0) return true
  const text = haystack(c)
  return words.every((w) => text.includes(w))
}

export function filterContainers(
  rows: readonly ContainerRow[],
  state: StateFilter,
  query: string
): ContainerRow[] {
  return rows.filter((c) => (state === 'all' || isActive(c.state)) && matchesSearch(c, query))
}

// Running first when sorting by state: what is up is what a person looks for.
const STATE_ORDER = ['running', 'restarting', 'paused', 'created', 'removing', 'exited', 'dead']
const stateRank = (s: string): number => {
  const i = STATE_ORDER.indexOf(s)
  return i === -1 ? STATE_ORDER.length : i
}

export function compareContainers(
  sort: ContainerSort
): (a: ContainerRow, b: ContainerRow) => number {
  const sign = sort.dir === 'asc' ? 1 : -1
  const primary = (a: ContainerRow, b: ContainerRow): number => {
    switch (sort.key) {
      case 'name':
        return a.name.localeCompare(b.name)
      case 'state':
        return stateRank(a.state) - stateRank(b.state)
      case 'image':
        return a.image.localeCompare(b.image)
      case 'server':
        return a.server.localeCompare(b.server)
      case 'created':
        return a.created - b.created
    }
  }
  // Ties fall back to name, server, id, so a refresh never reshuffles equal rows.
  return (a, b) =>
    sign * primary(a, b) ||
    a.name.localeCompare(b.name) ||
    a.server.localeCompare(b.server) ||
    a.id.localeCompare(b.id)
}

/** The next sort after a click on a column header: the same column flips, a new one starts asc. */
export function toggleSort(current: ContainerSort, key: SortKey): ContainerSort {
  if (current.key === key) return { key, dir: current.dir === 'asc' ? 'desc' : 'asc' }
  return { key, dir: key === 'created' ? 'desc' : 'asc' }
}

export interface ContainerGroupView {
  key: string
  label: string
  /** True for the bucket of rows without the grouping fact (no app, no compose project). */
  ungrouped: boolean
  rows: ContainerRow[]
  running: number
}

const UNGROUPED: Record<Exclude<GroupMode, 'server' | 'none'>, string> = {
  app: 'Not part of an app',
  compose: 'Not in a compose project',
  service: 'Not a swarm service'
}

function groupOf(c: ContainerRow, mode: GroupMode): { key: string; label: string } | null {
  switch (mode) {
    case 'server':
      return { key: `server:${c.server}`, label: c.server }
    case 'app':
      return c.group.app ? { key: `app:${c.group.app}`, label: c.group.app } : null
    case 'compose':
      // A compose project lives on one engine: the same name on two servers is two projects.
      return c.group.composeProject
        ? {
            key: `compose:${c.server}/${c.group.composeProject}`,
            label: `${c.group.composeProject} · ${c.server}`
          }
        : null
    case 'service':
      // A swarm service's tasks may run on several nodes: they stay one group.
      return c.group.swarmService
        ? { key: `service:${c.group.swarmService}`, label: c.group.swarmService }
        : null
    case 'none':
      return { key: 'all', label: 'All containers' }
  }
}

/** Groups in name order, the rows without the grouping fact last; rows keep their order. */
export function groupContainers(
  rows: readonly ContainerRow[],
  mode: GroupMode
): ContainerGroupView[] {
  const groups = new Map<string, ContainerGroupView>()
  for (const c of rows) {
    const g = groupOf(c, mode)
    const key = g?.key ?? `none:${mode}`
    let group = groups.get(key)
    if (!group) {
      group = {
        key,
        label: g?.label ?? UNGROUPED[mode as keyof typeof UNGROUPED],
        ungrouped: !g,
        rows: [],
        running: 0
      }
      groups.set(key, group)
    }
    group.rows.push(c)
    if (c.state === 'running') group.running++
  }
  return [...groups.values()].sort(
    (a, b) => Number(a.ungrouped) - Number(b.ungrouped) || a.label.localeCompare(b.label)
  )
}

export type ListItem =
  | { kind: 'group'; group: ContainerGroupView; collapsed: boolean }
  | { kind: 'row'; row: ContainerRow }

export interface ListOptions {
  mode: GroupMode
  filter: StateFilter
  query: string
  sort: ContainerSort
  collapsed: ReadonlySet<string>
}

export interface ContainerListView {
  items: ListItem[]
  /** Rows that passed the filter and search (collapsed groups included). */
  matched: number
  total: number
}

/** Filter, sort, group, flatten: what the table renders, one fixed-height item per entry. */
export function containerListView(
  rows: readonly ContainerRow[],
  opts: ListOptions
): ContainerListView {
  const shown = filterContainers(rows, opts.filter, opts.query).sort(compareContainers(opts.sort))
  const items: ListItem[] = []
  if (opts.mode === 'none') {
    for (const row of shown) items.push({ kind: 'row', row })
  } else {
    for (const group of groupContainers(shown, opts.mode)) {
      const collapsed = opts.collapsed.has(group.key)
      items.push({ kind: 'group', group, collapsed })
      if (!collapsed) for (const row of group.rows) items.push({ kind: 'row', row })
    }
  }
  return { items, matched: shown.length, total: rows.length }
}
