// `app.update` with `unset` (the env editor's way to remove variables) and `app.watch`, through
// the real dispatcher and router on a real core (no server is asked: both only touch SQLite and
// the keychain). A removed secret leaves the keychain; a variable can move between plain and
// secret in one update.
import { describe, expect, it } from 'vitest'
import { dispatchCall, dispatchStream } from '../../main/api/dispatch'
import { createHandlers } from '../../main/api/router'
import { createCore } from '../../main/core/core'
import { memoryKeychain } from '../support/memory-keychain'
import { tmpDir } from '../support/tmp'

const ctx = () => ({ transport: 'test' as const, signal: new AbortController().signal })

function setup() {
  const keychain = memoryKeychain()
  const core = createCore({ home: tmpDir('pier-unset-'), keychain })
  core.servers.record({ name: 'h1', host: '192.0.2.1', username: 'u', authMethod: 'agent' })
  return { core, keychain, handlers: createHandlers(core) }
}

describe('app.update --unset', () => {
  it('removes plain and secret variables, and moves one between the two', async () => {
    const { core, keychain, handlers } = setup()
    try {
      await dispatchCall(
        handlers,
        'app.create',
        {
          name: 'web',
          server: 'h1',
          image: 'nginx:1.27',
          env: ['KEEP=1', 'DROP=2', 'TO_SECRET=3'],
          secret: ['TOKEN', 'GONE', 'TO_PLAIN'],
          secretValues: { TOKEN: 't', GONE: 'g', TO_PLAIN: 'p' }
        },
        ctx()
      )
      expect(keychain.entries.size).toBe(3)
      await dispatchCall(
        handlers,
        'app.update',
        {
          name: 'web',
          env: ['TO_PLAIN=now plain'],
          secret: ['TO_SECRET'],
          secretValues: { TO_SECRET: 'now secret' },
          unset: ['DROP', 'GONE', 'TO_SECRET', 'TO_PLAIN']
        },
        ctx()
      )
      const app = core.apps.get('web')
      expect(app.spec.env).toEqual({ KEEP: '1', TO_PLAIN: 'now plain' })
      expect(app.spec.secretKeys.sort()).toEqual(['TOKEN', 'TO_SECRET'])
      const values = [...keychain.entries.values()].sort()
      expect(values).toEqual(['now secret', 't'])
    } finally {
      core.close()
    }
  })

  it('refuses an unset name that is not a variable name', async () => {
    const { core, handlers } = setup()
    try {
      await dispatchCall(
        handlers,
        'app.create',
        { name: 'web', server: 'h1', image: 'nginx' },
        ctx()
      )
      await expect(
        dispatchCall(handlers, 'app.update', { name: 'web', unset: ['A;rm -rf /'] }, ctx())
      ).rejects.toThrow(/environment variable name/)
    } finally {
      core.close()
    }
  })
})

describe('app.watch', () => {
  it('yields the list now and after each create', async () => {
    const { core, handlers } = setup()
    const abort = new AbortController()
    try {
      const it = dispatchStream(handlers, 'app.watch', {}, { ...ctx(), signal: abort.signal })[
        Symbol.asyncIterator
      ]()
      expect((await it.next()).value).toEqual([])
      await dispatchCall(
        handlers,
        'app.create',
        { name: 'web', server: 'h1', image: 'nginx' },
        ctx()
      )
      const next = (await it.next()).value as { name: string }[]
      expect(next.map((a) => a.name)).toEqual(['web'])
      abort.abort()
      await it.return?.()
    } finally {
      core.close()
    }
  })
})
