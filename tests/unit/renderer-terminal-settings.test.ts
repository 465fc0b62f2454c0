// Terminal settings: the schema and its defaults, what a damaged stored value reads as, the
// store (applied at once, saved, put back when a save fails), and the repository through the API.
import { beforeEach, describe, expect, it } from 'vitest'
import { dispatchCall, toWireError } from '../../main/api/dispatch'
import { createHandlers } from '../../main/api/router'
import {
  readTerminalSettings,
  TERMINAL_DEFAULTS,
  terminalSettingsSchema
} from '../../main/core/settings/terminal'
import type { StoreDeps } from '../../renderer/src/stores/deps'
import {
  createTerminalSettingsActions,
  useTerminalSettings,
  validPatch
} from '../../renderer/src/stores/terminal-settings'
import { testCore } from '../support/core'

const ctx = () => ({ transport: 'test' as const, signal: new AbortController().signal })

describe('terminal settings schema', () => {
  it('has valid defaults', () => {
    expect(terminalSettingsSchema.parse(TERMINAL_DEFAULTS)).toEqual(TERMINAL_DEFAULTS)
  })

  it('reads nothing, junk or a partial value as a complete set', () => {
    expect(readTerminalSettings(undefined)).toEqual(TERMINAL_DEFAULTS)
    expect(readTerminalSettings('nope')).toEqual(TERMINAL_DEFAULTS)
    expect(readTerminalSettings({ fontSize: 400, scrollback: 1000, gpu: 'yes', extra: 1 })).toEqual(
      { ...TERMINAL_DEFAULTS, scrollback: 1000 }
    )
  })

  it('refuses a font family that could break out of CSS', () => {
    const font = terminalSettingsSchema.shape.fontFamily
    expect(font.safeParse("'JetBrains Mono', monospace").success).toBe(true)
    expect(font.safeParse('x; background: url(//evil)').success).toBe(false)
    expect(font.safeParse('a</style>').success).toBe(false)
    expect(font.safeParse('   ').success).toBe(false)
  })

  it('validPatch keeps only the fields valid as typed', () => {
    expect(validPatch({ fontSize: 1, scrollback: 2000 })).toEqual({ scrollback: 2000 })
    expect(validPatch({ fontSize: Number('') })).toEqual({})
  })
})

describe('terminal settings store', () => {
  beforeEach(() =>
    useTerminalSettings.setState({ settings: TERMINAL_DEFAULTS, status: 'loading', error: null })
  )

  function fake(fail = false) {
    const sent: unknown[] = []
    let stored = { ...TERMINAL_DEFAULTS, fontSize: 15 }
    const deps = {
      api: {
        call: async (method: string, input: { value?: object }) => {
          if (method === 'settings.get') return stored
          sent.push(input.value)
          if (fail) throw new Error('disk full')
          stored = { ...stored, ...input.value }
          return stored
        },
        stream: () => {
          throw new Error('no streams')
        }
      },
      describeError: (e: unknown) => ({ message: String(e), hint: 'retry' })
    } as unknown as StoreDeps
    return { deps, sent }
  }

  it('loads, applies a change at once and saves only the valid fields', async () => {
    const { deps, sent } = fake()
    const actions = createTerminalSettingsActions(deps)
    await actions.load()
    expect(useTerminalSettings.getState()).toMatchObject({
      status: 'ready',
      settings: { fontSize: 15 }
    })
    const saving = actions.update({ fontSize: 18, scrollback: -1 })
    expect(useTerminalSettings.getState().settings.fontSize).toBe(18)
    await saving
    expect(sent).toEqual([{ fontSize: 18 }])
    await actions.update({ fontSize: 3 })
    expect(sent).toHaveLength(1)
  })

  it('puts back the saved values when a save fails', async () => {
    const { deps } = fake(true)
    const actions = createTerminalSettingsActions(deps)
    await actions.load()
    await actions.update({ copyOnSelect: true })
    expect(useTerminalSettings.getState()).toMatchObject({
      settings: { copyOnSelect: false, fontSize: 15 },
      error: { hint: 'retry' }
    })
  })
})

describe('settings through the API', () => {
  it('stores a patch over the current values and reads it back', async () => {
    const core = testCore()
    const h = createHandlers(core)
    expect(await dispatchCall(h, 'settings.get', { key: 'terminal' }, ctx())).toEqual(
      TERMINAL_DEFAULTS
    )
    await dispatchCall(h, 'settings.set', { key: 'terminal', value: { fontSize: 16 } }, ctx())
    const after = await dispatchCall(
      h,
      'settings.set',
      { key: 'terminal', value: { copyOnSelect: true } },
      ctx()
    )
    expect(after).toEqual({ ...TERMINAL_DEFAULTS, fontSize: 16, copyOnSelect: true })
    expect(core.settings.terminal()).toEqual(after)
  })

  it('refuses unknown keys, unknown fields and out-of-range values', async () => {
    const h = createHandlers(testCore())
    for (const input of [
      { key: 'theme' },
      { key: 'terminal', value: { fontSize: 2 } },
      { key: 'terminal', value: { shell: '/bin/sh' } },
      { key: 'terminal', value: { scrollback: 1e9 } }
    ]) {
      const method = 'value' in input ? 'settings.set' : 'settings.get'
      const wire = await dispatchCall(h, method, input, ctx()).then(() => null, toWireError)
      expect(wire?.code, JSON.stringify(input)).toBe('invalid_input')
    }
  })

  it('a damaged stored row reads as defaults', () => {
    const core = testCore()
    core.db.prepare("INSERT INTO settings (key, value) VALUES ('terminal', '{not json')").run()
    expect(core.settings.terminal()).toEqual(TERMINAL_DEFAULTS)
  })
})
