// Runs in: renderer.
// The sidebar's pages, in order. The order is also the Ctrl/Cmd+1..9 order, so it lives in
// one list that the sidebar, the shortcuts and the top bar all read. Jobs and Containers come
// late: views across servers of what each server holds. Containers and then Clusters were added
// after the others, and at the end, so the shortcuts people already know keep their digits.
export const PAGE_IDS = [
  'servers',
  'apps',
  'databases',
  'backups',
  'monitoring',
  'terminals',
  'jobs',
  'containers',
  'clusters'
] as const
export type PageId = (typeof PAGE_IDS)[number]

export interface PageInfo {
  id: PageId
  title: string
  /** The empty state's heading. */
  emptyTitle: string
  /** What the page will hold, in one or two sentences, for its empty state. */
  about: string
}

export const PAGES: Record<PageId, PageInfo> = {
  servers: {
    id: 'servers',
    title: 'Servers',
    emptyTitle: 'No servers yet',
    about: 'The machines Pier manages over SSH.'
  },
  apps: {
    id: 'apps',
    title: 'Apps',
    emptyTitle: 'No apps yet',
    about:
      'Apps you deploy from a Docker image, a Git repository or a folder on this computer. Each runs as a Docker Swarm service on one of your servers, with its releases kept for rollback.'
  },
  databases: {
    id: 'databases',
    title: 'Databases',
    emptyTitle: 'No databases yet',
    about:
      'Databases such as Postgres, MySQL and Redis, running as services on your servers, with their passwords kept in your system keychain.'
  },
  backups: {
    id: 'backups',
    title: 'Backups',
    emptyTitle: 'No backups yet',
    about:
      'Scheduled database backups. They run from a cron entry on the server itself, so they keep working while this computer is off.'
  },
  monitoring: {
    id: 'monitoring',
    title: 'Monitoring',
    emptyTitle: 'No metrics yet',
    about:
      'CPU, memory and disk history for each server, recorded on the server by a small scheduled collector and read over SSH while Pier is open.'
  },
  terminals: {
    id: 'terminals',
    title: 'Terminals',
    emptyTitle: 'No terminals open',
    about: 'Shell sessions on your servers, over the SSH connection Pier already holds open.'
  },
  jobs: {
    id: 'jobs',
    title: 'Jobs',
    emptyTitle: 'No jobs yet',
    about:
      'Deploys, builds, restores and scripts that run detached on your servers, so they finish even if this computer sleeps. Their logs are copied here as they run.'
  },
  containers: {
    id: 'containers',
    title: 'Containers',
    emptyTitle: 'No containers yet',
    about:
      "Every server's Docker containers in one live list, with their logs, stats and details, and each server's images, volumes and networks."
  },
  clusters: {
    id: 'clusters',
    title: 'Clusters',
    emptyTitle: 'No clusters yet',
    about:
      'Several servers as one Docker Swarm: services spread their replicas over the nodes and move off a node that goes down. Pier forms the swarm from servers you added, over their own SSH connections, and copies images between nodes without a registry.'
  }
}

export function isPageId(value: unknown): value is PageId {
  return typeof value === 'string' && (PAGE_IDS as readonly string[]).includes(value)
}
