// Runs in: renderer.
// Docker on every server: the containers of all of them in one live list (with the open
// container's detail beside it), and one server's images, volumes and networks. The page owns
// the `docker.watch` while it is shown, and starts a fresh one when the set of servers changes.
import { useEffect, useMemo, useState, type JSX } from 'react'
import { containerActions } from '../actions'
import { EmptyState } from '../components/EmptyState'
import { ContainersIcon } from '../components/icons'
import type { ContainerRow } from '../../../main/core/docker/model'
import { containerSelectors, useContainers } from '../stores/containers'
import { serverSelectors, useServers } from '../stores/servers'
import { setPage } from '../stores/ui'
import { ContainerDrawer } from './containers/ContainerDrawer'
import { ContainerList } from './containers/ContainerList'
import { ImagesPanel } from './containers/ImagesPanel'
import { NetworksPanel } from './containers/NetworksPanel'
import { RemoveContainerDialog } from './containers/RemoveContainerDialog'
import { ServerPicker } from './containers/ServerPicker'
import { VolumesPanel } from './containers/VolumesPanel'
import { PAGES } from './pages'

const TABS = ['containers', 'images', 'volumes', 'networks'] as const
type Tab = (typeof TABS)[number]
const TAB_LABEL: Record<Tab, string> = {
  containers: 'Containers',
  images: 'Images',
  volumes: 'Volumes',
  networks: 'Networks'
}

export function ContainersPage(): JSX.Element {
  const empty = useServers(serverSelectors.isEmpty)
  const servers = useServers(serverSelectors.servers)
  const names = useMemo(() => servers.map((s) => s.name), [servers])
  const serverKey = names.join('\n')
  const epoch = useContainers(containerSelectors.watchEpoch)
  const selected = useContainers(containerSelectors.selected)
  const [tab, setTab] = useState<Tab>('containers')
  const [picked, setPicked] = useState<string | null>(null)
  const [removing, setRemoving] = useState<ContainerRow | null>(null)
  const server = picked && names.includes(picked) ? picked : (names[0] ?? null)

  useEffect(() => {
    if (!serverKey) return
    return containerActions.watch()
  }, [epoch, serverKey])

  if (empty) {
    const info = PAGES.containers
    return (
      <EmptyState
        icon={<ContainersIcon size={22} />}
        title={info.emptyTitle}
        labelledBy="containers-empty-title"
      >
        <p className="lead">{info.about}</p>
        <div className="callout">
          <p>Containers run on your servers, so add a server first.</p>
          <button
            type="button"
            className="button button-primary"
            onClick={() => setPage('servers')}
          >
            Go to Servers
          </button>
        </div>
      </EmptyState>
    )
  }

  return (
    <div className="containers-page" data-drawer={selected ? 'open' : undefined}>
      <div className="page-tabs-row">
        <div className="page-tabs" role="tablist" aria-label="Docker">
          {TABS.map((t) => (
            <button
              key={t}
              type="button"
              role="tab"
              aria-selected={tab === t}
              className="page-tab"
              data-tab={t}
              onClick={() => setTab(t)}
            >
              {TAB_LABEL[t]}
            </button>
          ))}
        </div>
        {tab !== 'containers' && server && (
          <ServerPicker servers={names} value={server} onChange={setPicked} />
        )}
      </div>
      {tab === 'containers' && <ContainerList />}
      {tab === 'images' && server && <ImagesPanel key={server} server={server} />}
      {tab === 'volumes' && server && <VolumesPanel key={server} server={server} />}
      {tab === 'networks' && server && <NetworksPanel key={server} server={server} />}
      {tab === 'containers' && selected && (
        <ContainerDrawer row={selected} onRemove={setRemoving} />
      )}
      {removing && <RemoveContainerDialog row={removing} onClose={() => setRemoving(null)} />}
    </div>
  )
}
