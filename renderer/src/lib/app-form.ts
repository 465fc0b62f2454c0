// Runs in: renderer (pure; no DOM).
// The create-app wizard's form and the env editor: their rules are the zod schemas main checks
// with (main/core/apps/model.ts, pure string schemas), so the form says exactly what the API
// would refuse, in the API's words, before anything is sent. The API still decides.
import { z } from 'zod'
import type { InputOf } from '../../../main/api/contract'
import { appImage, appName, envKey, envValue, portSpec } from '../../../main/core/apps/model'

// The renderer's CSP has no 'unsafe-eval': zod must not try to compile parsers with Function.
z.config({ jitless: true })

export const SOURCE_TABS = ['image', 'git', 'dir'] as const
export type SourceTab = (typeof SOURCE_TABS)[number]

export const SOURCE_LABELS: Record<SourceTab, string> = {
  image: 'Image',
  git: 'Git',
  dir: 'Local folder'
}

export interface EnvRow {
  key: string
  value: string
}

export interface AppForm {
  source: SourceTab
  name: string
  server: string
  image: string
  gitUrl: string
  gitRef: string
  dir: string
  dockerfile: string
  /** One "HOST:CONTAINER[/udp]" per row. */
  ports: string[]
  env: EnvRow[]
  /** Secret variables: their values go to the keychain only, never back to the screen. */
  secrets: EnvRow[]
  replicas: string
  healthCmd: string
  healthInterval: string
}

export const emptyForm = (server = ''): AppForm => ({
  source: 'image',
  name: '',
  server,
  image: '',
  gitUrl: '',
  gitRef: '',
  dir: '',
  dockerfile: '',
  ports: [],
  env: [],
  secrets: [],
  replicas: '1',
  healthCmd: '',
  healthInterval: '5'
})

export interface FormErrors {
  name?: string
  server?: string
  image?: string
  gitUrl?: string
  gitRef?: string
  dir?: string
  dockerfile?: string
  replicas?: string
  healthCmd?: string
  healthInterval?: string
  /** By row index. */
  ports: Record<number, string>
  env: Record<number, string>
  secrets: Record<number, string>
}

const issue = (r: { success: boolean; error?: { issues: { message: string }[] } }): string =>
  r.error?.issues[0]?.message ?? 'Not valid.'

/** The schema's message for a bad value, or null. */
function problem(schema: z.ZodType, value: string): string | null {
  const r = schema.safeParse(value)
  return r.success ? null : issue(r)
}

export function nameProblem(name: string): string | null {
  if (name === '') return 'Give the app a name.'
  return problem(appName, name)
}

export function imageProblem(image: string): string | null {
  if (image.trim() === '') return 'Give the image to run, such as nginx:1.27.'
  return problem(appImage, image.trim())
}

export function gitUrlProblem(url: string): string | null {
  const u = url.trim()
  if (u === '') return 'Give the repository URL (https://… or git@host:owner/repo.git).'
  if (u.startsWith('-')) return 'A URL cannot start with "-".'
  if (/^[a-z][a-z0-9+.-]*::/i.test(u)) return 'Transport helpers such as ext:: are not allowed.'
  if (/\s/.test(u)) return 'A URL has no spaces.'
  if (!/^(https?:\/\/|ssh:\/\/|git@[^:]+:)/.test(u))
    return 'Use an https://, ssh:// or git@host:path URL.'
  return null
}

export function gitRefProblem(ref: string): string | null {
  const r = ref.trim()
  if (r === '') return null
  if (r.startsWith('-')) return 'A ref cannot start with "-".'
  if (!/^[A-Za-z0-9._/-]{1,200}$/.test(r) || r.split('/').includes('..'))
    return 'A branch, tag or commit: letters, digits, ".", "_", "-" and "/".'
  return null
}

export function dirProblem(dir: string): string | null {
  if (dir.trim() === '') return 'Give the folder on this computer to deploy.'
  if (!dir.trim().startsWith('/') && !/^[A-Za-z]:[\\/]/.test(dir.trim()))
    return 'Give the full path of the folder.'
  return null
}

export function dockerfileProblem(path: string): string | null {
  const p = path.trim()
  if (p === '') return null
  if (p.startsWith('/')) return 'The Dockerfile path is relative to the source folder.'
  if (p.split(/[\\/]/).includes('..')) return 'The Dockerfile must be inside the source ("..").'
  if (/[\0\n\r]/.test(p)) return 'The path has a control character.'
  return null
}

/** Rows of KEY=value: each key valid, none twice (across `others` too), values without NUL. */
export function envRowProblems(
  rows: readonly EnvRow[],
  others: readonly string[] = [],
  requireValue = false
): Record<number, string> {
  const out: Record<number, string> = {}
  const seen = new Set(others)
  rows.forEach((row, i) => {
    const bad =
      (row.key === '' ? 'Give the variable a name.' : problem(envKey, row.key)) ??
      (seen.has(row.key) ? `${row.key} is set twice.` : null) ??
      (requireValue && row.value === '' ? 'Give the secret a value.' : null) ??
      problem(envValue, row.value)
    if (bad) out[i] = bad
    seen.add(row.key)
  })
  return out
}

