// Runs in: main, CLI, headless server.
// Binds app.autodeploy and app.ciKey to core.autodeploy.
import type { Core } from '../core/core'
import { PierError } from '../core/errors'
import type { ParsedInputOf } from './contract'

export function autodeployHandlers(core: Core) {
  return {
    'app.autodeploy': (i: ParsedInputOf<'app.autodeploy'>) => {
      if (i.pattern !== undefined && i.clearPattern)
        throw new PierError(
          'invalid_input',
          '--pattern and --clear-pattern contradict each other.',
          'Give one of them.'
        )
      const tagPattern = i.clearPattern ? null : i.pattern
      if (i.every === undefined && !i.off && tagPattern === undefined)
        return core.autodeploy.get(i.name)
      return core.autodeploy.set(i.name, { every: i.every, off: i.off, tagPattern })
    },
    'app.ciKey': (i: ParsedInputOf<'app.ciKey'>) => core.autodeploy.ciKey(i.name, i)
  }
}
