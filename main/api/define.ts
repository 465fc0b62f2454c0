// Runs in: main, preload and renderer (pure data: zod schemas and types, no Node or DOM imports).
// How a contract method is declared: its kind, input and output schemas, and its CLI shape.
import type { z } from 'zod'

export type MethodKind = 'query' | 'mutation' | 'stream'

export interface MethodDef<I extends z.ZodType, O extends z.ZodType, K extends MethodKind> {
  kind: K
  input: I
  output: O
  /** One line for `pier help` and the docs. */
  summary: string
  /** Input fields the CLI takes as positional words, in order (`pier server add NAME`). */
  args?: readonly string[]
  /** Secret input fields: the CLI reads them from stdin (--password-stdin), never from argv. */
  secrets?: readonly string[]
  /** Only for a live viewer (a window or a served page); not a `pier` command. */
  viewerOnly?: boolean
  /**
   * Secret values named on the command line: the CLI takes the names from the repeatable
   * `names` flag (`--secret K`) and reads their values from stdin or a prompt into `values`.
   */
  secretValues?: { names: string; values: string }
}

type Def<I extends z.ZodType, O extends z.ZodType> = {
  input: I
  output: O
  summary: string
  args?: readonly string[]
  secrets?: readonly string[]
  viewerOnly?: boolean
  secretValues?: { names: string; values: string }
}
const def =
  <K extends MethodKind>(kind: K) =>
  <I extends z.ZodType, O extends z.ZodType>(d: Def<I, O>) =>
    ({ kind, ...d }) as MethodDef<I, O, K>
export const query = def('query')
export const mutation = def('mutation')
export const stream = def('stream')
