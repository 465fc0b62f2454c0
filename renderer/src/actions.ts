// Runs in: renderer.
// Binds the store actions to the real API client. The one place besides api.ts that imports it,
// so everything under stores/ can be tested with a fake.
import { api, describeError } from './api'
import { createAddServerActions } from './stores/add-server'
import { createServerOpsActions } from './stores/server-ops'
import { createServerStatusActions } from './stores/server-status'
import { createServerActions } from './stores/servers'
import { createSystemActions } from './stores/system'

const deps = { api, describeError }

export const serverActions = createServerActions(deps)
export const systemActions = createSystemActions(deps)
export const serverStatusActions = createServerStatusActions(deps)
export const serverOpsActions = createServerOpsActions(deps)
export const addServerActions = createAddServerActions({ ...deps, ops: serverOpsActions })
