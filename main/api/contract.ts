// Runs in: main, preload and renderer (pure data: zod schemas and types, no Node or DOM imports).
// The one contract every transport serves: Electron IPC, the `pier` CLI and `pier serve`.
// Each method has an input schema (checked in main before any handler runs), an output schema
// (the type the caller gets) and a kind: `query`/`mutation` answer once, `stream` yields values.
import { z } from 'zod'
import { serverSchema } from '../core/servers/model'
import { keychainStatusSchema } from '../core/secrets/status'

export type MethodKind = 'query' | 'mutation' | 'stream'

export interface MethodDef<I extends z.ZodType, O extends z.ZodType, K extends MethodKind> {
  kind: K
  input: I
  output: O
  /** One line for `pier help` and the docs. */
  summary: string
}

const def =
  <K extends MethodKind>(kind: K) =>
  <I extends z.ZodType, O extends z.ZodType>(d: { input: I; output: O; summary: string }) =>
    ({ kind, ...d }) as MethodDef<I, O, K>
const query = def('query')
const stream = def('stream')

export const serverSummary = serverSchema
export type ServerSummary = z.infer<typeof serverSummary>

export const systemInfo = z.object({
  version: z.string(),
  home: z.string(),
  database: z.string(),
  schemaVersion: z.number().int(),
  platform: z.string(),
  transport: z.enum(['electron', 'cli', 'headless', 'test'])
})
export type SystemInfo = z.infer<typeof systemInfo>
export type Transport = SystemInfo['transport']

export const keychainStatus = keychainStatusSchema

const empty = z.object({}).strict()

export const contract = {
  'system.info': query({
    input: empty,
    output: systemInfo,
    summary: 'Show the Pier version, the data folder and the database schema version.'
  }),
  'system.keychain': query({
    input: empty,
    output: keychainStatus,
    summary: 'Check that the OS keychain can store and return a secret.'
  }),
  'server.list': query({
    input: empty,
    output: z.array(serverSummary),
    summary: 'List the servers Pier knows.'
  }),
  'server.watch': stream({
    input: empty,
    output: z.array(serverSummary),
    summary: 'Stream the server list: now, then again after every change.'
  })
} as const

export type Contract = typeof contract
export type Method = keyof Contract
export type InputOf<M extends Method> = z.input<Contract[M]['input']>
export type ParsedInputOf<M extends Method> = z.output<Contract[M]['input']>
export type OutputOf<M extends Method> = z.output<Contract[M]['output']>
export type StreamMethod = {
  [M in Method]: Contract[M]['kind'] extends 'stream' ? M : never
}[Method]
export type CallMethod = Exclude<Method, StreamMethod>

export function isMethod(name: string): name is Method {
  return Object.prototype.hasOwnProperty.call(contract, name)
}
