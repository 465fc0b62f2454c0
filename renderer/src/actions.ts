// Runs in: renderer.
// Binds the store actions to the real API client. The one place besides api.ts that imports it,
// so everything under stores/ can be tested with a fake.
import { api, describeError } from './api'
import { createAddServerActions } from './stores/add-server'
import { createAppActions } from './stores/apps'
import { createClusterActions } from './stores/clusters'
import { createContainerActions } from './stores/containers'
import { createDbActions } from './stores/databases'
import { createEditServerActions } from './stores/edit-server'
import { createHostKeyActions, noticeHostKeyFailure } from './stores/host-key'
import { createImportActions } from './stores/import-ssh-config'
import { createJobActions } from './stores/jobs'
import { createMonitoringActions } from './stores/monitoring'
import { createServerOpsActions } from './stores/server-ops'
import { createServerStatusActions } from './stores/server-status'
import { createServerActions } from './stores/servers'
import { createSnippetActions } from './stores/snippets'
import { createStackActions } from './stores/stacks'
import { createSystemActions } from './stores/system'
import { createTerminalSettingsActions } from './stores/terminal-settings'

const deps = { api, describeError }
// A ping, check or update that meets a changed (or never verified) host key opens the server
// page's verification panel with the key main reported.
const onFailure = (server: { id: string }, failure: Parameters<typeof noticeHostKeyFailure>[1]) =>
  void noticeHostKeyFailure(server.id, failure)

export const serverActions = createServerActions(deps)
export const systemActions = createSystemActions(deps)
export const serverStatusActions = createServerStatusActions(deps)
export const serverOpsActions = createServerOpsActions({ ...deps, onFailure })
export const addServerActions = createAddServerActions({ ...deps, ops: serverOpsActions })
export const hostKeyActions = createHostKeyActions({
  ...deps,
  ops: serverOpsActions,
  applyServer: serverActions.applyServer
})
export const editServerActions = createEditServerActions({
  ...deps,
  applyServer: serverActions.applyServer,
  onFailure
})
export const importActions = createImportActions(deps)
export const jobActions = createJobActions(deps)
export const terminalSettingsActions = createTerminalSettingsActions(deps)
export const snippetActions = createSnippetActions(deps)
export const stackActions = createStackActions(deps)
export const monitoringActions = createMonitoringActions(deps)
export const containerActions = createContainerActions(deps)
export const appActions = createAppActions(deps)
export const clusterActions = createClusterActions(deps)
export const dbActions = createDbActions(deps)
