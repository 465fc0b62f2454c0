// The terminal tab model: titles, activation, closing (and what needs confirming), reopening,
// cycling, and session news stamped with the tab's epoch.
import { beforeEach, describe, expect, it } from 'vitest'
import {
  endStatus,
  needsCloseConfirmation,
  resetTerminals,
  terminalActions as t,
  terminalSelectors,
  uniqueTitle,
  useTerminals
} from '../../renderer/src/stores/terminals'

const state = () => useTerminals.getState()
const titles = () => state().tabs.map((x) => x.title)
const tab = (id: string) => terminalSelectors.tab(id)(state())!

beforeEach(resetTerminals)

describe('terminal tabs', () => {
  it('opens tabs active, titled by server, numbered when the name repeats', () => {
    const a = t.open('shell', { server: 'web' })
    const b = t.open('shell', { server: 'web' })
    const c = t.open('shell', { server: 'db' })
    const d = t.open('container', { server: 'web', container: 'api' })
    expect(titles()).toEqual(['web', 'web (2)', 'db', 'web: api'])
    expect(state().activeId).toBe(d)
    expect(tab(a)).toMatchObject({ kind: 'shell', status: 'connecting', epoch: 1 })
    expect(tab(d)).toMatchObject({ kind: 'container', target: { server: 'web', container: 'api' } })
    t.close(b)
    t.open('shell', { server: 'web' })
    expect(titles()).toEqual(['web', 'db', 'web: api', 'web (2)'])
    expect(c).toBeTruthy()
  })

  it('uniqueTitle skips numbers in use', () => {
    expect(uniqueTitle('web', [])).toBe('web')
    expect(uniqueTitle('web', ['web', 'web (2)', 'web (4)'])).toBe('web (3)')
  })

  it('closing the active tab activates its neighbour; others keep the active one', () => {
    const a = t.open('shell', { server: 'a' })
    const b = t.open('shell', { server: 'b' })
    const c = t.open('shell', { server: 'c' })
    t.activate(b)
    t.close(b)
    expect(state().activeId).toBe(c)
    t.close(c)
    expect(state().activeId).toBe(a)
    const d = t.open('shell', { server: 'd' })
    t.close(a)
    expect(state().activeId).toBe(d)
    t.close(d)
    expect(state().activeId).toBeNull()
    t.close('nope')
    expect(state().tabs).toEqual([])
  })

  it('asks before closing a tab whose shell may be running', () => {
    const a = t.open('shell', { server: 'a' })
    expect(needsCloseConfirmation(tab(a))).toBe(true)
    t.ready(a, 1, 'f'.repeat(24))
    expect(needsCloseConfirmation(tab(a))).toBe(true)
    t.ended(a, 1, 0, null)
    expect(needsCloseConfirmation(tab(a))).toBe(false)
  })

  it('reopens the last closed tab with a fresh session, keeping a name the user gave', () => {
    const a = t.open('shell', { server: 'web' })
    t.rename(a, '  prod logs  ')
    t.close(a)
    t.open('shell', { server: 'db' })
    const b = state().tabs[0]!.id
    t.close(b)
    expect(t.reopen()).not.toBeNull()
    expect(titles()).toEqual(['db'])
    t.reopen()
    expect(titles()).toEqual(['db', 'prod logs'])
    const reopened = state().tabs[1]!
    expect(reopened).toMatchObject({ renamed: true, status: 'connecting', epoch: 1 })
    expect(state().activeId).toBe(reopened.id)
    expect(t.reopen()).toBeNull()
    expect(terminalSelectors.canReopen(state())).toBe(false)
  })

  it('renaming to nothing restores the default title', () => {
    const a = t.open('shell', { server: 'web' })
    t.rename(a, 'x'.repeat(200))
    expect(tab(a).title).toHaveLength(80)
    t.rename(a, '   ')
    expect(tab(a)).toMatchObject({ title: 'web', renamed: false })
  })

  it('cycles through tabs both ways, wrapping', () => {
    const a = t.open('shell', { server: 'a' })
    const b = t.open('shell', { server: 'b' })
    const c = t.open('shell', { server: 'c' })
    t.cycle(1)
    expect(state().activeId).toBe(a)
    t.cycle(1)
    expect(state().activeId).toBe(b)
    t.cycle(-1)
    t.cycle(-1)
    expect(state().activeId).toBe(c)
    resetTerminals()
    t.cycle(1)
    expect(state().activeId).toBeNull()
  })

  it('reads a session end: exit code or signal is an exit, neither is a lost connection', () => {
    expect(endStatus(0, null)).toBe('exited')
    expect(endStatus(null, 'KILL')).toBe('exited')
    expect(endStatus(null, null)).toBe('lost')
  })

  it('records session news only for the current epoch; restart starts a new one', () => {
    const a = t.open('shell', { server: 'web' })
    t.ready(a, 1, 'a'.repeat(24))
    expect(tab(a)).toMatchObject({ status: 'open', sessionId: 'a'.repeat(24) })
    t.ended(a, 1, 3, null)
    expect(tab(a)).toMatchObject({ status: 'exited', exitCode: 3, sessionId: null })
    t.restart(a)
    expect(tab(a)).toMatchObject({ status: 'connecting', epoch: 2, exitCode: null })
    // The old session's late news changes nothing.
    t.failed(a, 1, { message: 'old', hint: '' }, true)
    expect(tab(a).status).toBe('connecting')
    t.failed(a, 2, { message: 'refused', hint: 'check sshd' }, false)
    expect(tab(a)).toMatchObject({ status: 'failed', error: { message: 'refused' } })
    t.restart(a)
    t.ready(a, 3, 'b'.repeat(24))
    t.failed(a, 3, { message: 'The connection to Pier closed.', hint: '' }, true)
    expect(tab(a).status).toBe('lost')
  })
})
