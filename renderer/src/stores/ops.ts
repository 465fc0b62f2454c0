// Runs in: renderer.
// Operations in flight on named things (deploy an app, restore a database), kept in a store by
// `${key}:${op}` so a page shows a spinner or the failure wherever it renders that thing. One
// op of a kind runs at a time per key; a second click while it runs does nothing.
import type { UiError } from '../lib/errors'

export interface OpEntry {
  status: 'running' | 'error' | 'done'
  error: UiError | null
  /** What a finished op reports (a restore's summary, a pulled file). */
  note?: string | null
}

export type OpMap = Record<string, OpEntry>

export interface OpsAccess {
  get(): OpMap
  update(fn: (ops: OpMap) => OpMap): void
}

export interface OpRunner<Op extends string> {
  setOp(key: string, op: Op, entry: OpEntry | null): void
  /** Resolves to the error (also kept on the op for the page), or null when done or busy. */
  run(key: string, op: Op, fn: () => Promise<unknown>): Promise<UiError | null>
}

export function opRunner<Op extends string>(
  ops: OpsAccess,
  describeError: (err: unknown) => UiError,
  /** Keep a finished op as `done` with the note its function returned, or forget it. */
  onDone: 'keep' | 'forget'
): OpRunner<Op> {
  const setOp = (key: string, op: Op, entry: OpEntry | null): void =>
    ops.update((all) => {
      const { [`${key}:${op}`]: _old, ...rest } = all
      return entry ? { ...rest, [`${key}:${op}`]: entry } : rest
    })

  async function run(key: string, op: Op, fn: () => Promise<unknown>): Promise<UiError | null> {
    if (ops.get()[`${key}:${op}`]?.status === 'running') return null
    setOp(key, op, { status: 'running', error: null })
    try {
      const note = await fn()
      setOp(
        key,
        op,
        onDone === 'keep'
          ? { status: 'done', error: null, note: typeof note === 'string' ? note : null }
          : null
      )
      return null
    } catch (err) {
      const error = describeError(err)
      setOp(key, op, { status: 'error', error })
      return error
    }
  }

  return { setOp, run }
}
