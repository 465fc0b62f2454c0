// Runs in: renderer.
// The readiness the root element advertises as `data-app-state`, which the e2e tests wait on:
// ready once both first answers are in, error as soon as either failed.
import type { LoadStatus } from './servers'

export type AppState = LoadStatus

export function appState(system: LoadStatus, servers: LoadStatus): AppState {
  if (system === 'error' || servers === 'error') return 'error'
  if (system === 'ready' && servers === 'ready') return 'ready'
  return 'loading'
}
