// Runs in: renderer.
// What `system.info` says about this Pier: version, data folder, transport. Asked once at start.
import { create } from 'zustand'
import type { SystemInfo } from '../../../main/api/contract'
import type { UiError } from '../lib/errors'
import type { StoreDeps } from './deps'
import type { LoadStatus } from './servers'

export interface SystemState {
  info: SystemInfo | null
  status: LoadStatus
  error: UiError | null
}

export const initialSystemState: SystemState = { info: null, status: 'loading', error: null }

export const useSystem = create<SystemState>()(() => ({ ...initialSystemState }))

export const systemSelectors = {
  info: (s: SystemState) => s.info,
  status: (s: SystemState) => s.status,
  error: (s: SystemState) => s.error,
  version: (s: SystemState) => s.info?.version ?? null,
  dataFolder: (s: SystemState) => s.info?.home ?? null
}

export interface SystemActions {
  load(): Promise<void>
}

export function createSystemActions(deps: StoreDeps): SystemActions {
  return {
    async load() {
      useSystem.setState({ status: 'loading', error: null })
      try {
        const info = await deps.api.call('system.info', {})
        useSystem.setState({ info, status: 'ready', error: null })
      } catch (err) {
        useSystem.setState({ status: 'error', error: deps.describeError(err) })
      }
    }
  }
}