export function portProblems(rows: readonly string[]): Record<number, string> {
  const out: Record<number, string> = {}
  const published = new Set<string>()
  rows.forEach((row, i) => {
    const r = portSpec.safeParse(row.trim())
    if (!r.success) {
      out[i] = issue(r)
      return
    }
    const key = `${r.data.published}/${r.data.protocol}`
    if (published.has(key)) out[i] = `Host port ${r.data.published} is published twice.`
    published.add(key)
  })
  return out
}

const intIn = (v: string, min: number, max: number): number | null => {
  if (!/^\d{1,6}$/.test(v.trim())) return null
  const n = Number(v)
  return n >= min && n <= max ? n : null
}

export function validateForm(f: AppForm): FormErrors {
  const e: FormErrors = { ports: {}, env: {}, secrets: {} }
  const set = <K extends keyof FormErrors>(k: K, v: FormErrors[K] | null): void => {
    if (v) e[k] = v
  }
  set('name', nameProblem(f.name))
  set('server', f.server === '' ? 'Choose the server it runs on.' : null)
  if (f.source === 'image') set('image', imageProblem(f.image))
  if (f.source === 'git') {
    set('gitUrl', gitUrlProblem(f.gitUrl))
    set('gitRef', gitRefProblem(f.gitRef))
  }
  if (f.source === 'dir') set('dir', dirProblem(f.dir))
  if (f.source !== 'image') set('dockerfile', dockerfileProblem(f.dockerfile))
  e.ports = portProblems(f.ports)
  e.env = envRowProblems(f.env)
  e.secrets = envRowProblems(
    f.secrets,
    f.env.map((r) => r.key),
    true
  )
  const replicas = intIn(f.replicas, 0, 100)
  set('replicas', replicas === null ? 'Replicas is a whole number, 0–100.' : null)
  if (replicas !== null && replicas > 1 && f.ports.length > 0)
    set(
      'replicas',
      'Published ports are bound on the server itself, so one server runs one replica of them.'
    )
  if (f.healthCmd.trim() !== '') {
    if (f.healthCmd.length > 4096) set('healthCmd', 'At most 4096 characters.')
    if (intIn(f.healthInterval, 1, 3600) === null)
      set('healthInterval', 'Seconds between checks, 1–3600.')
  }
  return e
}

export function hasErrors(e: FormErrors): boolean {
  return (
    Object.entries(e).some(([k, v]) => !['ports', 'env', 'secrets'].includes(k) && !!v) ||
    Object.keys(e.ports).length + Object.keys(e.env).length + Object.keys(e.secrets).length > 0
  )
}

export type CreateInput = InputOf<'app.create'>

/** What `app.create` gets: exactly one of `image`, `git` (with its `ref`) or `dir`. */
export function createInput(f: AppForm): CreateInput {
  const secretValues = Object.fromEntries(f.secrets.map((r) => [r.key, r.value]))
  const common = {
    name: f.name,
    server: f.server,
    ...(f.ports.length ? { port: f.ports.map((p) => p.trim()) } : {}),
    ...(f.env.length ? { env: f.env.map((r) => `${r.key}=${r.value}`) } : {}),
    ...(f.secrets.length ? { secret: f.secrets.map((r) => r.key), secretValues } : {}),
    replicas: Number(f.replicas),
    ...(f.healthCmd.trim()
      ? { healthCmd: f.healthCmd, healthInterval: Number(f.healthInterval) }
      : {})
  }
  if (f.source === 'image') return { ...common, image: f.image.trim() }
  const dockerfile = f.dockerfile.trim() ? { dockerfile: f.dockerfile.trim() } : {}
  if (f.source === 'git')
    return {
      ...common,
      git: f.gitUrl.trim(),
      ...(f.gitRef.trim() ? { ref: f.gitRef.trim() } : {}),
      ...dockerfile
    }
  return { ...common, dir: f.dir.trim(), ...dockerfile }
}

/**
 * The env editor's save: plain rows as they stand now, secrets that got a new value, and the
 * variables that went away (plain or secret).
 */
export function envChange(
  before: { env: Readonly<Record<string, string>>; secretKeys: readonly string[] },
  plain: readonly EnvRow[],
  secrets: readonly { key: string; value: string | null }[]
): { env: string[]; secret: string[]; secretValues: Record<string, string>; unset: string[] } {
  const keep = new Set([...plain.map((r) => r.key), ...secrets.map((s) => s.key)])
  const unset = [...Object.keys(before.env), ...before.secretKeys].filter((k) => !keep.has(k))
  // A key that moves between plain and secret is unset from its old side first.
  for (const r of plain) if (before.secretKeys.includes(r.key)) unset.push(r.key)
  for (const s of secrets) if (s.key in before.env) unset.push(s.key)
  const replaced = secrets.filter((s): s is EnvRow => s.value !== null)
  return {
    env: plain.map((r) => `${r.key}=${r.value}`),
    secret: replaced.map((s) => s.key),
    secretValues: Object.fromEntries(replaced.map((s) => [s.key, s.value])),
    unset: [...new Set(unset)]
  }
}
