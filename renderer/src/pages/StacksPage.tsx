// Runs in: renderer.
// Compose stacks and templates: the stacks on every server with their status and actions, a
// form to deploy a pasted compose file, and the template gallery. A deploy started here shows
// its job's log live below.
import { useEffect, useMemo, useState, type JSX } from 'react'
import { stackActions } from '../actions'
import { NoServersState } from '../components/NoServersState'
import { ErrorBanner } from '../components/ErrorBanner'
import { StacksIcon } from '../components/icons'
import { serverSelectors, useServers } from '../stores/servers'
import { stackSelectors, useStacks } from '../stores/stacks'
import { DeployLog } from './stacks/DeployLog'
import { DeployStackForm } from './stacks/DeployStackForm'
import { StackList } from './stacks/StackList'
import { TemplateGallery } from './stacks/TemplateGallery'

type Tab = 'stacks' | 'templates'

export function StacksPage(): JSX.Element {
  const empty = useServers(serverSelectors.isEmpty)
  const servers = useServers(serverSelectors.servers)
  const names = useMemo(() => servers.map((s) => s.name), [servers])
  const stacks = useStacks(stackSelectors.stacks)
  const error = useStacks(stackSelectors.error)
  const actionError = useStacks(stackSelectors.actionError)
  const busy = useStacks(stackSelectors.busy)
  const deploy = useStacks(stackSelectors.deploy)
  const [tab, setTab] = useState<Tab>('stacks')

  useEffect(() => {
    void stackActions.load()
    // Status changes on the server (a deploy converging): look again now and then.
    const t = setInterval(() => void stackActions.load(), 5000)
    return () => clearInterval(t)
  }, [])

  if (empty) {
    return <NoServersState page="stacks" icon={<StacksIcon size={22} />} what="Stacks run" />
  }

  return (
    <div className="stacks-page">
      <div className="page-tabs-row">
        <div className="page-tabs" role="tablist" aria-label="Stacks">
          {(['stacks', 'templates'] as const).map((t) => (
            <button
              key={t}
              type="button"
              role="tab"
              aria-selected={tab === t}
              className="page-tab"
              data-tab={t}
              onClick={() => setTab(t)}
            >
              {t === 'stacks' ? 'Stacks' : 'Templates'}
            </button>
          ))}
        </div>
      </div>
      {error && (
        <ErrorBanner
          title="The stacks could not be listed."
          error={error}
          onRetry={stackActions.load}
        />
      )}
      {actionError && <ErrorBanner title="That did not work." error={actionError} />}
      {tab === 'stacks' ? (
        <>
          <StackList stacks={stacks} busy={busy} />
          <DeployStackForm servers={names} busy={busy} />
        </>
      ) : (
        <TemplateGallery servers={names} busy={busy} />
      )}
      {deploy && <DeployLog key={deploy.jobId} deploy={deploy} />}
    </div>
  )
}
