// Runs in: renderer.
// What store actions need from the outside world. Actions receive it instead of importing
// ../api, so they run under unit tests with a fake, and only actions.ts binds the real client.
// Everything under stores/ and lib/ stays free of DOM globals for the same reason: the unit
// tests type-check those files with the node-side tsconfig.
import type { ApiClient } from '../../../main/api/client'
import type { UiError } from '../lib/errors'

export interface StoreDeps {
  api: Pick<ApiClient, 'call' | 'stream'>
  describeError: (err: unknown) => UiError
}
