// Runs in: renderer.
// Page navigation. Real buttons, so Tab, Enter and Space work without extra code; the current
// page is announced with aria-current.
import type { JSX } from 'react'
import { ariaShortcut, shortcutLabel } from '../lib/shortcuts'
import { PAGE_IDS, PAGES, type PageId } from '../pages/pages'
import { setPage, uiSelectors, useUi } from '../stores/ui'
import { AboutFooter } from './AboutFooter'
import {
  AppsIcon,
  BackupsIcon,
  ClustersIcon,
  ContainersIcon,
  DatabasesIcon,
  JobsIcon,
  MonitoringIcon,
  PierMark,
  ServersIcon,
  TerminalsIcon
} from './icons'

const ICONS: Record<PageId, () => JSX.Element> = {
  servers: () => <ServersIcon />,
  apps: () => <AppsIcon />,
  databases: () => <DatabasesIcon />,
  backups: () => <BackupsIcon />,
  monitoring: () => <MonitoringIcon />,
  terminals: () => <TerminalsIcon />,
  jobs: () => <JobsIcon />,
  containers: () => <ContainersIcon />,
  clusters: () => <ClustersIcon />
}

export function Sidebar({ mac }: { mac: boolean }): JSX.Element {
  const current = useUi(uiSelectors.page)
  return (
    <aside className="sidebar">
      <div className="brand">
        <PierMark size={22} />
        <span className="brand-name">Pier</span>
      </div>
      <nav className="nav" aria-label="Main">
        <ul>
          {PAGE_IDS.map((id) => {
            const shortcut = shortcutLabel(id, mac)
            return (
              <li key={id}>
                <button
                  type="button"
                  className="nav-item"
                  aria-current={current === id ? 'page' : undefined}
                  aria-keyshortcuts={ariaShortcut(id, mac)}
                  title={`${PAGES[id].title} (${shortcut})`}
                  data-page={id}
                  onClick={() => setPage(id)}
                >
                  <span className="nav-icon">{ICONS[id]()}</span>
                  <span className="nav-label">{PAGES[id].title}</span>
                  <kbd className="nav-kbd">{shortcut}</kbd>
                </button>
              </li>
            )
          })}
        </ul>
      </nav>
      <AboutFooter />
    </aside>
  )
}
